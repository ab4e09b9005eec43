import type { MaintenanceRunner, MaintenanceStores } from './ports.js';

/** What one step did. */
export interface StepOutcome<Details = unknown> {
  /** What it did, in a few words for the server log; empty when there was nothing to do. */
  summary: string;
  /** What it could not do, each in a few words (the next run tries again). */
  problems: string[];
  details: Details;
}

/** One concern of the maintenance (e.g. the request log partitions); run in list order, each on its own. */
export interface MaintenanceStep<Details = unknown> {
  readonly name: string;
  run(stores: MaintenanceStores, now: Date): Promise<StepOutcome<Details>>;
}

export interface StepReport extends StepOutcome {
  step: string;
}

export type MaintenanceReport =
  { ran: true; steps: StepReport[] } | { ran: false; reason: 'another instance holds the maintenance lock' };

/**
 * Runs the steps under the maintenance lock, or skips at once when another instance holds it. A step that fails is
 * reported and the next one still runs; nothing here throws but a failure to reach the database (or the lock).
 */
export async function runMaintenance(
  runner: MaintenanceRunner,
  steps: readonly MaintenanceStep[],
  now: () => Date,
): Promise<MaintenanceReport> {
  const outcome = await runner.exclusive(async (stores) => {
    const reports: StepReport[] = [];
    for (const step of steps) {
      try {
        reports.push({ step: step.name, ...(await step.run(stores, now())) });
      } catch (error) {
        reports.push({ step: step.name, summary: '', problems: [describe(error)], details: null });
      }
    }
    return reports;
  });
  return outcome.ran
    ? { ran: true, steps: outcome.value }
    : { ran: false, reason: 'another instance holds the maintenance lock' };
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
