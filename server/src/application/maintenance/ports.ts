/** A UTC calendar day, `YYYY-MM-DD`. */
export type Day = string;

/**
 * The request log table's daily partitions (persistence/maintenance implements it over the maintenance lock's
 * connection). Each change is a short transaction of its own that gives up when it cannot take its locks quickly
 * (ingestion must not queue behind it): the next run tries again.
 */
export interface LogPartitionStore {
  /** The UTC days that have a partition of their own. */
  partitionDays(): Promise<Day[]>;
  /** The UTC days of the rows in the default partition (rows no day's partition covered when they came). */
  daysInDefault(): Promise<Day[]>;
  /** Creates the partition of `day`, moving into it the default partition's rows of that day. */
  createPartition(day: Day): Promise<{ partition: string; movedRows: number }>;
  /** Drops the partition of `day`, with its rows. */
  dropPartition(day: Day): Promise<{ partition: string }>;
  /** Deletes the default partition's rows received before `before`; resolves with how many. */
  deleteFromDefaultBefore(before: Date): Promise<number>;
}

/**
 * What maintenance steps work on. One store per concern: a step of its own (e.g. a statistics rollup's retention)
 * adds its store here and its step to the list the maintenance runs.
 */
export interface MaintenanceStores {
  logPartitions: LogPartitionStore;
  statsRollup: StatsRollupStore;
}

/** The statistics rollup's expired rows (webhook_stats_minute / webhook_stats_hour). */
export interface StatsRollupStore {
  /** Deletes the minute rows of buckets before `before`, in bounded chunks; resolves with how many. */
  deleteMinutesBefore(before: Date): Promise<number>;
  /** The same for hour rows. */
  deleteHoursBefore(before: Date): Promise<number>;
}

/**
 * The maintenance lock: held by one process at a time across every instance on the database (a PostgreSQL advisory
 * lock), and released when its holder ends or loses its connection.
 */
export interface MaintenanceRunner {
  /**
   * Runs `work` holding the lock, with stores bound to the connection that holds it (so work never outlives its
   * lock); `{ ran: false }` at once, without waiting, when another holds it.
   */
  exclusive<T>(work: (stores: MaintenanceStores) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}
