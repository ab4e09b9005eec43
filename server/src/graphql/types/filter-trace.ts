import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GROUP_VERDICTS, type GroupVerdict } from '../../domain/filter.js';
import type { FilterJoin, FilterOperator, JsonValue } from '../../domain/types.js';
import { FilterJoinEnum, FilterOperatorEnum } from '../enums.js';
import { JSONScalar } from '../scalars.js';

export const FilterTraceVerdictEnum = Object.fromEntries(GROUP_VERDICTS.map((v) => [v, v])) as {
  [K in GroupVerdict]: K;
};
registerEnumType(FilterTraceVerdictEnum, {
  name: 'FilterTraceVerdict',
  description:
    'MATCHED / NOT_MATCHED; EMPTY: a group without conditions (no say); NOT_EVALUATED: never reached (its parent ' +
    'was decided before it, or the request was refused before the filter); UNKNOWN: decided by values a log does ' +
    'not keep (secrets).',
});

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
  @Field({ description: 'False when not evaluated too (see evaluated).' }) passed!: boolean;
  @Field({
    description:
      'False when ingestion would not look at it: its group was decided by an earlier member, the filter was not ' +
      'reached, or (a log) the value is not kept. The explanation says which.',
  })
  evaluated!: boolean;
  @Field() explanation!: string;
}

@ObjectType('FilterGroupTrace', { description: 'A group of the filter and what it came to.' })
export class FilterGroupTraceType {
  @Field({ description: '"0" is the root group, "0.1" its second sub-group: the groupPath of its conditions.' })
  path!: string;
  @Field(() => FilterJoinEnum) join!: FilterJoin;
  @Field(() => FilterTraceVerdictEnum) verdict!: GroupVerdict;
}

@ObjectType('FilterTrace', {
  description:
    'The filter evaluated as ingestion evaluates it: in order, an AND group stopping at its first failure and an OR ' +
    'group at its first match (the conditions after are not evaluated).',
})
export class FilterTraceType {
  @Field(() => FilterTraceVerdictEnum, { description: 'MATCHED, NOT_MATCHED, NOT_EVALUATED or UNKNOWN.' })
  verdict!: GroupVerdict;
  @Field(() => String, {
    nullable: true,
    description: 'Why the filter (or its details) was not evaluated, e.g. "the body could not be read".',
  })
  reason!: string | null;
  @Field(() => [FilterGroupTraceType], { description: 'Every group, depth-first: a group before its sub-groups.' })
  groups!: FilterGroupTraceType[];
  @Field(() => [ConditionTraceType], { description: 'Every condition, each under its group (groupPath).' })
  conditions!: ConditionTraceType[];
}
