import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AdminUserEntity } from './admin-user.entity.js';

/** A console sign-in. The cookie carries a random token; only its SHA-256 is stored. */
@Entity({ tableName: 'sessions' })
export class SessionEntity {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'text' })
  tokenHash!: string;

  @ManyToOne(() => AdminUserEntity, { deleteRule: 'cascade' })
  user!: AdminUserEntity;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', index: true })
  expiresAt!: Date;
}
