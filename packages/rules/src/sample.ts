import type { JsonObject, JsonValue } from './json.js';
import { parseFilterAttribute, pathProblem, writePath } from './paths.js';

/**
 * The Test panel's built sample: a request that should pass a webhook's filter and whose mapped event should pass
 * its event's conversion on the first run. Shared with the server so that its tests can run every blueprint's
 * sample through the real pipeline.
 *
 * How it is built:
 * - Every mapped attribute gets a value of its type from the event definition (a number for NUMBER, true for
 *   BOOLEAN, a list for STRING_LIST, an email address for an email, a date in the format the description names,
 *   the description's own example, …) at the row's source path; `customer` gets the member chosen.
 * - The filter is solved group by group: an AND group needs every member, an OR group the first member that can be
 *   satisfied (positive conditions first, then sub-groups, negative ones last). A condition takes the mapped value
 *   when that satisfies it (so "exists" on a number attribute keeps the number), else a value built from the
 *   condition; a negative one (NOT_EQUALS, NOT_EXISTS, …) is satisfied by a different value or by leaving it out.
 * - With a fan-out (`splitOn`), the mapping reads the first item of the list.
 * - A row with an expression that only reads a path (`$parent.user_identities[0].identity`) gets its value at that
 *   path; any other expression gets a value of its target's type at its source (`$number($) * 10` needs a number).
 * It is a starting point the admin edits: a regular expression is solved only when it is a plain text.
 */

export interface SampleCondition {
  attribute: string;
  operator: string;
  /** A JSON value (the GraphQL JSON scalar reaches the console as unknown). */
  value?: unknown;
}

export interface SampleFilterGroup {
  join: string;
  conditions?: readonly SampleCondition[] | null;
  groups?: readonly SampleFilterGroup[] | null;
}

export interface SampleMappingRow {
  from: string;
  to: string;
  expression?: string | null;
}

/** An attribute of the event the webhook registers, as its definition describes it. */
export interface SampleAttribute {
  path: string;
  type: string;
  description?: string | null;
}

export interface SampleSettings {
  filter?: SampleFilterGroup | null;
  mapping: readonly SampleMappingRow[];
  /** The attributes of the webhook's event; without them every mapped value is a text. */
  attributes?: readonly SampleAttribute[] | null;
  /** The idempotency key (`headers.<name>` or `body.<path>`): the sample carries a delivery id there. */
  idempotencyKey?: string | null;
  /** `body.<path to a list>`: the mapping reads the list's first item. */
  splitOn?: string | null;
}

export interface SampleOptions {
  /** The external id of the member the event is for. */
  customer: string;
  /**
   * Makes the ids that must not repeat unique (delivery id, transaction id): a checkout accepted once, or a delivery
   * processed once, would be refused the second time. Without it they are fixed, for tests.
   */
  unique?: string;
}

export interface SampleRequest {
  headers: Record<string, string>;
  body: JsonObject;
}

/** The delivery id a built sample carries without `unique`. */
export const SAMPLE_DELIVERY_ID = 'sample-delivery-1';

/** What a sample's value is for an attribute, from its type, name and description. */
export function sampleValueFor(
  to: string,
  attributes: readonly SampleAttribute[] | null | undefined,
  options: SampleOptions,
): JsonValue {
  if (to === 'customer') return options.customer;
  const attribute = attributes?.find((candidate) => candidate.path === to);
  const name = to.slice(to.lastIndexOf('.') + 1);
  switch (attribute?.type) {
    case 'NUMBER':
      return 1;
    case 'BOOLEAN':
      return true;
    case 'STRING_LIST':
      return ['example'];
    case 'OBJECT':
      return {};
    default:
      return sampleText(name, attribute?.description ?? '', options);
  }
}

function sampleText(name: string, description: string, options: SampleOptions): string {
  const lower = name.toLowerCase();
  if (lower.includes('email')) return 'member@example.com';
  if (description.includes('YYYY-MM-DD')) return '1990-01-31';
  if (lower.includes('phone') || lower.includes('mobile')) return '+15555550123';
  if (lower === 'transaction_id') return `sample-transaction-${options.unique ?? '1'}`;
  if (lower.includes('url')) return 'https://example.com/';
  // "ISO 4217 currency code, e.g. EUR": the definition's own example is a value the platform understands.
  const example = /\be\.g\.\s+([^\s,;)]+)/.exec(description)?.[1]?.replace(/\.$/, '');
  if (example) return example;
  return `Example ${name.replace(/[_-]+/g, ' ')}`;
}

// -------------------------------------------------------------------------------------------------------------
// The filter solver. Keys are "headers.<lower-case name>" or "body.<path>"; a key is free, set to a value, or
// left out on purpose (absent).

const ABSENT = Symbol('absent');
type Slot = JsonValue | typeof ABSENT;

interface State {
  slots: Map<string, Slot>;
}

/** Operators a missing value satisfies. */
const SATISFIED_BY_ABSENCE = new Set(['NOT_EXISTS', 'NOT_EQUALS', 'NOT_CONTAINS', 'NOT_IN', 'IS_EMPTY']);

function keyOf(attribute: string): string | null {
  const parsed = parseFilterAttribute(attribute);
  if (parsed === null) return null;
  if (parsed.source === 'headers') return parsed.name.length > 0 ? `headers.${parsed.name}` : null;
  const path = parsed.segments.join('.');
  return pathProblem(path) === null ? `body.${path}` : null;
}

function numberOf(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(value))
    return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function textOf(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    const left = numberOf(a);
    return left !== undefined && left === numberOf(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function isEmptyValue(value: Slot | undefined): boolean {
  if (value === undefined || value === ABSENT || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/**
 * Whether a value satisfies a condition, as the server's filter decides it (the server's tests check the samples
 * against the real evaluation). A regular expression is taken as satisfied: it cannot be checked here.
 */
function holds(operator: string, actual: Slot, expected: JsonValue | undefined): boolean {
  const present = actual !== ABSENT;
  const value = present ? actual : undefined;
  switch (operator) {
    case 'EXISTS':
      return present;
    case 'NOT_EXISTS':
      return !present;
    case 'EQUALS':
      return present && same(value, expected ?? null);
    case 'NOT_EQUALS':
      return !holds('EQUALS', actual, expected);
    case 'GREATER_THAN':
    case 'GREATER_THAN_OR_EQUAL':
    case 'LESS_THAN':
    case 'LESS_THAN_OR_EQUAL': {
      const left = numberOf(value);
      const right = numberOf(expected);
      if (left === undefined || right === undefined) return false;
      if (operator === 'GREATER_THAN') return left > right;
      if (operator === 'GREATER_THAN_OR_EQUAL') return left >= right;
      if (operator === 'LESS_THAN') return left < right;
      return left <= right;
    }
    case 'CONTAINS': {
      if (Array.isArray(value)) return value.some((item) => same(item, expected));
      const text = textOf(value);
      const needle = textOf(expected);
      return text !== undefined && needle !== undefined && text.includes(needle);
    }
    case 'NOT_CONTAINS':
      return !holds('CONTAINS', actual, expected);
    case 'STARTS_WITH':
    case 'ENDS_WITH': {
      const text = textOf(value);
      const affix = textOf(expected);
      if (text === undefined || affix === undefined) return false;
      return operator === 'STARTS_WITH' ? text.startsWith(affix) : text.endsWith(affix);
    }
    case 'IN':
      return present && Array.isArray(expected) && expected.some((item) => same(value, item));
    case 'NOT_IN':
      return !holds('IN', actual, expected);
    case 'MATCHES':
      return textOf(value) !== undefined;
    case 'IS_EMPTY':
      return isEmptyValue(actual);
    case 'IS_NOT_EMPTY':
      return !isEmptyValue(actual);
    default:
      return false;
  }
}

/** The text a pattern matches when it is a plain text between optional anchors, e.g. `^order-` → "order-". */
function literalOfPattern(pattern: JsonValue | undefined): string | undefined {
  if (typeof pattern !== 'string') return undefined;
  const inner = pattern.replace(/^\^/, '').replace(/\$$/, '');
  return /^[\w\s@:/,-]*$/.test(inner) ? inner.replace(/\\/g, '') : undefined;
}

/** Values built from the condition alone, most natural first. */
function builtValues(operator: string, expected: JsonValue | undefined): JsonValue[] {
  const number = numberOf(expected);
  const text = textOf(expected);
  switch (operator) {
    case 'EQUALS':
      return [expected ?? null];
    case 'EXISTS':
    case 'IS_NOT_EMPTY':
    case 'NOT_EQUALS':
    case 'NOT_IN':
    case 'NOT_CONTAINS':
      return ['example', 'example-2', 1];
    case 'GREATER_THAN':
      return number === undefined ? [] : [Number.isInteger(number) ? number + 1 : number + 0.5];
    case 'GREATER_THAN_OR_EQUAL':
    case 'LESS_THAN_OR_EQUAL':
      return number === undefined ? [] : [number];
    case 'LESS_THAN':
      return number === undefined ? [] : [Number.isInteger(number) ? number - 1 : number - 0.5];
    case 'CONTAINS':
      return text === undefined ? [[expected ?? null]] : [text];
    case 'STARTS_WITH':
      return text === undefined ? [] : [`${text}example`];
    case 'ENDS_WITH':
      return text === undefined ? [] : [`example${text}`];
    case 'IN':
      return Array.isArray(expected) ? expected : [];
    case 'MATCHES': {
      const literal = literalOfPattern(expected);
      return literal === undefined ? [] : [literal];
    }
    case 'IS_EMPTY':
      return [''];
    default:
      return [];
  }
}

/** Other values of the same kind, for a negative condition the mapped value does not satisfy. */
function variantsOf(value: JsonValue): JsonValue[] {
  if (typeof value === 'number') return [value + 1, value + 2];
  if (typeof value === 'string') return [`${value}-2`, `other-${value}`];
  if (Array.isArray(value)) return [[...value, 'example-2'], ['example-2']];
  return [];
}

function solveCondition(condition: SampleCondition, state: State, preferred: ReadonlyMap<string, JsonValue>): boolean {
  const key = keyOf(condition.attribute);
  if (key === null) return false;
  const expected = (condition.value ?? undefined) as JsonValue | undefined;
  const slot = state.slots.get(key);
  if (slot !== undefined) return holds(condition.operator, slot, expected);
  const asHeader = (value: JsonValue): JsonValue => (key.startsWith('headers.') ? String(value) : value);
  const wanted = preferred.get(key);
  const candidates = [
    ...(wanted === undefined ? [] : [wanted, ...variantsOf(wanted)]),
    ...builtValues(condition.operator, expected),
  ].map(asHeader);
  const found = candidates.find((candidate) => holds(condition.operator, candidate, expected));
  if (found !== undefined) {
    state.slots.set(key, found);
    return true;
  }
  if (SATISFIED_BY_ABSENCE.has(condition.operator)) {
    state.slots.set(key, ABSENT);
    return true;
  }
  return false;
}

function isNegative(condition: SampleCondition): boolean {
  return condition.operator.startsWith('NOT_') || condition.operator === 'IS_EMPTY';
}

function isEmptyGroup(group: SampleFilterGroup): boolean {
  return (group.conditions ?? []).length === 0 && (group.groups ?? []).every(isEmptyGroup);
}

type Branch = { condition: SampleCondition } | { group: SampleFilterGroup };

function solveBranch(branch: Branch, state: State, preferred: ReadonlyMap<string, JsonValue>): boolean {
  return 'condition' in branch
    ? solveCondition(branch.condition, state, preferred)
    : solveGroup(branch.group, state, preferred);
}

/** Satisfies the group in `state` when it can; returns whether it did (an empty group has no say: true). */
function solveGroup(group: SampleFilterGroup, state: State, preferred: ReadonlyMap<string, JsonValue>): boolean {
  const conditions = group.conditions ?? [];
  const groups = (group.groups ?? []).filter((child) => !isEmptyGroup(child));
  if (group.join === 'OR') {
    if (conditions.length === 0 && groups.length === 0) return true;
    const branches: Branch[] = [
      ...conditions.filter((condition) => !isNegative(condition)).map((condition) => ({ condition })),
      ...groups.map((child) => ({ group: child })),
      ...conditions.filter(isNegative).map((condition) => ({ condition })),
    ];
    for (const branch of branches) {
      const attempt: State = { slots: new Map(state.slots) };
      if (solveBranch(branch, attempt, preferred)) {
        state.slots = attempt.slots;
        return true;
      }
    }
    return false;
  }
  // AND: every member, each on what the earlier ones chose; a member that cannot be satisfied does not stop the
  // others (the sample is still the best start the admin can get).
  let passed = true;
  for (const condition of conditions) passed = solveCondition(condition, state, preferred) && passed;
  for (const child of groups) passed = solveGroup(child, state, preferred) && passed;
  return passed;
}

// -------------------------------------------------------------------------------------------------------------
// Expressions that only read a path.

const PATH_READ = /^\$(parent|body)((?:\.[A-Za-z_$][\w$]*|\[\d+\])+)$/;

/** The body path a plain-read expression reads, relative to the whole body; null for any other expression. */
function pathReadBy(expression: string, itemPrefix: string): string | null {
  const match = PATH_READ.exec(expression.trim());
  if (!match) return null;
  const path = match[2]!
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '')
    .replace(/`/g, '');
  // In a split request `$body` is the item and `$parent` the whole body; otherwise `$body` is the whole body.
  if (match[1] === 'parent') return itemPrefix === '' ? null : path;
  return `${itemPrefix}${path}`;
}

/** The value each body path should hold for the mapping to produce a valid event, first row reading it first. */
function mappedValues(settings: SampleSettings, options: SampleOptions, itemPrefix: string): Map<string, JsonValue> {
  const direct: [string, JsonValue][] = [];
  const read: [string, JsonValue][] = [];
  const computed: [string, JsonValue][] = [];
  for (const row of settings.mapping) {
    const value = sampleValueFor(row.to, settings.attributes, options);
    const expression = row.expression?.trim();
    if (!expression) {
      direct.push([`body.${itemPrefix}${row.from}`, value]);
      continue;
    }
    const path = pathReadBy(expression, itemPrefix);
    if (path !== null) read.push([`body.${path}`, value]);
    else computed.push([`body.${itemPrefix}${row.from}`, value]);
  }
  const values = new Map<string, JsonValue>();
  for (const [key, value] of [...direct, ...read, ...computed]) {
    if (!values.has(key) && keyOf(key) === key) values.set(key, value);
  }
  return values;
}

/** Builds the sample request for a webhook's settings (see the module's comment for how). */
export function buildSampleRequest(settings: SampleSettings, options: SampleOptions): SampleRequest {
  const splitPath = settings.splitOn?.startsWith('body.') ? settings.splitOn.slice('body.'.length) : '';
  const itemPrefix = splitPath === '' || pathProblem(splitPath) !== null ? '' : `${splitPath}.0.`;
  const preferred = mappedValues(settings, options, itemPrefix);
  const state: State = { slots: new Map() };
  if (settings.filter) solveGroup(settings.filter, state, preferred);

  const key = settings.idempotencyKey ? keyOf(settings.idempotencyKey) : null;
  if (key !== null && !state.slots.has(key)) {
    state.slots.set(key, options.unique ? `sample-delivery-${options.unique}` : SAMPLE_DELIVERY_ID);
  }
  for (const [path, value] of preferred) if (!state.slots.has(path)) state.slots.set(path, value);

  const sample: SampleRequest = { headers: { 'content-type': 'application/json' }, body: {} };
  for (const [slotKey, value] of state.slots) {
    if (value === ABSENT) continue;
    if (slotKey.startsWith('headers.')) sample.headers[slotKey.slice('headers.'.length)] = String(value);
    else writePath(sample.body, slotKey.slice('body.'.length), value, { keepExisting: true, arraysForIndexes: true });
  }
  // A split request needs its list even when no mapping row reads an item.
  if (itemPrefix !== '') writePath(sample.body, `${splitPath}.0`, {}, { keepExisting: true, arraysForIndexes: true });
  return sample;
}
