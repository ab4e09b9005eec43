import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A delivery id a PROCESSED request reserved, per webhook, until `expiresAt`. Written and read by the ingestion hot
 * path with plain SQL (the primary key makes concurrent duplicates register one event); mapped here so the schema
 * is described in one place. No relation to the webhook and a BRIN expiry index: see
 * Migration20261130000002LeanIdempotencyKeys.
 */
@Entity({ tableName: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryKey({ type: 'uuid' })
  webhookId!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'uuid' })
  requestLogId!: string;

  @Index({ type: 'brin' })
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
