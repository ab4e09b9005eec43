import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { GROUP_VERDICTS, type GroupVerdict } from '../../domain/filter.js';
import type { FilterJoin } from '../../domain/types.js';
import { FilterJoinEnum } from '../enums.js';
import { ConditionTraceType } from './test-result.js';

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
