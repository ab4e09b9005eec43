import { ENDPOINT_SYNTAX } from '@intake/rules';
import { Field, InputType, Int } from 'type-graphql';
import type {
  FilterCondition,
  FilterGroup,
  FilterJoin,
  FilterOperator,
  HttpMethod,
  JsonValue,
  MappingRule,
  ReplaceRule,
} from '../../domain/types.js';
import { FilterJoinEnum, FilterOperatorEnum, HttpMethodEnum } from '../enums.js';
import { JSONScalar } from '../scalars.js';

@InputType()
export class FilterConditionInput implements FilterCondition {
  @Field() attribute!: string;
  @Field(() => FilterOperatorEnum) operator!: FilterOperator;
  @Field(() => JSONScalar, { nullable: true }) value?: JsonValue;
}

@InputType()
export class FilterGroupInput {
  @Field(() => FilterJoinEnum) join!: FilterJoin;
  @Field(() => [FilterConditionInput], { nullable: true }) conditions?: FilterConditionInput[] | null;
  @Field(() => [FilterGroupInput], { nullable: true }) groups?: FilterGroupInput[] | null;
}

@InputType()
export class ReplaceValueInput implements ReplaceRule {
  @Field(() => JSONScalar) value!: JsonValue;
  @Field(() => JSONScalar) replacement!: JsonValue;
}

@InputType()
export class MappingInput {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => JSONScalar, { nullable: true }) default?: JsonValue;
  @Field(() => [ReplaceValueInput], { nullable: true }) replace?: ReplaceValueInput[] | null;
}

@InputType()
export class CreateWebhookInput {
  @Field() name!: string;
  @Field(() => HttpMethodEnum) method!: HttpMethod;
  @Field({ description: `${ENDPOINT_SYNTAX}, unique per account among non-archived webhooks` }) endpoint!: string;
  @Field(() => FilterGroupInput, { nullable: true }) filter?: FilterGroupInput | null;
  @Field({ description: 'An event name from eventDefinitions, e.g. "point_add".' }) action!: string;
  @Field(() => [MappingInput]) mapping!: MappingInput[];
  @Field(() => String, { nullable: true, description: 'Valid JSON text; null = the default success body.' })
  successResponse?: string | null;
  @Field(() => String, { nullable: true, description: 'Valid JSON text; null = the default error body.' })
  errorResponse?: string | null;
}

@InputType({ description: 'Every field optional: absent = keep, null = clear (where clearing makes sense).' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => HttpMethodEnum, { nullable: true }) method?: HttpMethod | null;
  @Field(() => String, { nullable: true }) endpoint?: string | null;
  @Field(() => FilterGroupInput, { nullable: true }) filter?: FilterGroupInput | null;
  @Field(() => String, { nullable: true }) action?: string | null;
  @Field(() => [MappingInput], { nullable: true }) mapping?: MappingInput[] | null;
  @Field(() => String, { nullable: true }) successResponse?: string | null;
  @Field(() => String, { nullable: true }) errorResponse?: string | null;
  @Field(() => Int, { nullable: true, description: 'When given and stale: CONFLICT, nothing changed.' })
  expectedVersion?: number | null;
}

/** GraphQL inputs → domain shapes: lists that may be omitted become empty, class instances become plain data. */
export function toFilterGroup(input: FilterGroupInput): FilterGroup {
  return {
    join: input.join,
    conditions: (input.conditions ?? []).map((c) => {
      const condition: FilterCondition = { attribute: c.attribute, operator: c.operator };
      if (c.value !== undefined && c.value !== null) condition.value = c.value;
      return condition;
    }),
    groups: (input.groups ?? []).map(toFilterGroup),
  };
}

export function toMappingRules(input: MappingInput[]): MappingRule[] {
  return input.map((m) => {
    const rule: MappingRule = {
      from: m.from,
      to: m.to,
      replace: (m.replace ?? []).map((r) => ({ value: r.value, replacement: r.replacement })),
    };
    if (m.default !== undefined && m.default !== null) rule.default = m.default;
    return rule;
  });
}
