import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import {
  HTTP_METHODS,
  WEBHOOK_STATUSES,
  type FilterGroup,
  type HttpMethod,
  type IdempotencySettings,
  type MappingRule,
  type VerificationSettings,
  type WebhookStatus,
} from '../../domain/types.js';
import { AccountEntity } from './account.entity.js';

@Entity({ tableName: 'webhooks' })
@Index({ properties: ['account', 'createdAt'] })
export class WebhookEntity {
  [OptionalProps]?:
    'id' | 'createdAt' | 'updatedAt' | 'version' | 'status' | 'archivedAt' | 'verification' | 'idempotency';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => HTTP_METHODS })
  method!: HttpMethod;

  /** Unique per account among non-archived webhooks (a partial unique index in the migration). */
  @Property({ type: 'text' })
  endpoint!: string;

  @Enum({ items: () => WEBHOOK_STATUSES })
  status: WebhookStatus = 'INACTIVE';

  @Property({ type: 'jsonb', nullable: true })
  filter: FilterGroup | null = null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'jsonb' })
  mapping: MappingRule[] = [];

  @Property({ type: 'text', nullable: true })
  successResponse: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorResponse: string | null = null;

  /** The scheme and its options, never a secret (those are in webhook_secrets, sealed). */
  @Property({ type: 'jsonb', defaultRaw: `'{"scheme":"NONE"}'` })
  verification: VerificationSettings = { scheme: 'NONE' };

  @Property({ type: 'jsonb', nullable: true })
  idempotency: IdempotencySettings | null = null;

  /** Fan-out: "body.<path to a list>" whose items each become an event; null = one event per request. */
  @Property({ type: 'text', nullable: true })
  splitOn: string | null = null;

  @Property({ type: 'integer' })
  version: number = 1;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;
}
