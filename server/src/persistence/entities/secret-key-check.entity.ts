import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** One row sealed with the secret key of the first start: a start whose key cannot open it is refused. */
@Entity({ tableName: 'secret_key_check' })
export class SecretKeyCheckEntity {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id: number = 1;

  @Property({ type: 'text' })
  sealed!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
