import type { Logger } from '../ingestion/ports.js';
import { describe, type MaintenanceReport } from './run-maintenance.js';

/** How often each instance tries the maintenance (one of them, holding the lock, does it). */
export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;

/**
 * Runs the maintenance at start and then every `intervalMs`, in the background: its timer never keeps the process
 * alive, a run never overlaps the previous one of this process, and a failure is logged, never thrown.
 */
export class MaintenanceSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<MaintenanceReport | null> | null = null;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<MaintenanceReport>,
    private readonly logger: Logger,
    private readonly intervalMs: number = MAINTENANCE_INTERVAL_MS,
  ) {}

  /** Runs now, then every interval, until `stop`. Starting twice does nothing more. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs).unref();
    void this.runNow();
  }

  /**
   * One run now, logged; joins the run in progress if there is one. Resolves with its report, or null when it
   * failed (logged) or the schedule is stopped.
   */
  runNow(): Promise<MaintenanceReport | null> {
    if (this.stopped) return Promise.resolve(null);
    this.running ??= this.runLogged().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** No further runs; resolves once the run in progress (if any) is over. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async runLogged(): Promise<MaintenanceReport | null> {
    let report: MaintenanceReport;
    try {
      report = await this.run();
    } catch (error) {
      this.logger.warn({ err: error }, `maintenance: could not run (${describe(error)}); retrying at the next run`);
      return null;
    }
    if (!report.ran) {
      this.logger.info({}, `maintenance: skipped, ${report.reason}`);
      return report;
    }
    for (const step of report.steps) {
      if (step.summary) this.logger.info({ step: step.step }, `maintenance: ${step.step}: ${step.summary}`);
      for (const problem of step.problems)
        this.logger.warn({ step: step.step }, `maintenance: ${step.step}: ${problem}; retrying at the next run`);
    }
    return report;
  }
}
