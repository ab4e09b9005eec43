import { runMaintenance, type MaintenanceReport } from '../../application/maintenance/run-maintenance.js';
import { maintenanceSteps, type MaintenanceSettings } from '../../application/maintenance/steps.js';
import { PgMaintenanceRunner, type PgMaintenanceRunnerOptions } from './pg-maintenance-runner.js';

export { MAINTENANCE_LOCK_KEY, PgMaintenanceRunner } from './pg-maintenance-runner.js';

/**
 * One maintenance run of the database at `databaseUrl` (every step, under the lock) each time the function is
 * called: what the server schedules and `pnpm cli logs:maintain` runs once.
 */
export function pgMaintenance(
  databaseUrl: string,
  settings: MaintenanceSettings,
  options: PgMaintenanceRunnerOptions & { clock?: () => number } = {},
): () => Promise<MaintenanceReport> {
  const runner = new PgMaintenanceRunner(databaseUrl, options);
  const steps = maintenanceSteps(settings);
  const clock = options.clock ?? Date.now;
  return () => runMaintenance(runner, steps, () => new Date(clock()));
}
