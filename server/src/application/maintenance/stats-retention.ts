import type { MaintenanceStep, StepOutcome } from './run-maintenance.js';

/** Hour rows of the statistics rollup are kept this long: charts by hour or day outlive the logs. */
export const STATS_HOUR_RETENTION_DAYS = 400;

export interface StatsRetentionDetails {
  /** Minute rows deleted: their minute is older than the log retention. */
  minutesDeleted: number;
  /** Hour rows deleted: their hour is older than STATS_HOUR_RETENTION_DAYS. */
  hoursDeleted: number;
}

/** The boundaries at `now`: rollup rows for buckets before them have expired (UTC day starts, like the logs'). */
export function statsExpiry(now: Date, logRetentionDays: number): { minutesBefore: Date; hoursBefore: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = 86_400_000;
  return {
    minutesBefore: new Date(today - logRetentionDays * day),
    hoursBefore: new Date(today - Math.max(STATS_HOUR_RETENTION_DAYS, logRetentionDays) * day),
  };
}

/**
 * The statistics rollup's retention: minute rows go with the logs they count (so that minute figures always equal
 * the logs that are kept), hour rows after 400 days (or the log retention, if longer).
 */
export function statsRetentionStep(logRetentionDays: number): MaintenanceStep<StatsRetentionDetails> {
  return {
    name: 'statistics rollup',
    async run({ statsRollup }, now): Promise<StepOutcome<StatsRetentionDetails>> {
      const { minutesBefore, hoursBefore } = statsExpiry(now, logRetentionDays);
      const minutesDeleted = await statsRollup.deleteMinutesBefore(minutesBefore);
      const hoursDeleted = await statsRollup.deleteHoursBefore(hoursBefore);
      const parts = [
        minutesDeleted > 0 ? `${minutesDeleted} minute rows before ${minutesBefore.toISOString()}` : '',
        hoursDeleted > 0 ? `${hoursDeleted} hour rows before ${hoursBefore.toISOString()}` : '',
      ].filter(Boolean);
      return {
        summary: parts.length > 0 ? `deleted ${parts.join(' and ')}` : '',
        problems: [],
        details: { minutesDeleted, hoursDeleted },
      };
    },
  };
}
