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

export const OPERATORS: OperatorOption[] = [
  { value: 'EXISTS', label: 'exists', shape: 'none' },
  { value: 'NOT_EXISTS', label: 'does not exist', shape: 'none' },
  { value: 'EQUALS', label: 'equals', shape: 'typed' },
  { value: 'NOT_EQUALS', label: 'does not equal', shape: 'typed' },
  { value: 'GREATER_THAN', label: 'is greater than', shape: 'number' },
  { value: 'GREATER_THAN_OR_EQUAL', label: 'is greater than or equal to', shape: 'number' },
  { value: 'LESS_THAN', label: 'is less than', shape: 'number' },
  { value: 'LESS_THAN_OR_EQUAL', label: 'is less than or equal to', shape: 'number' },
  // CONTAINS looks for a substring in text and for an element in a list, so its value may be of any type.
  { value: 'CONTAINS', label: 'contains', shape: 'typed' },
  { value: 'NOT_CONTAINS', label: 'does not contain', shape: 'typed' },
  { value: 'STARTS_WITH', label: 'starts with', shape: 'text' },
  { value: 'ENDS_WITH', label: 'ends with', shape: 'text' },
  { value: 'IN', label: 'is one of', shape: 'list' },
  { value: 'NOT_IN', label: 'is none of', shape: 'list' },
  { value: 'MATCHES', label: 'matches the regular expression', shape: 'regex' },
  { value: 'IS_EMPTY', label: 'is empty', shape: 'none' },
  { value: 'IS_NOT_EMPTY', label: 'is not empty', shape: 'none' },
];

const SHAPES = new Map(OPERATORS.map((option) => [option.value, option.shape]));

export function shapeOf(operator: FilterOperator): ValueShape {
  return SHAPES.get(operator) ?? 'typed';
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

const ATTRIBUTE_PATTERN = /^(headers|body)\.[^.\s][^\s]*$/;

function readConditionValue(condition: ConditionDraft): { ok: true; value?: unknown } | { ok: false; message: string } {
  switch (shapeOf(condition.operator)) {
    case 'none':
      return { ok: true };
    case 'list': {
      if (condition.list.length === 0) return { ok: false, message: 'Add at least one value.' };
      if (condition.listType === 'string') return { ok: true, value: condition.list };
      const numbers = condition.list.map(readNumber);
      const bad = numbers.findIndex((result) => !result.ok);
      if (bad >= 0) return { ok: false, message: `"${condition.list[bad]}" is not a number.` };
      return { ok: true, value: numbers.map((result) => (result.ok ? result.value : null)) };
    }
    case 'number':
      return readNumber(condition.value.text);
    case 'regex':
      return readRegex(condition.value.text);
    case 'text':
      return condition.value.text === ''
        ? { ok: false, message: 'Enter the text to compare with.' }
        : { ok: true, value: condition.value.text };
    case 'typed':
      return readTypedValue(condition.value);
  }
}

function readRegex(pattern: string): { ok: true; value: string } | { ok: false; message: string } {
  if (pattern === '') return { ok: false, message: 'Enter a regular expression, e.g. ^VIP-[0-9]+$' };
  try {
    // The server runs a linear-time engine (RE2) that is stricter still; this catches plain typos early.
    new RegExp(pattern);
    return { ok: true, value: pattern };
  } catch {
    return { ok: false, message: 'This is not a valid regular expression.' };
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
    errors[path] = 'This group is empty: add a condition or remove the group.';
  }
  const conditions = group.conditions.map((condition, index): FilterConditionInput => {
    const conditionPath = `${path}.conditions[${index}]`;
    if (!ATTRIBUTE_PATTERN.test(condition.attribute.trim())) {
      errors[`${conditionPath}.attribute`] = 'Start with headers. or body., e.g. body.pointadd or headers.x-token.';
    }
    const read = readConditionValue(condition);
    if (!read.ok) errors[`${conditionPath}.value`] = read.message;
    const input: FilterConditionInput = { attribute: condition.attribute.trim(), operator: condition.operator };
    return read.ok && read.value !== undefined ? { ...input, value: read.value } : input;
  });
  return {
    join: group.join,
    conditions,
    groups: group.groups.map((child, index) => groupToInput(child, `${path}.groups[${index}]`, errors, false)),
  };
}

/** The API input for a draft, with every problem the admin can fix before saving. */
export function toFilterGroupInput(group: FilterGroupDraft, path = 'filter'): FilterConversion {
  if (isEmptyFilter(group)) return { input: null, errors: {} };
  const errors: FieldErrors = {};
  const input = groupToInput(group, path, errors, true);
  return { input, errors };
}
