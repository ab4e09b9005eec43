import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { FilterJoin, FilterOperator, HttpMethod, JsonValue, WebhookStatus } from '../../domain/types.js';
import { FilterJoinEnum, FilterOperatorEnum, HttpMethodEnum, WebhookStatusEnum } from '../enums.js';
import { DateTimeScalar, JSONScalar } from '../scalars.js';
import { Connection } from './common.js';
import { IdempotencyType } from './verification.js';

@ObjectType('FilterCondition')
export class FilterConditionType {
  @Field() attribute!: string;
  @Field(() => FilterOperatorEnum) operator!: FilterOperator;
  @Field(() => JSONScalar, { nullable: true }) value?: JsonValue;
}

@ObjectType('FilterGroup')
export class FilterGroupType {
  @Field(() => FilterJoinEnum) join!: FilterJoin;
  @Field(() => [FilterConditionType]) conditions!: FilterConditionType[];
  @Field(() => [FilterGroupType]) groups!: FilterGroupType[];
}

@ObjectType('ReplaceValue')
export class ReplaceValueType {
  @Field(() => JSONScalar) value!: JsonValue;
  @Field(() => JSONScalar) replacement!: JsonValue;
}

@ObjectType('Mapping')
export class MappingType {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => JSONScalar, { nullable: true }) default?: JsonValue;
  @Field(() => [ReplaceValueType]) replace!: ReplaceValueType[];
  @Field(() => String, {
    nullable: true,
    description:
      'The JSONata expression computing the value from $ (the value at from), $body and $headers; null: none.',
  })
  expression?: string | null;
}

/** The fields resolved straight from a WebhookRecord; url, allowedActions, logs… come from WebhookResolver. */
@ObjectType('Webhook')
export class WebhookType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => HttpMethodEnum) method!: HttpMethod;
  @Field() endpoint!: string;
  @Field(() => WebhookStatusEnum) status!: WebhookStatus;
  @Field(() => FilterGroupType, { nullable: true }) filter!: FilterGroupType | null;
  @Field() action!: string;
  @Field(() => [MappingType]) mapping!: MappingType[];
  @Field(() => String, { nullable: true }) successResponse!: string | null;
  @Field(() => String, { nullable: true }) errorResponse!: string | null;
  @Field(() => IdempotencyType, {
    nullable: true,
    description: 'null = every request is processed; otherwise a delivery id is processed once per window.',
  })
  idempotency!: IdempotencyType | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Fan-out: "body.<path to a list>" whose items each become one event (mapping `from` paths read the item); null = one event per request.',
  })
  splitOn!: string | null;
  @Field(() => Int) version!: number;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  accountId!: string;
}

@ObjectType('WebhookConnection')
export class WebhookConnection extends Connection(WebhookType) {}

@ObjectType('AddedWebhookSecret')
export class AddedWebhookSecretType {
  @Field({ description: 'The value, returned this once.' }) secret!: string;
  @Field(() => WebhookType) webhook!: WebhookType;
}

@ObjectType('FieldChange')
export class FieldChangeType {
  @Field() field!: string;
  @Field(() => JSONScalar, { nullable: true }) before!: JsonValue;
  @Field(() => JSONScalar, { nullable: true }) after!: JsonValue;
}

@ObjectType('WebhookChange')
export class WebhookChangeType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) changedAt!: Date;
  @Field({ description: '"user:<email>" or "api-key:<name>"' }) actor!: string;
  @Field({
    description:
      'CREATED, UPDATED, ACTIVATED, DEACTIVATED, ARCHIVED, SECRET_ADDED, SECRET_REMOVED, IMPORTED, REPLAYED (a request ' +
      'replayed: changes name the log and its replay) or REPLAY_STARTED (a bulk replay; hints only).',
  })
  kind!: string;
  @Field(() => Int, { description: 'The webhook version this change produced.' }) version!: number;
  @Field(() => [FieldChangeType]) changes!: FieldChangeType[];
}

@ObjectType('WebhookChangeConnection')
export class WebhookChangeConnection extends Connection(WebhookChangeType) {}
