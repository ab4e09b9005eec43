import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../domain/types.js';
import { AccountEntity } from './account.entity.js';

@Entity({ tableName: 'admin_users' })
export class AdminUserEntity {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  /** Stored lower-cased; unique across accounts so that sign-in needs only email and password. */
  @Property({ type: 'text', unique: true })
  email!: string;

  /** argon2id hash */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Enum({ items: () => ROLES, nativeEnumName: undefined })
  role!: Role;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
