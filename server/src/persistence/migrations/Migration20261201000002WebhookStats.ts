import { Migration } from '@mikro-orm/migrations';

/**
 * Per-webhook statistics, rolled up as requests are stored (issue 9): counters by outcome class and a duration
 * histogram per webhook and minute, and per webhook and hour, so that a chart never scans request logs.
 *
 * - A statement-level trigger on request_logs reads the statement's new rows (a transition table) and upserts one
 *   row per webhook and minute/hour: every statement that stores logs — the group-commit batch, an enrolment, a
 *   FAILED or DUPLICATE log, a refusal — keeps the rollup equal to the logs, in the same transaction.
 * - `shard` spreads a busy webhook's minute over several rows: concurrent batches (other pooled connections, other
 *   instances) would otherwise queue on one row lock until each commit's fsync. The shard is the backend's process
 *   id modulo 16, so batches on different connections mostly touch different rows; readers sum the shards.
 * - The histogram follows `domain/stats.ts` (64 geometric buckets from 0.05 ms, ×1.25 each): histograms add up,
 *   so any interval's percentiles come from the same rows.
 * - Half of each page is left free (fillfactor 50): a row is updated by every batch, and room on its page lets
 *   PostgreSQL write the new version there without touching the index (HOT updates).
 * - No foreign key to webhooks: a referential check would share-lock the webhook row that every batch writes to
 *   (webhooks are archived, never deleted). Rows expire with the log retention (minutes) or after 400 days (hours).
 * - Existing logs are rolled up here, once.
 */
export class Migration20261201000002WebhookStats extends Migration {
  override async up(): Promise<void> {
    for (const table of ['webhook_stats_minute', 'webhook_stats_hour']) {
      this.addSql(`create table "${table}" (
        "webhook_id" uuid not null, "bucket" timestamptz not null, "shard" smallint not null,
        "processed" int not null default 0, "filtered" int not null default 0, "invalid" int not null default 0,
        "rejected" int not null default 0, "duplicate" int not null default 0, "failed" int not null default 0,
        "durations" int[] not null,
        constraint "${table}_pkey" primary key ("webhook_id", "bucket", "shard")) with (fillfactor = 50);`);
      // For the retention's deletes by age: rows are written in rough bucket order, which a block-range index
      // serves for a fraction of a B-tree's upkeep.
      this.addSql(`create index "${table}_bucket_index" on "${table}" using brin ("bucket");`);
    }
    this.addSql(`create function intake_duration_bucket(ms float8) returns int language sql immutable parallel safe
      return case when ms > 0.05 then least(63, ceil(ln(ms / 0.05) / ln(1.25))::int) else 0 end;`);
    // PL/pgSQL loops over an expanded array: a quarter of the cost of the same histogram built with set-returning
    // SQL (generate_series, unnest … with ordinality), which is what the trigger spends most of its time on.
    this.addSql(`create function intake_duration_histogram(durations float8[]) returns int[] language plpgsql
      immutable strict parallel safe as $$
      declare histogram int[] := array_fill(0, array[64]); ms float8; slot int;
      begin
        foreach ms in array durations loop
          slot := intake_duration_bucket(ms) + 1;
          histogram[slot] := histogram[slot] + 1;
        end loop;
        return histogram;
      end $$;`);
    this.addSql(`create function intake_add_histograms(a int[], b int[]) returns int[] language plpgsql
      immutable strict parallel safe as $$
      declare sum int[] := a;
      begin
        for slot in 1..64 loop sum[slot] := sum[slot] + b[slot]; end loop;
        return sum;
      end $$;`);
    this.addSql(`create aggregate intake_histogram_sum(int[]) (sfunc = intake_add_histograms, stype = int[]);`);
    this.addSql(rollUpFunction());
    this.addSql(`create trigger "request_logs_roll_up" after insert on "request_logs"
      referencing new table as new_logs for each statement execute function intake_roll_up_request_logs();`);
    for (const [table, unit] of [
      ['webhook_stats_minute', 'minute'],
      ['webhook_stats_hour', 'hour'],
    ] as const) {
      this.addSql(`insert into "${table}" (webhook_id, bucket, shard, ${COUNTERS}, durations)
        select webhook_id, date_trunc('${unit}', received_at, 'UTC'), 0, ${COUNTER_SUMS},
          intake_duration_histogram(array_agg(duration_ms))
        from request_logs group by 1, 2;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "request_logs_roll_up" on "request_logs";`);
    this.addSql(`drop function intake_roll_up_request_logs();`);
    this.addSql(`drop aggregate intake_histogram_sum(int[]);`);
    this.addSql(`drop function intake_add_histograms(int[], int[]);`);
    this.addSql(`drop function intake_duration_histogram(float8[]);`);
    this.addSql(`drop function intake_duration_bucket(float8);`);
    this.addSql(`drop table "webhook_stats_hour";`);
    this.addSql(`drop table "webhook_stats_minute";`);
  }
}

const COUNTERS = 'processed, filtered, invalid, rejected, duplicate, failed';

/** The six counters of a group of logs, by outcome class (`COUNTER_OF_OUTCOME` in domain/stats.ts). */
const COUNTER_SUMS = `count(*) filter (where outcome = 'PROCESSED'),
  count(*) filter (where outcome = 'FILTERED'),
  count(*) filter (where outcome in ('INVALID_REQUEST', 'INVALID_EVENT')),
  count(*) filter (where outcome in ('UNAUTHENTICATED', 'NOT_ROUTABLE')),
  count(*) filter (where outcome = 'DUPLICATE'),
  count(*) filter (where outcome = 'FAILED')`;

/**
 * Rows are upserted in key order, so two statements that share a shard lock their rows in the same order and
 * cannot deadlock.
 */
function rollUpFunction(): string {
  const upsert = (table: string, unit: string) => `
    insert into ${table} as s (webhook_id, bucket, shard, ${COUNTERS}, durations)
    select webhook_id, date_trunc('${unit}', received_at, 'UTC'), my_shard, ${COUNTER_SUMS},
      intake_duration_histogram(array_agg(duration_ms))
    from new_logs group by 1, 2 order by 1, 2
    on conflict (webhook_id, bucket, shard) do update set
      processed = s.processed + excluded.processed, filtered = s.filtered + excluded.filtered,
      invalid = s.invalid + excluded.invalid, rejected = s.rejected + excluded.rejected,
      duplicate = s.duplicate + excluded.duplicate, failed = s.failed + excluded.failed,
      durations = intake_add_histograms(s.durations, excluded.durations);`;
  return `create function intake_roll_up_request_logs() returns trigger language plpgsql as $$
    declare my_shard smallint := pg_backend_pid() % 16;
    begin
      ${upsert('webhook_stats_minute', 'minute')}
      ${upsert('webhook_stats_hour', 'hour')}
      return null;
    end $$;`;
}
