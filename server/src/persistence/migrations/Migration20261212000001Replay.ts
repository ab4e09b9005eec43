import { Migration } from '@mikro-orm/migrations';

/**
 * Replay (issue 10).
 *
 * request_logs (added on the partitioned parent, so every day's partition has them and they leave with it at
 * retention):
 * - `original_sealed`: what the stored copy lacks of the request as received (redacted header and query values,
 *   the body when redaction or the 64 KB cut changed it), sealed with INTAKE_SECRET_KEY. '' when the stored copy is
 *   the original already (no cost beyond an empty text); NULL when the original is not kept (logs written before
 *   this migration, requests to no active webhook): such a log cannot be replayed.
 * - `replay_of`: the log this request is a replay of (no foreign key: the table is partitioned, like duplicate_of).
 * - `replayed_by`: who replayed it (the actor's label, as in the change history).
 * - `replay_job_id`: the bulk replay that wrote it; with the index, a resumed job finds which logs of its chunk it
 *   replayed already.
 *
 * replay_jobs: bulk replays, claimed by one instance at a time with FOR UPDATE SKIP LOCKED; `cursor_*` is the
 * keyset position (received_at, id) of the last log replayed.
 *
 * replay_job_chunks: a chunk begun and not committed (written beside the claim, deleted by the chunk's commit). A
 * runner that finds one younger than the ingestion statement timeout leaves the job alone for now: the instance that
 * began it may have died with replays still running on the server, which must end before their logs are checked.
 * No foreign key: it is written while the job's row is locked FOR UPDATE, which a key check would wait for.
 */
export class Migration20261212000001Replay extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "request_logs" add column "original_sealed" text null, add column "replay_of" uuid null, add column "replayed_by" text null, add column "replay_job_id" uuid null;`,
    );
    this.addSql(
      `create index "request_logs_replay_job_index" on "request_logs" ("replay_job_id", "replay_of") where "replay_job_id" is not null;`,
    );
    this.addSql(`create table "replay_jobs" (
      "id" uuid not null,
      "account_id" uuid not null references "accounts" ("id") on delete cascade,
      "webhook_id" uuid not null references "webhooks" ("id") on delete cascade,
      "selection" jsonb not null,
      "status" text not null default 'QUEUED' check ("status" in ('QUEUED', 'RUNNING', 'DONE', 'CANCELLED')),
      "total" int not null,
      "done" int not null default 0,
      "processed" int not null default 0,
      "cursor_received_at" timestamptz null,
      "cursor_id" uuid null,
      "created_by" text not null,
      "created_at" timestamptz not null default now(),
      "finished_at" timestamptz null,
      constraint "replay_jobs_pkey" primary key ("id"));`);
    this.addSql(
      `create index "replay_jobs_pending_index" on "replay_jobs" ("created_at") where "status" in ('QUEUED', 'RUNNING');`,
    );
    this.addSql(`create index "replay_jobs_account_index" on "replay_jobs" ("account_id", "created_at");`);
    this.addSql(
      `create table "replay_job_chunks" ("job_id" uuid not null, "started_at" timestamptz not null, constraint "replay_job_chunks_pkey" primary key ("job_id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "replay_job_chunks";`);
    this.addSql(`drop table "replay_jobs";`);
    this.addSql(`drop index "request_logs_replay_job_index";`);
    this.addSql(
      `alter table "request_logs" drop column "original_sealed", drop column "replay_of", drop column "replayed_by", drop column "replay_job_id";`,
    );
  }
}
