import { logPartitionsStep, PARTITION_DAYS_AHEAD } from './log-partitions.js';
import type { MaintenanceStep } from './run-maintenance.js';
import { statsRetentionStep } from './stats-retention.js';

export interface MaintenanceSettings {
  /** LOG_RETENTION_DAYS. */
  logRetentionDays: number;
}

/**
 * The maintenance's steps, in the order they run under the lock. A concern with data of its own to expire (e.g. a
 * statistics rollup) adds its step here, and its store to `MaintenanceStores`.
 */
export function maintenanceSteps(settings: MaintenanceSettings): MaintenanceStep[] {
  return [
    logPartitionsStep({ retentionDays: settings.logRetentionDays, daysAhead: PARTITION_DAYS_AHEAD }),
    statsRetentionStep(settings.logRetentionDays),
  ];
}
