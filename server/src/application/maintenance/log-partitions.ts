import type { Day } from './ports.js';
import { describe, type MaintenanceStep, type StepOutcome } from './run-maintenance.js';

/** Partitions exist for today and this many days after it (UTC), so that a day's requests never wait for one. */
export const PARTITION_DAYS_AHEAD = 7;

export interface LogRetentionSettings {
  /** Request logs are kept at least this many whole days before today (LOG_RETENTION_DAYS, ≥ 1). */
  retentionDays: number;
  /** Partitions are prepared this many days past today. */
  daysAhead: number;
}

/** What the request log partitions hold now. */
export interface LogPartitionState {
  /** The days that have a partition. */
  days: readonly Day[];
  /** The days of the rows in the default partition. */
  daysInDefault: readonly Day[];
}

export interface LogPartitionPlan {
  /** Days to give a partition: today and the days ahead that lack one, and unexpired days of default rows. */
  create: Day[];
  /** Days whose partition holds only expired logs: its upper bound is at or before `expiredBefore`. */
  drop: Day[];
  /** The start (00:00 UTC) of the oldest day kept: logs received before it have expired. */
  expiredBefore: Date;
  /** Whether the default partition holds expired rows (deleted rather than given a partition to drop). */
  deleteExpiredDefaultRows: boolean;
}

/**
 * Which partitions to create and drop at `now`: pure, so that the boundaries are tested without a database. Today
 * and later are never dropped (retentionDays ≥ 1 keeps yesterday too); the default partition is never dropped.
 */
export function planLogPartitions(
  now: Date,
  settings: LogRetentionSettings,
  state: LogPartitionState,
): LogPartitionPlan {
  if (!Number.isInteger(settings.retentionDays) || settings.retentionDays < 1)
    throw new Error(`The log retention must be a whole number of days, at least 1 (not ${settings.retentionDays}).`);
  const today = dayOf(now);
  const firstKept = addDays(today, -settings.retentionDays);
  const existing = new Set(state.days);
  const wanted = new Set<Day>();
  for (let ahead = 0; ahead <= settings.daysAhead; ahead++) wanted.add(addDays(today, ahead));
  for (const day of state.daysInDefault) if (day >= firstKept) wanted.add(day);
  return {
    create: [...wanted].filter((day) => !existing.has(day)).sort(),
    drop: state.days.filter((day) => day < firstKept).sort(),
    expiredBefore: startOf(firstKept),
    deleteExpiredDefaultRows: state.daysInDefault.some((day) => day < firstKept),
  };
}

export interface LogPartitionsDetails {
  /** Partitions created (today's and the days ahead, or a day the default partition held rows of). */
  created: string[];
  /** Rows moved out of the default partition into the partition of their day. */
  moved: { partition: string; rows: number }[];
  /** Partitions dropped, with their logs, because their day has expired. */
  dropped: string[];
  /** Expired rows deleted from the default partition. */
  deletedFromDefault: number;
}

/**
 * The request log retention: prepares the partitions of today and the days ahead, moves rows that landed in the
 * default partition into their day's, and drops the days that have expired. Each change is done, or fails, on its
 * own; what failed is reported and tried again at the next run. Creations come first: ingestion needs them more
 * than the disk needs the drops.
 */
export function logPartitionsStep(settings: LogRetentionSettings): MaintenanceStep<LogPartitionsDetails> {
  return {
    name: 'request log partitions',
    async run({ logPartitions: store }, now): Promise<StepOutcome<LogPartitionsDetails>> {
      const [days, daysInDefault] = [await store.partitionDays(), await store.daysInDefault()];
      const plan = planLogPartitions(now, settings, { days, daysInDefault });
      const details: LogPartitionsDetails = { created: [], moved: [], dropped: [], deletedFromDefault: 0 };
      const problems: string[] = [];
      for (const day of plan.create) {
        try {
          const { partition, movedRows } = await store.createPartition(day);
          details.created.push(partition);
          if (movedRows > 0) details.moved.push({ partition, rows: movedRows });
        } catch (error) {
          problems.push(`creating the partition of ${day}: ${describe(error)}`);
        }
      }
      if (plan.deleteExpiredDefaultRows) {
        try {
          details.deletedFromDefault = await store.deleteFromDefaultBefore(plan.expiredBefore);
        } catch (error) {
          problems.push(`deleting expired rows of the default partition: ${describe(error)}`);
        }
      }
      for (const day of plan.drop) {
        try {
          details.dropped.push((await store.dropPartition(day)).partition);
        } catch (error) {
          problems.push(`dropping the partition of ${day}: ${describe(error)}`);
        }
      }
      return { summary: summarize(details), problems, details };
    },
  };
}

function summarize(details: LogPartitionsDetails): string {
  const parts: string[] = [];
  if (details.created.length > 0) parts.push(`created ${details.created.join(', ')}`);
  for (const { partition, rows } of details.moved)
    parts.push(`moved ${rowCount(rows)} from the default partition into ${partition}`);
  if (details.deletedFromDefault > 0)
    parts.push(`deleted ${rowCount(details.deletedFromDefault, 'expired row')} from the default partition`);
  if (details.dropped.length > 0) parts.push(`dropped ${details.dropped.join(', ')}`);
  return parts.join('; ');
}

function rowCount(count: number, noun = 'row'): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The UTC day of an instant. */
export function dayOf(instant: Date): Day {
  return instant.toISOString().slice(0, 10);
}

/** 00:00 UTC of a day. */
export function startOf(day: Day): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: Day, days: number): Day {
  return dayOf(new Date(startOf(day).getTime() + days * 86_400_000));
}
