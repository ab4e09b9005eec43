import { Migration } from '@mikro-orm/migrations';

/** The request log table's indexes, as Initial created them; the partitioned table gets the same, by name. */
const SECONDARY_INDEXES: readonly (readonly [name: string, columns: string])[] = [
  ['request_logs_webhook_id_received_at_id_index', '"webhook_id", "received_at", "id"'],
  ['request_logs_webhook_outcome_index', '"webhook_id", "outcome", "received_at", "id"'],
  ['request_logs_webhook_status_index', '"webhook_id", "status_code", "received_at", "id"'],
];

/** Partitions are made this many days past today (UTC), besides today; the maintenance keeps it so. */
const DAYS_AHEAD = 7;

/**
 * Issue 9, retention: request logs partitioned by day (UTC) on `received_at`, so that expired logs are dropped a
 * whole partition at a time (`application/maintenance`) instead of deleted row by row.
 *
 * - The existing table is renamed aside, and `request_logs` is created again with its columns, defaults and
 *   checks (`LIKE`), partitioned by range of `received_at`.
 * - The primary key becomes (id, received_at): a partitioned table's unique keys must hold the partition key. Ids
 *   are random UUIDs chosen by ingestion, so they stay unique; what relied on the key — a FAILED log finding, or
 *   keeping from committing, the write of the same request — writes the same id AND the same received_at.
 * - One partition per UTC day `request_logs_pYYYYMMDD`, [day 00:00 UTC, next day 00:00 UTC): one for every day the
 *   existing rows span (only days that have rows), and today plus the next 7. `request_logs_default` takes a row
 *   no partition covers (a day the maintenance has not prepared); the maintenance moves such rows out.
 * - Rows are copied, then the key, indexes and foreign keys (to accounts and webhooks, ON DELETE CASCADE as before)
 *   are added: built once over the copied rows rather than row by row. Nothing else refers to request_logs by a
 *   foreign key (customer events keep `request_log_id` without one, so they outlive their log).
 *
 * Bounds are written as UTC text ('… 00:00:00+00') and days computed `AT TIME ZONE 'UTC'`: the session's TimeZone
 * and DateStyle change nothing. One transaction: a failure leaves the old table as it was.
 */
export class Migration20261201000001PartitionRequestLogs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "request_logs" rename to "request_logs_unpartitioned";`);
    this.addSql(`alter index "request_logs_pkey" rename to "request_logs_unpartitioned_pkey";`);
    for (const [name] of SECONDARY_INDEXES) {
      this.addSql(`alter index "${name}" rename to "${name.replace('request_logs_', 'request_logs_unpartitioned_')}";`);
    }
    this.addSql(
      `create table "request_logs" (like "request_logs_unpartitioned" including defaults including constraints including storage including comments) partition by range ("received_at");`,
    );
    this.addSql(`create table "request_logs_default" partition of "request_logs" default;`);
    this.addSql(`do $$
      declare
        day date;
      begin
        for day in
          select distinct (received_at at time zone 'UTC')::date from request_logs_unpartitioned
          union
          select (now() at time zone 'UTC')::date + ahead from generate_series(0, ${DAYS_AHEAD}) as ahead
          order by 1
        loop
          execute format('create table %I partition of request_logs for values from (%L) to (%L)',
            'request_logs_p' || to_char(day::timestamp, 'YYYYMMDD'),
            to_char(day::timestamp, 'YYYY-MM-DD') || ' 00:00:00+00',
            to_char((day + 1)::timestamp, 'YYYY-MM-DD') || ' 00:00:00+00');
        end loop;
      end $$;`);
    // Same columns in the same order (LIKE): every row lands in its day's partition.
    this.addSql(`insert into "request_logs" select * from "request_logs_unpartitioned";`);
    this.addSql(`drop table "request_logs_unpartitioned";`);
    this.addSql(`alter table "request_logs" add constraint "request_logs_pkey" primary key ("id", "received_at");`);
    for (const [name, columns] of SECONDARY_INDEXES) {
      this.addSql(`create index "${name}" on "request_logs" (${columns});`);
    }
    this.addForeignKeys();
  }

  /** Back to one plain table, primary key (id): every row is kept (partitions included, the default one too). */
  override async down(): Promise<void> {
    this.addSql(`alter table "request_logs" rename to "request_logs_partitioned";`);
    this.addSql(`alter index "request_logs_pkey" rename to "request_logs_partitioned_pkey";`);
    for (const [name] of SECONDARY_INDEXES) {
      this.addSql(`alter index "${name}" rename to "${name.replace('request_logs_', 'request_logs_partitioned_')}";`);
    }
    this.addSql(
      `create table "request_logs" (like "request_logs_partitioned" including defaults including constraints including storage including comments);`,
    );
    this.addSql(`insert into "request_logs" select * from "request_logs_partitioned";`);
    this.addSql(`drop table "request_logs_partitioned";`);
    this.addSql(`alter table "request_logs" add constraint "request_logs_pkey" primary key ("id");`);
    for (const [name, columns] of SECONDARY_INDEXES) {
      this.addSql(`create index "${name}" on "request_logs" (${columns});`);
    }
    this.addForeignKeys();
  }

  private addForeignKeys(): void {
    this.addSql(
      `alter table "request_logs" add constraint "request_logs_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "request_logs" add constraint "request_logs_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade;`,
    );
  }
}
