import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { AccountEntity } from './account.entity.js';

/** A loyalty member, known to senders by its external id. */
@Entity({ tableName: 'customers' })
@Unique({ properties: ['account', 'externalId'] })
@Index({ properties: ['account', 'updatedAt'] })
export class CustomerEntity {
  [OptionalProps]?:
    'id' | 'createdAt' | 'updatedAt' | 'labels' | 'points' | 'optedOut' | 'email' | 'firstName' | 'lastName';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  @Property({ type: 'text' })
  externalId!: string;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  firstName: string | null = null;

  @Property({ type: 'text', nullable: true })
  lastName: string | null = null;

  @Property({ type: 'text[]', defaultRaw: `'{}'` })
  labels: string[] = [];

  /** Never negative: a CHECK constraint backs the conditional update of point_sub. */
  @Property({ type: 'decimal', precision: 18, scale: 4, defaultRaw: '0' })
  points: string = '0';

  @Property({ type: 'boolean', defaultRaw: 'false' })
  optedOut: boolean = false;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
