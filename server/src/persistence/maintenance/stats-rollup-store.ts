import type pg from 'pg';
import type { StatsRollupStore } from '../../application/maintenance/ports.js';

/** Rows deleted per statement: a large backlog is removed in short transactions, not one long one. */
const CHUNK = 10_000;

/** The statistics rollup's retention over the maintenance lock's connection. */
export class PgStatsRollupStore implements StatsRollupStore {
  constructor(private readonly client: pg.Client) {}

  deleteMinutesBefore(before: Date): Promise<number> {
    return this.deleteBefore('webhook_stats_minute', before);
  }

  deleteHoursBefore(before: Date): Promise<number> {
    return this.deleteBefore('webhook_stats_hour', before);
  }

  private async deleteBefore(table: string, before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const result = await this.client.query(
        `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE bucket < $1 LIMIT ${CHUNK}))`,
        [before],
      );
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < CHUNK) return deleted;
    }
  }
}
