import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { JsonObject } from '../../domain/types.js';
import { DateTimeScalar, JSONScalar } from '../scalars.js';
import { Connection } from './common.js';

@ObjectType('Customer')
export class CustomerType {
  @Field(() => String, { name: 'id', description: 'The external customer id carried in events.' })
  externalId!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
  @Field(() => [String]) labels!: string[];
  @Field(() => Float) points!: number;
  @Field(() => String, {
    description:
      'The balance exactly, as a decimal string with four decimals (e.g. "12.5000"); points may round very large ones.',
  })
  pointsExact!: string;
  @Field() optedOut!: boolean;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  /** Not in the schema: what links the member to its events. */
  internalId!: string;
}

@ObjectType('CustomerConnection')
export class CustomerConnection extends Connection(CustomerType) {}

@ObjectType('CustomerEvent')
export class CustomerEventType {
  @Field(() => ID) id!: string;
  @Field() action!: string;
  @Field() customerId!: string;
  @Field(() => JSONScalar) data!: JsonObject;
  @Field(() => DateTimeScalar) createdAt!: Date;
  webhookId!: string | null;
  requestLogId!: string | null;
}

@ObjectType('CustomerEventConnection')
export class CustomerEventConnection extends Connection(CustomerEventType) {}
