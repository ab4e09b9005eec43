import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { JsonObject } from '../../domain/types.js';
import { AccountEntity } from './account.entity.js';
import { CustomerEntity } from './customer.entity.js';
import { WebhookEntity } from './webhook.entity.js';

/** An entry of a member's event history. */
@Entity({ tableName: 'customer_events' })
@Index({ properties: ['customer', 'createdAt', 'id'] })
export class CustomerEventEntity {
  [OptionalProps]?: 'createdAt' | 'transactionId' | 'webhook' | 'requestLogId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  @ManyToOne(() => CustomerEntity, { deleteRule: 'cascade' })
  customer!: CustomerEntity;

  /** The external customer id as the event carried it. */
  @Property({ type: 'text' })
  customerExternalId!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'jsonb' })
  data!: JsonObject;

  /** Set for checkout_accept, where a partial unique index refuses duplicates per member. */
  @Property({ type: 'text', nullable: true })
  transactionId: string | null = null;

  @ManyToOne(() => WebhookEntity, { nullable: true, deleteRule: 'set null' })
  webhook: WebhookEntity | null = null;

  @Property({ type: 'uuid', nullable: true })
  requestLogId: string | null = null;

  /** The position of the event's item in its split request (fan-out); null for a request that does not split. */
  @Property({ type: 'smallint', nullable: true })
  itemIndex: number | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
