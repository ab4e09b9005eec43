import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 12, account-wide log search:
 * - `customer_external_id`: the customer the request was mapped to, when it got that far — the event's customer,
 *   also when an event rule refused it (CUSTOMER_NOT_FOUND, INSUFFICIENT_POINTS, …); null otherwise. Written by the
 *   ingestion statements. Logs stored before this migration have none (their events still name the customer).
 * - Two indexes for the account's newest-first pages: by account, and by account and customer (partial: most
 *   refusals have no customer). Indexes on the partitioned parent are created on every partition, and on the
 *   partitions the maintenance makes later.
 *
 * Adding a nullable column without a default changes no row. The indexes are built over the logs kept, while
 * ingestion waits (a few seconds per million logs).
 */
export class Migration20261210000001RequestLogSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "request_logs" add column "customer_external_id" text null;`);
    this.addSql(
      `create index "request_logs_account_received_at_index" on "request_logs" ("account_id", "received_at", "id");`,
    );
    this.addSql(
      `create index "request_logs_account_customer_index" on "request_logs" ("account_id", "customer_external_id", "received_at", "id") where "customer_external_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "request_logs_account_customer_index";`);
    this.addSql(`drop index "request_logs_account_received_at_index";`);
    this.addSql(`alter table "request_logs" drop column "customer_external_id";`);
  }
}
