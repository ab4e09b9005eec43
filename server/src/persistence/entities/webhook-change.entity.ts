import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { FieldChange } from '../../domain/webhook-history.js';
import { WebhookEntity } from './webhook.entity.js';

@Entity({ tableName: 'webhook_changes' })
@Index({ properties: ['webhook', 'changedAt'] })
export class WebhookChangeEntity {
  [OptionalProps]?: 'id' | 'changedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WebhookEntity, { deleteRule: 'cascade' })
  webhook!: WebhookEntity;

  /** "user:<email>" or "api-key:<name>" */
  @Property({ type: 'text' })
  actor!: string;

  /** CREATED, UPDATED, ACTIVATED, DEACTIVATED, ARCHIVED */
  @Property({ type: 'text' })
  kind!: string;

  /** The webhook's version after this change. */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'jsonb' })
  changes: FieldChange[] = [];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  changedAt: Date = new Date();
}
