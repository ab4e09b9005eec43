import { Field, Int, ObjectType } from 'type-graphql';
import type { FilterOperator, JsonValue, RequestOutcome } from '../../domain/types.js';
import { FilterOperatorEnum, RequestOutcomeEnum } from '../enums.js';
import { JSONScalar } from '../scalars.js';

@ObjectType('ConditionTrace', { description: 'One filter condition evaluated against the sample request.' })
export class ConditionTraceType {
  @Field({ description: '"0" is the root group, "0.1" its second sub-group.' }) groupPath!: string;
  @Field(() => Int) index!: number;
  @Field() attribute!: string;
  @Field(() => FilterOperatorEnum) operator!: FilterOperator;
  @Field(() => JSONScalar, { nullable: true }) expected?: JsonValue;
  @Field(() => JSONScalar, { nullable: true, description: 'The value read from the request (null when missing).' })
  actual?: JsonValue;
  @Field() found!: boolean;
  @Field() passed!: boolean;
  @Field() explanation!: string;
}

@ObjectType('MappingTrace')
export class MappingTraceType {
  @Field() from!: string;
  @Field() to!: string;
  @Field() found!: boolean;
  @Field() usedDefault!: boolean;
  @Field() replaced!: boolean;
  @Field(() => JSONScalar, { nullable: true }) value?: JsonValue;
  @Field(() => String, { nullable: true }) problem?: string;
}

@ObjectType('EventIssue')
export class EventIssueType {
  @Field({ description: 'MISSING_ATTRIBUTE or INVALID_ATTRIBUTE' }) code!: string;
  @Field() attribute!: string;
  @Field() message!: string;
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
  @Field(() => [MappingTraceType]) mapping!: MappingTraceType[];
  @Field(() => JSONScalar, { nullable: true, description: 'The event before conversion.' })
  mappedEvent!: JsonValue | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The event after conversion.' })
  convertedEvent!: JsonValue | null;
  @Field(() => [EventIssueType]) issues!: EventIssueType[];
}
