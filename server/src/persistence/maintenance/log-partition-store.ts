import type pg from 'pg';
import type { Day, LogPartitionStore } from '../../application/maintenance/ports.js';

const PARENT = 'request_logs';
const DEFAULT_PARTITION = 'request_logs_default';
const DAY_PARTITION = /^request_logs_p(\d{4})(\d{2})(\d{2})$/;
const DAY_SYNTAX = /^\d{4}-\d{2}-\d{2}$/;

/**
 * How long a change waits for its table locks before giving up (the next run tries again). Attaching a partition
 * locks the default partition, detaching one locks the whole table: every request log statement waits behind a
 * lock request that waits, so the wait must stay well under ingestion's statement timeout.
 */
export const PARTITION_LOCK_TIMEOUT_MS = 1_000;

/** The partition of a UTC day: `request_logs_pYYYYMMDD`. */
export function partitionOf(day: Day): string {
  if (!DAY_SYNTAX.test(day)) throw new Error(`Not a day: "${day}".`);
  return `request_logs_p${day.replaceAll('-', '')}`;
}

/**
 * The request log partitions on one connection (the one that holds the maintenance lock). Bounds are written as
 * UTC text and days computed `AT TIME ZONE 'UTC'`: the session's TimeZone and DateStyle change nothing.
 */
export class PgLogPartitionStore implements LogPartitionStore {
  constructor(
    private readonly client: pg.ClientBase,
    private readonly lockTimeoutMs = PARTITION_LOCK_TIMEOUT_MS,
  ) {}

  async partitionDays(): Promise<Day[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1)`,
      [PARENT],
    );
    return rows
      .map(({ name }) => DAY_PARTITION.exec(name))
      .filter((match) => match !== null)
      .map(([, year, month, day]) => `${year}-${month}-${day}`)
      .sort();
  }

  async daysInDefault(): Promise<Day[]> {
    const { rows } = await this.client.query<{ day: string }>(
      `SELECT DISTINCT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM ${DEFAULT_PARTITION} ORDER BY 1`,
    );
    return rows.map(({ day }) => day);
  }

  /**
   * A new table, filled with the default partition's rows of the day, then attached: attaching takes a SHARE
   * UPDATE EXCLUSIVE lock on request_logs, which ingestion's writes and the reads do not wait for, where `CREATE
   * TABLE … PARTITION OF` would take an ACCESS EXCLUSIVE one. The default partition is locked first (PostgreSQL
   * checks it holds no row of the new day, and a row written there meanwhile would fail the attachment), for as
   * long as the move takes: normally nothing, its rows are the exception. A CHECK matching the bounds spares the
   * attachment a scan of the rows moved. Rows are moved as they are: the statement trigger of request_logs (the
   * statistics rollup) does not fire for them again.
   */
  async createPartition(day: Day): Promise<{ partition: string; movedRows: number }> {
    const partition = partitionOf(day);
    const [from, to] = bounds(day);
    const check = `${partition}_bounds`;
    return this.transaction(async () => {
      await this.client.query(`LOCK TABLE ONLY ${PARENT} IN SHARE UPDATE EXCLUSIVE MODE`);
      await this.client.query(`LOCK TABLE ${DEFAULT_PARTITION} IN ACCESS EXCLUSIVE MODE`);
      await this.client.query(
        `CREATE TABLE "${partition}" (LIKE ${PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`,
      );
      const moved = await this.client.query(
        `WITH moved AS (DELETE FROM ${DEFAULT_PARTITION} WHERE received_at >= $1 AND received_at < $2 RETURNING *)
         INSERT INTO "${partition}" SELECT * FROM moved`,
        [from, to],
      );
      await this.client.query(
        `ALTER TABLE "${partition}" ADD CONSTRAINT "${check}" CHECK (received_at >= '${from}' AND received_at < '${to}')`,
      );
      await this.client.query(
        `ALTER TABLE ${PARENT} ATTACH PARTITION "${partition}" FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
      await this.client.query(`ALTER TABLE "${partition}" DROP CONSTRAINT "${check}"`);
      return { partition, movedRows: moved.rowCount ?? 0 };
    });
  }

  /**
   * Dropped while attached: that locks request_logs whole (ACCESS EXCLUSIVE, for an instant — or gives up after the
   * lock timeout), as detaching would (PostgreSQL refuses DETACH … CONCURRENTLY beside a default partition). Not
   * detached first: a detached partition's foreign keys become its own, which takes locks on accounts and webhooks,
   * and dropping it then locks both exclusively — every ingestion statement checks its rows against them. request_logs
   * is locked before the partition, in the order every statement on it takes its locks: parent first.
   */
  async dropPartition(day: Day): Promise<{ partition: string }> {
    const partition = partitionOf(day);
    return this.transaction(async () => {
      await this.client.query(`LOCK TABLE ONLY ${PARENT} IN ACCESS EXCLUSIVE MODE`);
      await this.client.query(`DROP TABLE "${partition}"`);
      return { partition };
    });
  }

  async deleteFromDefaultBefore(before: Date): Promise<number> {
    return this.transaction(async () => {
      const { rowCount } = await this.client.query(`DELETE FROM ${DEFAULT_PARTITION} WHERE received_at < $1`, [before]);
      return rowCount ?? 0;
    });
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      await this.client.query(`SET LOCAL lock_timeout = ${Number(this.lockTimeoutMs)}`);
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }
}

/** [00:00 UTC of the day, 00:00 UTC of the next), as timestamptz literals. */
function bounds(day: Day): [string, string] {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return [`${day} 00:00:00+00`, `${next} 00:00:00+00`];
}
