import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { WebhookEntity } from './webhook.entity.js';

/**
 * A delivery id a PROCESSED request reserved, per webhook, until `expiresAt`. Written and read by the ingestion hot
 * path with plain SQL (the primary key makes concurrent duplicates register one event); mapped here so the schema
 * is described in one place.
 */
@Entity({ tableName: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @ManyToOne(() => WebhookEntity, { primary: true, deleteRule: 'cascade' })
  webhook!: WebhookEntity;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'uuid' })
  requestLogId!: string;

  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
