import { ENDPOINT_SYNTAX } from '@intake/rules';
import { Field, InputType, Int } from 'type-graphql';
import type {
  FilterCondition,
  FilterGroup,
  FilterJoin,
  FilterOperator,
  HmacAlgorithm,
  HttpMethod,
  IdempotencyInput as IdempotencySetting,
  JsonValue,
  MappingRule,
  ReplaceRule,
  SignatureEncoding,
  VerificationScheme,
  VerificationSettings,
} from '../../domain/types.js';
import type { WebhookPatch } from '../../domain/webhook-patch.js';
import {
  FilterJoinEnum,
  FilterOperatorEnum,
  HmacAlgorithmEnum,
  HttpMethodEnum,
  SignatureEncodingEnum,
  VerificationSchemeEnum,
} from '../enums.js';
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
  @Field(() => String, {
    nullable: true,
    description:
      'A JSONata expression whose result becomes the mapped value: $ is the value at from (missing: undefined), $body the whole body, $headers the lower-cased headers. default and replace apply to its result. Null or absent: the value at from as it is.',
  })
  expression?: string | null;
}

@InputType({ description: 'How the sender is authenticated; options that do not apply to the scheme are refused.' })
export class VerificationInput implements VerificationSettings {
  @Field(() => VerificationSchemeEnum) scheme!: VerificationScheme;
  @Field(() => String, {
    nullable: true,
    description: 'HMAC: the signature header; API_KEY: the header with the key (default "x-api-key").',
  })
  header?: string | null;
  @Field(() => HmacAlgorithmEnum, { nullable: true, description: 'HMAC only; default SHA256.' })
  algorithm?: HmacAlgorithm | null;
  @Field(() => SignatureEncodingEnum, { nullable: true, description: 'HMAC only; default HEX.' })
  encoding?: SignatureEncoding | null;
  @Field(() => String, {
    nullable: true,
    description: 'HMAC only: text before the signature in the header, e.g. "sha256=".',
  })
  prefix?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'HMAC only: when set, the signed content is "<timestamp>.<raw body>".',
  })
  timestampHeader?: string | null;
  @Field(() => Int, { nullable: true, description: 'Schemes with a timestamp; default 300; 1..3600.' })
  toleranceSeconds?: number | null;
  @Field(() => String, { nullable: true, description: 'BASIC_AUTH only.' }) username?: string | null;
}

@InputType()
export class IdempotencyInput implements IdempotencySetting {
  @Field({ description: 'Where the sender\'s delivery id is: "headers.<name>" or "body.<dot.path>".' }) key!: string;
  @Field(() => Int, { nullable: true, description: 'How long a key is remembered; default 168 (7 days); 1..720.' })
  windowHours?: number | null;
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
  @Field(() => VerificationInput, { nullable: true, description: 'Absent = NONE (anyone who knows the URL may send).' })
  verification?: VerificationInput | null;
  @Field(() => IdempotencyInput, { nullable: true, description: 'Absent = every request is processed.' })
  idempotency?: IdempotencyInput | null;
  @Field(() => String, {
    nullable: true,
    description: 'Fan-out: "body.<path to a list>", e.g. body.events; each item becomes one event. Absent = none.',
  })
  splitOn?: string | null;
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
  @Field(() => VerificationInput, {
    nullable: true,
    description: 'Replaces the verification settings as a whole (secrets stay); null is refused (choose NONE).',
  })
  verification?: VerificationInput | null;
  @Field(() => IdempotencyInput, { nullable: true, description: 'null = switch idempotency off.' })
  idempotency?: IdempotencyInput | null;
  @Field(() => String, { nullable: true, description: 'null = stop splitting (one event per request).' })
  splitOn?: string | null;
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
    if (m.expression !== undefined && m.expression !== null) rule.expression = m.expression;
    return rule;
  });
}

/** Plain data out of a VerificationInput instance: only the options given. */
export function toVerificationSettings(input: VerificationInput): VerificationSettings {
  const settings: VerificationSettings = { scheme: input.scheme };
  for (const option of [
    'header',
    'algorithm',
    'encoding',
    'prefix',
    'timestampHeader',
    'toleranceSeconds',
    'username',
  ] as const) {
    if (input[option] !== undefined && input[option] !== null)
      (settings as unknown as Record<string, unknown>)[option] = input[option];
  }
  return settings;
}

export function toIdempotencySetting(input: IdempotencyInput): IdempotencySetting {
  return { key: input.key, windowHours: input.windowHours ?? null };
}

/** An update input as a tri-state patch: absent keeps, null clears, a value sets. */
export function toWebhookPatch(input: UpdateWebhookInput): WebhookPatch {
  const patch: WebhookPatch = {};
  const plain = ['name', 'method', 'endpoint', 'action', 'successResponse', 'errorResponse', 'splitOn'] as const;
  for (const key of plain) {
    if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key];
  }
  if (input.filter !== undefined) patch.filter = input.filter === null ? null : toFilterGroup(input.filter);
  if (input.mapping !== undefined) patch.mapping = input.mapping === null ? null : toMappingRules(input.mapping);
  if (input.verification !== undefined) {
    patch.verification = input.verification === null ? null : toVerificationSettings(input.verification);
  }
  if (input.idempotency !== undefined) {
    patch.idempotency = input.idempotency === null ? null : toIdempotencySetting(input.idempotency);
  }
  return patch;
}
