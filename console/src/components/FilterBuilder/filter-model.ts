import { FILTER_OPERATORS, filterIssues, type FilterGroup, type PatternCheck } from '@intake/rules';
import type { FilterConditionInput, FilterGroupInput, FilterJoin, FilterOperator } from '../../gql/graphql';
import type { FieldErrors } from '../../lib/graphql-errors';
import { newKey } from '../../lib/keys';
import {
  emptyTypedValue,
  readNumber,
  readTypedValue,
  typedValueFrom,
  type TypedValueDraft,
} from '../TypedValueInput/typed-value';

/**
 * The filter builder's editing model and its conversion to and from the API's FilterGroup.
 * Conditions and sub-groups stay in separate lists, in API order, so that a server error naming
 * `filter.groups[0].conditions[1].value` lands on the row the admin sees in that place.
 */

/** How deep groups may nest: the editor's query reads this many levels (see FilterGroupFields). */
export const MAX_FILTER_DEPTH = 4;

/** What kind of value an operator compares with, which decides the value input. */
export type ValueShape = 'none' | 'list' | 'number' | 'regex' | 'text' | 'typed';

export interface OperatorOption {
  value: FilterOperator;
  label: string;
  shape: ValueShape;
}

const OPERATOR_OPTIONS: Record<FilterOperator, Omit<OperatorOption, 'value'>> = {
  EXISTS: { label: 'exists', shape: 'none' },
  NOT_EXISTS: { label: 'does not exist', shape: 'none' },
  EQUALS: { label: 'equals', shape: 'typed' },
  NOT_EQUALS: { label: 'does not equal', shape: 'typed' },
  GREATER_THAN: { label: 'is greater than', shape: 'number' },
  GREATER_THAN_OR_EQUAL: { label: 'is greater than or equal to', shape: 'number' },
  LESS_THAN: { label: 'is less than', shape: 'number' },
  LESS_THAN_OR_EQUAL: { label: 'is less than or equal to', shape: 'number' },
  // CONTAINS looks for a substring in text and for an element in a list, so its value may be of any type.
  CONTAINS: { label: 'contains', shape: 'typed' },
  NOT_CONTAINS: { label: 'does not contain', shape: 'typed' },
  STARTS_WITH: { label: 'starts with', shape: 'text' },
  ENDS_WITH: { label: 'ends with', shape: 'text' },
  IN: { label: 'is one of', shape: 'list' },
  NOT_IN: { label: 'is none of', shape: 'list' },
  MATCHES: { label: 'matches the regular expression', shape: 'regex' },
  IS_EMPTY: { label: 'is empty', shape: 'none' },
  IS_NOT_EMPTY: { label: 'is not empty', shape: 'none' },
};

/** Every operator the server knows, in its order. */
export const OPERATORS: OperatorOption[] = FILTER_OPERATORS.map((value) => ({ value, ...OPERATOR_OPTIONS[value] }));

export function shapeOf(operator: FilterOperator): ValueShape {
  // A stored filter may name an operator this console does not know yet; it is edited as a typed value.
  return OPERATOR_OPTIONS[operator]?.shape ?? 'typed';
}

export type ListItemType = 'string' | 'number';

export interface ConditionDraft {
  key: string;
  attribute: string;
  operator: FilterOperator;
  /** The value for typed, number, text and regex operators (number/text/regex read only `text`). */
  value: TypedValueDraft;
  /** The values of IN / NOT_IN. */
  list: string[];
  listType: ListItemType;
}

export interface FilterGroupDraft {
  key: string;
  join: FilterJoin;
  conditions: ConditionDraft[];
  groups: FilterGroupDraft[];
}

export function emptyCondition(): ConditionDraft {
  return { key: newKey(), attribute: '', operator: 'EXISTS', value: emptyTypedValue(), list: [], listType: 'string' };
}

export function emptyGroup(join: FilterJoin = 'AND'): FilterGroupDraft {
  return { key: newKey(), join, conditions: [], groups: [] };
}

/** A group that starts with one blank condition: what "Add group" creates. */
export function newGroup(): FilterGroupDraft {
  return { ...emptyGroup(), conditions: [emptyCondition()] };
}

/** The read shape of a FilterGroup; the deepest level queried carries only `join`. */
export interface FilterGroupData {
  join: FilterJoin;
  conditions?: readonly { attribute: string; operator: FilterOperator; value?: unknown }[] | null;
  groups?: readonly FilterGroupData[] | null;
}

function conditionFrom(data: { attribute: string; operator: FilterOperator; value?: unknown }): ConditionDraft {
  const condition: ConditionDraft = { ...emptyCondition(), attribute: data.attribute, operator: data.operator };
  const shape = shapeOf(data.operator);
  if (shape === 'list' && Array.isArray(data.value)) {
    const allNumbers = data.value.length > 0 && data.value.every((item) => typeof item === 'number');
    return { ...condition, list: data.value.map((item) => String(item)), listType: allNumbers ? 'number' : 'string' };
  }
  if (shape === 'typed') return { ...condition, value: typedValueFrom(data.value) };
  if (shape === 'none' || data.value === undefined || data.value === null) return condition;
  return { ...condition, value: { type: shape === 'number' ? 'number' : 'string', text: String(data.value) } };
}

/** The editing model of a stored filter; no filter becomes an empty AND group (which accepts everything). */
export function filterDraftFrom(data: FilterGroupData | null | undefined): FilterGroupDraft {
  if (!data) return emptyGroup();
  return {
    ...emptyGroup(data.join),
    conditions: (data.conditions ?? []).map(conditionFrom),
    groups: (data.groups ?? []).map(filterDraftFrom),
  };
}

/** True when the stored filter nests deeper than the editor reads, so editing it here would lose groups. */
export function filterExceedsEditableDepth(data: FilterGroupData | null | undefined, depth = 1): boolean {
  if (!data) return false;
  if (depth > MAX_FILTER_DEPTH) return true;
  return (data.groups ?? []).some((group) => filterExceedsEditableDepth(group, depth + 1));
}

export function isEmptyFilter(group: FilterGroupDraft): boolean {
  return group.conditions.length === 0 && group.groups.length === 0;
}

/** True when a MATCHES condition needs the RE2 check (see lib/pattern-check). */
export function usesPatterns(group: FilterGroupDraft): boolean {
  return (
    group.conditions.some((condition) => shapeOf(condition.operator) === 'regex') || group.groups.some(usesPatterns)
  );
}

type ValueRead = { ok: true; value?: unknown } | { ok: false; message: string };

/**
 * The value a condition sends. What the admin typed is sent as it is whenever the server can judge it (a text in
 * a number field, an empty pattern or list), so that the server's message shows; only what the editor's own
 * inputs add — a value type, a list of numbers — is checked here.
 */
function readConditionValue(condition: ConditionDraft): ValueRead {
  switch (shapeOf(condition.operator)) {
    case 'none':
      return { ok: true };
    case 'list': {
      if (condition.listType === 'string') return { ok: true, value: condition.list };
      const numbers = condition.list.map(readNumber);
      const bad = numbers.findIndex((result) => !result.ok);
      if (bad >= 0) return { ok: false, message: `"${condition.list[bad]}" is not a number.` };
      return { ok: true, value: numbers.map((result) => (result.ok ? result.value : null)) };
    }
    case 'number': {
      const number = readNumber(condition.value.text);
      return number.ok ? number : { ok: true, value: condition.value.text.trim() };
    }
    case 'regex':
    case 'text':
      return { ok: true, value: condition.value.text };
    case 'typed':
      return readTypedValue(condition.value);
  }
}

export interface FilterConversion {
  /** null when the filter is empty: no filter, every request is accepted. */
  input: FilterGroupInput | null;
  /** Problems keyed by the same paths the server uses (`filter.conditions[0].value`). */
  errors: FieldErrors;
}

function groupToInput(group: FilterGroupDraft, path: string, errors: FieldErrors, isRoot: boolean): FilterGroupInput {
  if (!isRoot && isEmptyFilter(group)) {
    // The server accepts an empty group (it neither passes nor fails); in the editor it is surely unfinished.
    errors[path] = 'This group is empty: add a condition or remove the group.';
  }
  const conditions = group.conditions.map((condition, index): FilterConditionInput => {
    const read = readConditionValue(condition);
    if (!read.ok) errors[`${path}.conditions[${index}].value`] = read.message;
    const input: FilterConditionInput = { attribute: condition.attribute.trim(), operator: condition.operator };
    return read.ok && read.value !== undefined ? { ...input, value: read.value } : input;
  });
  return {
    join: group.join,
    conditions,
    groups: group.groups.map((child, index) => groupToInput(child, `${path}.groups[${index}]`, errors, false)),
  };
}

/**
 * The API input for a draft, with every problem the admin can fix before saving: the server's own checks (from
 * `@intake/rules`, in its words) after the editor's. Without `patternProblem` (RE2, loaded lazily) patterns are
 * checked for emptiness and length only.
 */
export function toFilterGroupInput(
  group: FilterGroupDraft,
  path = 'filter',
  patternProblem?: PatternCheck,
): FilterConversion {
  if (isEmptyFilter(group)) return { input: null, errors: {} };
  const errors: FieldErrors = {};
  const input = groupToInput(group, path, errors, true);
  // The editor builds JSON values only, so its input is the FilterGroup the server will check.
  for (const issue of filterIssues(input as FilterGroup, path, { patternProblem }))
    errors[issue.field] ??= issue.message;
  return { input, errors };
}
