import { Migration } from '@mikro-orm/migrations';

/**
 * Fan-out (issue 11): `webhooks.split_on` ("body.<path to a list>", null = one event per request) and
 * `customer_events.item_index`, the position of an event's item in its split request (null for a request that
 * does not split). A request's events are read in item order through the index on request_log_id; how many events
 * a request registered is the count of its events there, so request_logs keeps no counter of its own.
 */
export class Migration20261211000001WebhookSplitOn extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "webhooks" add column "split_on" text null;`);
    this.addSql(`alter table "customer_events" add column "item_index" smallint null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_events" drop column "item_index";`);
    this.addSql(`alter table "webhooks" drop column "split_on";`);
  }
}
