import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../domain/types.js';
import { AccountEntity } from './account.entity.js';

@Entity({ tableName: 'api_keys' })
export class ApiKeyEntity {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  @Property({ type: 'text' })
  name!: string;

  /** The public, non-secret part of the key, used to find it; shown in lists. */
  @Property({ type: 'text', unique: true })
  prefix!: string;

  /** SHA-256 of the whole key: keys are long random strings, so a fast hash is enough. */
  @Property({ type: 'text', hidden: true })
  secretHash!: string;

  @Enum({ items: () => ROLES })
  role!: Role;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
