import pg from 'pg';
import type { MaintenanceRunner, MaintenanceStores } from '../../application/maintenance/ports.js';
import { PgLogPartitionStore } from './log-partition-store.js';
import { PgStatsRollupStore } from './stats-rollup-store.js';

/**
 * The key of the PostgreSQL advisory lock that one maintenance holds at a time, across every instance on the
 * database: 0x696e74616b65, "intake" in ASCII. Documented in the README (`pg_locks` shows it as classid 26990,
 * objid 1952541541, objsubid 1).
 */
export const MAINTENANCE_LOCK_KEY = '115923119860581';

export interface PgMaintenanceRunnerOptions {
  applicationName?: string;
  /** How long each partition change waits for its table locks (tests shorten it). */
  lockTimeoutMs?: number;
}

/**
 * The maintenance lock as a session-level advisory lock on a connection of its own, opened for one run and closed
 * after it. A session lock rather than a transaction's: the work is several short transactions (each partition
 * change commits alone, so one that cannot take its table locks does not undo the others, and no table lock is held
 * from the first change to the last), all on the connection that holds the lock. If that connection is lost, the
 * lock goes with it and so does the work: two instances never work at once. `pg_try_advisory_lock` never waits.
 */
export class PgMaintenanceRunner implements MaintenanceRunner {
  constructor(
    private readonly connectionString: string,
    private readonly options: PgMaintenanceRunnerOptions = {},
  ) {}

  async exclusive<T>(
    work: (stores: MaintenanceStores) => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: this.options.applicationName ?? 'intake-maintenance',
      connectionTimeoutMillis: 10_000,
    });
    // A connection lost under a statement is reported by the statement; the client's 'error' must not end the process.
    client.on('error', () => {});
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        MAINTENANCE_LOCK_KEY,
      ]);
      if (!rows[0]?.locked) return { ran: false };
      try {
        return {
          ran: true,
          value: await work({
            logPartitions: new PgLogPartitionStore(client, this.options.lockTimeoutMs),
            statsRollup: new PgStatsRollupStore(client),
          }),
        };
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [MAINTENANCE_LOCK_KEY]).catch(() => {});
      }
    } finally {
      await client.end().catch(() => {});
    }
  }
}
