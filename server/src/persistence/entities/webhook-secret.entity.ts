import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AccountEntity } from './account.entity.js';
import { WebhookEntity } from './webhook.entity.js';

/** A webhook's sender secret: write-only, stored sealed (AES-256-GCM under INTAKE_SECRET_KEY). */
@Entity({ tableName: 'webhook_secrets' })
@Index({ properties: ['webhook', 'createdAt'] })
export class WebhookSecretEntity {
  [OptionalProps]?: 'createdAt' | 'expiresAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  @ManyToOne(() => WebhookEntity, { deleteRule: 'cascade' })
  webhook!: WebhookEntity;

  /** "v1:" + base64(iv | tag | ciphertext); never the value. */
  @Property({ type: 'text', hidden: true })
  ciphertext!: string;

  /** "…" and the last 4 characters: what admins see of it. */
  @Property({ type: 'text' })
  hint!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** null = until replaced; a rotation sets it on the older secrets. */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;
}
