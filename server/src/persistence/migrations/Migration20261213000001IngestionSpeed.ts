import { Migration } from '@mikro-orm/migrations';

/**
 * Ingestion speed (issue 14): the hot tables lose their foreign keys, whose checks cost every ingested request five
 * lookups with row locks (EXPLAIN ANALYZE of a 64-request batch: ≈ 1 ms of its ≈ 5 ms, see server/bench/RESULTS.md).
 *
 * What the keys guarded on insert, the ingestion statements guarantee themselves: an event's member is the row the
 * statement just locked (or upserted) in the same account, and a log's or event's account and webhook are those of
 * the route that took the request, which the application never deletes (webhooks are archived, accounts are kept).
 * What the keys did on delete — an administrator removing an account, a webhook or a member by hand — statement
 * triggers on the parents still do, as the keys did: the account's or webhook's request logs and the member's or
 * account's events are deleted, and events of a deleted webhook keep the event with no webhook.
 */
const DROPPED_KEYS = [
  ['customer_events', 'customer_events_account_id_foreign', 'account_id', 'accounts', 'cascade'],
  ['customer_events', 'customer_events_customer_id_foreign', 'customer_id', 'customers', 'cascade'],
  ['customer_events', 'customer_events_webhook_id_foreign', 'webhook_id', 'webhooks', 'set null'],
  ['request_logs', 'request_logs_account_id_foreign', 'account_id', 'accounts', 'cascade'],
  ['request_logs', 'request_logs_webhook_id_foreign', 'webhook_id', 'webhooks', 'cascade'],
] as const;

export class Migration20261213000001IngestionSpeed extends Migration {
  override async up(): Promise<void> {
    for (const [table, key] of DROPPED_KEYS) this.addSql(`alter table "${table}" drop constraint "${key}";`);
    this.addSql(`create function intake_account_deleted() returns trigger language plpgsql as $$
      begin
        delete from request_logs where account_id in (select id from gone);
        delete from customer_events where account_id in (select id from gone);
        return null;
      end $$;`);
    this.addSql(`create function intake_webhook_deleted() returns trigger language plpgsql as $$
      begin
        delete from request_logs where webhook_id in (select id from gone);
        update customer_events set webhook_id = null where webhook_id in (select id from gone);
        return null;
      end $$;`);
    this.addSql(`create function intake_customer_deleted() returns trigger language plpgsql as $$
      begin
        delete from customer_events where customer_id in (select id from gone);
        return null;
      end $$;`);
    for (const [parent, fn] of [
      ['accounts', 'intake_account_deleted'],
      ['webhooks', 'intake_webhook_deleted'],
      ['customers', 'intake_customer_deleted'],
    ] as const) {
      this.addSql(`create trigger ${parent}_deleted after delete on "${parent}" referencing old table as gone
        for each statement execute function ${fn}();`);
    }
  }

  override async down(): Promise<void> {
    for (const parent of ['accounts', 'webhooks', 'customers']) {
      this.addSql(`drop trigger ${parent}_deleted on "${parent}";`);
    }
    this.addSql(`drop function intake_account_deleted();`);
    this.addSql(`drop function intake_webhook_deleted();`);
    this.addSql(`drop function intake_customer_deleted();`);
    for (const [table, key, column, parent, onDelete] of DROPPED_KEYS) {
      this.addSql(
        `alter table "${table}" add constraint "${key}" foreign key ("${column}") references "${parent}" ("id") on update cascade on delete ${onDelete};`,
      );
    }
  }
}
