import { Migration } from '@mikro-orm/migrations';

/**
 * Less work per reserved idempotency key, on the ingestion hot path:
 * - no foreign key to `webhooks`: each reserved key ran a referential check that share-locked the one webhook row
 *   every concurrent batch writes to; webhooks are never deleted (archived instead), so the key can never dangle
 *   in a way that matters, and the purge removes every key once its window ends;
 * - the expiry index is BRIN instead of a B-tree: keys are written in roughly expiry order, and the only reader is
 *   the purge every ten minutes, which a block-range index serves as well for a fraction of the write cost.
 */
export class Migration20261130000002LeanIdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "idempotency_keys" drop constraint "idempotency_keys_webhook_id_foreign";`);
    this.addSql(`drop index "idempotency_keys_expires_at_index";`);
    this.addSql(`create index "idempotency_keys_expires_at_index" on "idempotency_keys" using brin ("expires_at");`);
  }
}
