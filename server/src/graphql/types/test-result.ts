import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { JsonValue, RequestOutcome, VerificationScheme } from '../../domain/types.js';
import { RequestOutcomeEnum, VerificationSchemeEnum } from '../enums.js';
import { JSONScalar } from '../scalars.js';
import { ConditionTraceType, FilterTraceType } from './filter-trace.js';

export { ConditionTraceType };

@ObjectType('MappingTrace')
export class MappingTraceType {
  @Field() from!: string;
  @Field() to!: string;
  @Field() found!: boolean;
  @Field() usedDefault!: boolean;
  @Field() replaced!: boolean;
  @Field(() => JSONScalar, { nullable: true }) value?: JsonValue;
  @Field(() => String, { nullable: true }) problem?: string;
  @Field(() => String, { nullable: true, description: "The row's expression, when it has one." })
  expression?: string;
  @Field(() => JSONScalar, {
    name: 'expressionResult',
    nullable: true,
    description:
      'What the expression computed, before default and replace (value is what was written); null when it computed nothing or null.',
  })
  computed?: JsonValue;
}

@ObjectType('EventIssue')
export class EventIssueType {
  @Field({ description: 'MISSING_ATTRIBUTE or INVALID_ATTRIBUTE' }) code!: string;
  @Field() attribute!: string;
  @Field() message!: string;
}

@ObjectType('VerificationTestStep', {
  description:
    'How the sample fared against sender verification: verified, or which check failed (never the expected value).',
})
export class VerificationTestStepType {
  @Field(() => VerificationSchemeEnum) scheme!: VerificationScheme;
  @Field({ description: 'True for NONE (nobody is verified) and for a sample that passed.' }) verified!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'SIGNATURE_MISSING, SIGNATURE_INVALID, TIMESTAMP_INVALID, UNAUTHENTICATED, or WOOCOMMERCE_PING.',
  })
  errorCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Which check failed, e.g. "missing header webhook-id".' })
  reason!: string | null;
  @Field({ description: "The sample was signed server-side with the webhook's newest live secret." })
  signed!: boolean;
}

@ObjectType('IdempotencyTestStep', {
  description: 'The delivery id: where it is read, what the sample carries, and whether it was processed already.',
})
export class IdempotencyTestStepType {
  @Field({ description: 'Where the delivery id is read, e.g. headers.webhook-id.' }) key!: string;
  @Field(() => String, { nullable: true, description: 'The delivery id found in the sample.' }) value!: string | null;
  @Field(() => String, { nullable: true, description: 'Why no usable delivery id was found (answered 400).' })
  problem!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether a request with this delivery id was processed within the window (a read; nothing reserved).',
  })
  alreadyProcessed!: boolean | null;
  @Field(() => ID, { nullable: true, description: 'The request log of the request that processed it.' })
  originalRequestId!: string | null;
}

@ObjectType('TestItemResult', { description: 'One item of a split sample (splitOn): its mapping and conversion.' })
export class TestItemResultType {
  @Field(() => Int, { description: 'The position of the item in the list, from 0.' }) index!: number;
  @Field(() => [MappingTraceType]) mapping!: MappingTraceType[];
  @Field(() => JSONScalar, { nullable: true }) mappedEvent!: JsonValue | null;
  @Field(() => JSONScalar, { nullable: true }) convertedEvent!: JsonValue | null;
  @Field(() => [EventIssueType]) issues!: EventIssueType[];
}

@ObjectType('WebhookTestResult', { description: 'What the sender would get, and why. Nothing was stored.' })
export class WebhookTestResultType {
  @Field(() => Int) statusCode!: number;
  @Field(() => RequestOutcomeEnum) outcome!: RequestOutcome;
  @Field(() => String, { nullable: true, description: 'e.g. FILTERED, MISSING_ATTRIBUTE' }) errorCode!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field() responseBody!: string;
  @Field(() => JSONScalar) responseHeaders!: Record<string, string>;
  @Field(() => Boolean, { nullable: true }) filterPassed!: boolean | null;
  @Field(() => [ConditionTraceType]) conditions!: ConditionTraceType[];
  @Field(() => FilterTraceType, {
    nullable: true,
    description:
      'The filter with its groups: each group’s verdict, conditions under their group, short-circuits as not ' +
      'evaluated; NOT_EVALUATED with the reason when the sample was refused before it. Null without a filter.',
  })
  filterTrace!: FilterTraceType | null;
  @Field(() => [MappingTraceType]) mapping!: MappingTraceType[];
  @Field(() => JSONScalar, { nullable: true, description: 'The event before conversion.' })
  mappedEvent!: JsonValue | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The event after conversion.' })
  convertedEvent!: JsonValue | null;
  @Field(() => [EventIssueType]) issues!: EventIssueType[];
  @Field(() => [TestItemResultType], {
    description:
      'A split sample (splitOn): every item mapped, up to the one refused; empty when the webhook does not split.',
  })
  items!: TestItemResultType[];
  @Field(() => [JSONScalar], { description: 'The events the sample would register, in item order (after conversion).' })
  events!: JsonValue[];
  @Field(() => VerificationTestStepType, {
    nullable: true,
    description: 'Null when the sample was refused before its sender was checked (method, size).',
  })
  verification!: VerificationTestStepType | null;
  @Field(() => IdempotencyTestStepType, {
    nullable: true,
    description: 'Null without idempotency, or when the sample was refused before its delivery id was read.',
  })
  idempotency!: IdempotencyTestStepType | null;
}
