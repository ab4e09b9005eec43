import { previewValue } from '@intake/rules';
import { numericValue, valuesEqual } from './conversion.js';
import { lookupPath, MISSING, parseFilterAttribute, type FilterAttribute, type Missing } from './paths.js';
import { isSecretName, REDACTED } from './redaction.js';
import { compilePattern, patternProblem, type CompiledPattern } from './regex.js';
import type { FilterCondition, FilterGroup, FilterJoin, FilterOperator, JsonValue } from './types.js';

/**
 * Filter evaluation: decides whether a request is for this webhook.
 *
 * Semantics where the contract is silent:
 * - Headers: names are case-insensitive; a header sent several times is compared as its values joined with
 *   ", " (what Node does for most headers, and what HTTP says a comma-separated list means).
 * - EXISTS: the key is present, even when its value is null. IS_EMPTY is the test for "no usable value".
 * - Every NOT_ operator (NOT_EXISTS, NOT_EQUALS, NOT_CONTAINS, NOT_IN, IS_NOT_EMPTY) is the exact negation of its
 *   positive twin, so a missing value satisfies NOT_EQUALS, NOT_CONTAINS and NOT_IN ("status is not cancelled"
 *   holds when there is no status). Combine with EXISTS to require presence.
 * - Numeric operators need a number or numeric string on both sides: any other value fails all four ("abc" is
 *   neither greater nor less than 0).
 * - EQUALS/IN/CONTAINS-on-arrays use `valuesEqual`: numbers by value ("10" = 10 = 10.0), other JSON exactly.
 * - CONTAINS/STARTS_WITH/ENDS_WITH/MATCHES on a number look at its decimal text; on anything else they fail.
 * - A group without conditions and without non-empty sub-groups is neutral: it neither passes nor fails its
 *   parent (an empty branch does not make an OR pass). A filter that is null or entirely empty accepts all.
 * - Messages never show the values of headers, nor of body paths whose names look secret: filters on those
 *   are usually shared secrets, and the first failure is stored in the request log.
 */

export type FilterHeaders = Record<string, string | string[] | undefined>;
export interface FilterRequest {
  headers: FilterHeaders;
  body: JsonValue;
}

export interface ConditionTrace {
  /** "0" for the root group, "0.1" for the root's second sub-group, and so on. */
  groupPath: string;
  /** Position of the condition within its group. */
  index: number;
  attribute: string;
  operator: FilterOperator;
  expected: JsonValue | undefined;
  /** The value read from the request; undefined when missing. */
  actual: JsonValue | undefined;
  found: boolean;
  /** False when it was not evaluated (then also false); see `evaluated`. */
  passed: boolean;
  /**
   * False for a condition ingestion never looked at: its group was decided by an earlier member (an AND by a
   * failure, an OR by a match), the whole filter was not reached, or the value it reads is not known (see
   * `TraceOptions.unknown`). The explanation says which.
   */
  evaluated: boolean;
  /** Why it passed or failed, in plain words (secret values shown as [REDACTED]). */
  explanation: string;
}

/**
 * What a group came to: MATCHED or NOT_MATCHED; EMPTY for a group with no condition anywhere beneath it (it has no
 * say); NOT_EVALUATED when its parent was decided before it, or the filter was not reached; UNKNOWN when the
 * values that would decide it are not known.
 */
export type GroupVerdict = 'MATCHED' | 'NOT_MATCHED' | 'EMPTY' | 'NOT_EVALUATED' | 'UNKNOWN';
export const GROUP_VERDICTS: readonly GroupVerdict[] = ['MATCHED', 'NOT_MATCHED', 'EMPTY', 'NOT_EVALUATED', 'UNKNOWN'];

export interface GroupTrace {
  /** "0" for the root group, "0.1" for the root's second sub-group: the `groupPath` of its conditions. */
  path: string;
  join: FilterJoin;
  verdict: GroupVerdict;
}

export interface FilterResult {
  passed: boolean;
  /** Every condition of the filter, in order (groups depth-first, a group's conditions before its sub-groups). */
  conditions: ConditionTrace[];
  /** Every group of the filter, depth-first (a group before its sub-groups), each with its verdict. */
  groups: GroupTrace[];
  /** The condition that made the filter fail, e.g. `body.pointadd EXISTS: missing`; null when it passed. */
  firstFailure: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled conditions: parsing the attribute and compiling the pattern happen once per condition object,
// not once per request. Settings objects are shared by requests, so a WeakMap keyed by them is the cache.

interface CompiledCondition {
  attributeText: string;
  expected: JsonValue | undefined;
  attribute: FilterAttribute | null;
  secret: boolean;
  pattern?: CompiledPattern | string;
}

const compiledConditions = new WeakMap<FilterCondition, CompiledCondition>();

function compile(condition: FilterCondition): CompiledCondition {
  const cached = compiledConditions.get(condition);
  if (cached && cached.attributeText === condition.attribute && cached.expected === condition.value) return cached;
  const attribute = parseFilterAttribute(condition.attribute);
  const compiled: CompiledCondition = {
    attributeText: condition.attribute,
    expected: condition.value,
    attribute,
    secret: attribute?.source === 'headers' || (attribute?.source === 'body' && attribute.segments.some(isSecretName)),
  };
  compiledConditions.set(condition, compiled);
  return compiled;
}

function patternOf(compiled: CompiledCondition): CompiledPattern | string {
  if (compiled.pattern === undefined) {
    const pattern = compiled.expected;
    if (typeof pattern !== 'string') {
      compiled.pattern = 'the pattern is not a text';
    } else {
      const problem = patternProblem(pattern);
      compiled.pattern = problem ?? compilePattern(pattern);
    }
  }
  return compiled.pattern;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the request.

function readHeader(headers: FilterHeaders, lowerName: string): string | Missing {
  let value = Object.hasOwn(headers, lowerName) ? headers[lowerName] : undefined;
  if (value === undefined) {
    // Node lower-cases incoming names; other callers (the dry run, tests) may not.
    for (const name of Object.keys(headers)) {
      if (name.length === lowerName.length && name.toLowerCase() === lowerName) {
        value = headers[name];
        if (value !== undefined) break;
      }
    }
  }
  if (value === undefined) return MISSING;
  return typeof value === 'string' ? value : value.join(', ');
}

function readAttribute(compiled: CompiledCondition, request: FilterRequest): JsonValue | Missing {
  const attribute = compiled.attribute;
  if (attribute === null) return MISSING;
  if (attribute.source === 'headers') return readHeader(request.headers, attribute.name);
  return lookupPath(request.body, attribute.segments);
}

// ---------------------------------------------------------------------------------------------------------------
// The operators. `conditionHolds` is the single source of truth; explanations only describe its answer.

function asText(value: JsonValue | Missing): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return undefined;
}

function isEmpty(value: JsonValue | Missing): boolean {
  if (value === MISSING || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function compareNumbers(operator: FilterOperator, actual: number, expected: number): boolean {
  switch (operator) {
    case 'GREATER_THAN':
      return actual > expected;
    case 'GREATER_THAN_OR_EQUAL':
      return actual >= expected;
    case 'LESS_THAN':
      return actual < expected;
    default:
      return actual <= expected;
  }
}

function contains(actual: JsonValue | Missing, expected: JsonValue | undefined): boolean {
  if (Array.isArray(actual)) {
    for (const item of actual) if (valuesEqual(item, expected)) return true;
    return false;
  }
  const text = asText(actual);
  const needle = asText(expected ?? null);
  return text !== undefined && needle !== undefined && text.includes(needle);
}

function isIn(actual: JsonValue | Missing, expected: JsonValue | undefined): boolean {
  if (actual === MISSING || !Array.isArray(expected)) return false;
  for (const item of expected) if (valuesEqual(actual, item)) return true;
  return false;
}

function conditionHolds(operator: FilterOperator, actual: JsonValue | Missing, compiled: CompiledCondition): boolean {
  const expected = compiled.expected;
  switch (operator) {
    case 'EXISTS':
      return actual !== MISSING;
    case 'NOT_EXISTS':
      return actual === MISSING;
    case 'EQUALS':
      return actual !== MISSING && valuesEqual(actual, expected ?? null);
    case 'NOT_EQUALS':
      return !(actual !== MISSING && valuesEqual(actual, expected ?? null));
    case 'GREATER_THAN':
    case 'GREATER_THAN_OR_EQUAL':
    case 'LESS_THAN':
    case 'LESS_THAN_OR_EQUAL': {
      if (actual === MISSING) return false;
      const left = numericValue(actual);
      const right = numericValue(expected);
      return left !== undefined && right !== undefined && compareNumbers(operator, left, right);
    }
    case 'CONTAINS':
      return contains(actual, expected);
    case 'NOT_CONTAINS':
      return !contains(actual, expected);
    case 'STARTS_WITH':
    case 'ENDS_WITH': {
      const text = asText(actual);
      const affix = asText(expected ?? null);
      if (text === undefined || affix === undefined) return false;
      return operator === 'STARTS_WITH' ? text.startsWith(affix) : text.endsWith(affix);
    }
    case 'IN':
      return isIn(actual, expected);
    case 'NOT_IN':
      return !isIn(actual, expected);
    case 'MATCHES': {
      const text = asText(actual);
      const pattern = patternOf(compiled);
      return text !== undefined && typeof pattern !== 'string' && pattern.test(text);
    }
    case 'IS_EMPTY':
      return isEmpty(actual);
    case 'IS_NOT_EMPTY':
      return !isEmpty(actual);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hot path: a yes/no answer that stops at the first decisive condition and allocates nothing.

type Verdict = boolean | null; // null: the group is empty, so it has no say

function groupVerdict(group: FilterGroup, request: FilterRequest): Verdict {
  const isAnd = group.join !== 'OR';
  let decided = false;
  for (const condition of group.conditions ?? []) {
    const compiled = compile(condition);
    const passed = conditionHolds(condition.operator, readAttribute(compiled, request), compiled);
    if (passed !== isAnd) return passed;
    decided = true;
  }
  for (const child of group.groups ?? []) {
    const verdict = groupVerdict(child, request);
    if (verdict === null) continue;
    if (verdict !== isAnd) return verdict;
    decided = true;
  }
  return decided ? isAnd : null;
}

/** Whether the request passes the filter, without building a trace: what the ingestion route runs. */
export function filterPasses(filter: FilterGroup | null, request: FilterRequest): boolean {
  return filter === null || groupVerdict(filter, request) !== false;
}

// ---------------------------------------------------------------------------------------------------------------
// Traced evaluation: the hot path's order and short-circuits, explained — for the dry run, a log's detail and the
// log's error. A condition the hot path would not have looked at is recorded as not evaluated, never as failed.

export interface TraceOptions {
  /**
   * Values that are not the request's own: a condition reading one is not evaluated ("not kept in the log"), and
   * the groups it could have decided are UNKNOWN. A log's detail passes the redaction marker: the log keeps
   * `[REDACTED]` where the request had a secret.
   */
  unknown?: (value: JsonValue) => boolean;
}

/** What a group came to: true / false, or null for no say (empty, not evaluated) — and "unknown". */
type Outcome = boolean | null | 'unknown';

interface GroupOutcome {
  outcome: Outcome;
  /** Why the group failed (its first decisive failure); null when it did not fail. */
  failure: string | null;
}

interface TraceSink {
  conditions: ConditionTrace[];
  groups: GroupTrace[];
  request: FilterRequest | null;
  options: TraceOptions;
}

const SHORT_CIRCUITED = 'not evaluated: an earlier condition decided its group';
const UNKNOWN_VALUE = 'not evaluated: the value is not kept in the log';

/**
 * Evaluates the filter against a request the way `filterPasses` does — in order, an AND group stopping at its
 * first failure and an OR group at its first match — and explains every condition and group; those the
 * evaluation never reached are marked not evaluated. `passed` always agrees with `filterPasses` (without unknown
 * values); `firstFailure` names the condition that made the filter fail (in an OR group where every branch failed,
 * the first branch's).
 */
export function evaluateFilter(
  filter: FilterGroup | null,
  request: FilterRequest,
  options: TraceOptions = {},
): FilterResult {
  const sink: TraceSink = { conditions: [], groups: [], request, options };
  if (filter === null) return { passed: true, conditions: sink.conditions, groups: sink.groups, firstFailure: null };
  const root = traceGroup(filter, '0', sink, null);
  const passed = root.outcome !== false;
  return { passed, conditions: sink.conditions, groups: sink.groups, firstFailure: passed ? null : root.failure };
}

/**
 * The filter's groups and conditions, none evaluated, each saying `reason` (e.g. "the body could not be read"):
 * for a request refused before its filter.
 */
export function unevaluatedFilter(filter: FilterGroup, reason: string): Pick<FilterResult, 'conditions' | 'groups'> {
  const sink: TraceSink = { conditions: [], groups: [], request: null, options: {} };
  traceGroup(filter, '0', sink, `not evaluated: ${reason}`);
  return { conditions: sink.conditions, groups: sink.groups };
}

/** Whether a filter has any condition at all (an empty one accepts every request and is not shown as a filter). */
export function hasConditions(filter: FilterGroup | null): boolean {
  if (filter === null) return false;
  return (filter.conditions ?? []).length > 0 || (filter.groups ?? []).some(hasConditions);
}

/** `skipped`: why this group is not evaluated at all, or null to evaluate it. */
function traceGroup(group: FilterGroup, path: string, sink: TraceSink, skipped: string | null): GroupOutcome {
  const isAnd = group.join !== 'OR';
  const entry: GroupTrace = { path, join: isAnd ? 'AND' : 'OR', verdict: 'NOT_EVALUATED' };
  sink.groups.push(entry);
  // `decisive`: the member that decided the group (AND: a failure, OR: a match); the rest are not evaluated.
  let decisive: boolean | null = null;
  let decided = false;
  let unknown = false;
  let failure: string | null = null;
  let index = 0;
  for (const condition of group.conditions ?? []) {
    const skip = skipped ?? (decisive === null ? null : SHORT_CIRCUITED);
    if (skip !== null || sink.request === null) {
      sink.conditions.push(notEvaluated(condition, path, index++, skip ?? SHORT_CIRCUITED));
      continue;
    }
    const trace = traceCondition(condition, path, index++, sink.request, sink.options);
    sink.conditions.push(trace);
    decided = true;
    if (!trace.evaluated) {
      unknown = true;
      continue;
    }
    if (!trace.passed) failure ??= describeFailure(trace, compile(condition).secret);
    if (trace.passed !== isAnd) decisive = trace.passed;
  }
  index = 0;
  for (const child of group.groups ?? []) {
    const skip = skipped ?? (decisive === null ? null : SHORT_CIRCUITED);
    const result = traceGroup(child, `${path}.${index++}`, sink, skip);
    if (result.outcome === null) continue;
    decided = true;
    if (result.outcome === 'unknown') {
      unknown = true;
      continue;
    }
    if (!result.outcome) failure ??= result.failure;
    if (result.outcome !== isAnd) decisive = result.outcome;
  }
  if (skipped !== null) return { outcome: null, failure: null };
  if (!decided) {
    entry.verdict = 'EMPTY';
    return { outcome: null, failure: null };
  }
  // AND fails on its first failure; OR fails only when every branch failed, and then names the first.
  const outcome: Outcome = decisive ?? (unknown ? 'unknown' : isAnd);
  entry.verdict = outcome === 'unknown' ? 'UNKNOWN' : outcome ? 'MATCHED' : 'NOT_MATCHED';
  return { outcome, failure: outcome === false ? failure : null };
}

function notEvaluated(condition: FilterCondition, groupPath: string, index: number, why: string): ConditionTrace {
  return {
    groupPath,
    index,
    attribute: condition.attribute,
    operator: condition.operator,
    expected: condition.value,
    actual: undefined,
    found: false,
    passed: false,
    evaluated: false,
    explanation: why,
  };
}

function traceCondition(
  condition: FilterCondition,
  groupPath: string,
  index: number,
  request: FilterRequest,
  options: TraceOptions,
): ConditionTrace {
  const compiled = compile(condition);
  const actual = readAttribute(compiled, request);
  if (actual !== MISSING && options.unknown?.(actual)) return notEvaluated(condition, groupPath, index, UNKNOWN_VALUE);
  const passed = conditionHolds(condition.operator, actual, compiled);
  return {
    groupPath,
    index,
    attribute: condition.attribute,
    operator: condition.operator,
    expected: condition.value,
    actual: actual === MISSING ? undefined : actual,
    found: actual !== MISSING,
    passed,
    evaluated: true,
    explanation: explain(condition.operator, actual, compiled, passed),
  };
}

const TAKES_NO_VALUE: ReadonlySet<FilterOperator> = new Set(['EXISTS', 'NOT_EXISTS', 'IS_EMPTY', 'IS_NOT_EMPTY']);

/** `body.pointsub GREATER_THAN 0: actual "abc" is not a number` */
function describeFailure(trace: ConditionTrace, secret: boolean): string {
  const expected = TAKES_NO_VALUE.has(trace.operator)
    ? ''
    : ` ${secret ? REDACTED : previewValue(trace.expected ?? null)}`;
  return `${trace.attribute} ${trace.operator}${expected}: ${trace.explanation}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Explanations: describe the answer `conditionHolds` gave, in plain words.

const COMPARISON_WORDS: Partial<Record<FilterOperator, string>> = {
  GREATER_THAN: 'greater than',
  GREATER_THAN_OR_EQUAL: 'greater than or equal to',
  LESS_THAN: 'less than',
  LESS_THAN_OR_EQUAL: 'less than or equal to',
};

function explain(
  operator: FilterOperator,
  actual: JsonValue | Missing,
  compiled: CompiledCondition,
  passed: boolean,
): string {
  if (actual === MISSING) return 'missing';
  const show = (value: JsonValue | undefined) => (compiled.secret ? REDACTED : previewValue(value ?? null));
  const subject = `actual ${show(actual)}`;
  const expected = compiled.expected;
  switch (operator) {
    case 'EXISTS':
    case 'NOT_EXISTS':
      return 'present';
    case 'EQUALS':
    case 'NOT_EQUALS':
      return valuesEqual(actual, expected ?? null) ? `${subject} is equal` : `${subject} is different`;
    case 'GREATER_THAN':
    case 'GREATER_THAN_OR_EQUAL':
    case 'LESS_THAN':
    case 'LESS_THAN_OR_EQUAL': {
      if (numericValue(actual) === undefined) return `${subject} is not a number`;
      if (numericValue(expected) === undefined) return `the expected value ${show(expected)} is not a number`;
      const words = COMPARISON_WORDS[operator];
      return passed ? `${subject} is ${words} ${show(expected)}` : `${subject} is not ${words} ${show(expected)}`;
    }
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      if (!Array.isArray(actual) && asText(actual) === undefined) return `${subject} is not a text or a list`;
      return contains(actual, expected)
        ? `${subject} contains ${show(expected)}`
        : `${subject} does not contain ${show(expected)}`;
    case 'STARTS_WITH':
    case 'ENDS_WITH': {
      if (asText(actual) === undefined) return `${subject} is not a text`;
      const verb = operator === 'STARTS_WITH' ? 'start' : 'end';
      return passed
        ? `${subject} ${verb}s with ${show(expected)}`
        : `${subject} does not ${verb} with ${show(expected)}`;
    }
    case 'IN':
    case 'NOT_IN':
      if (!Array.isArray(expected)) return 'the expected value is not a list';
      return isIn(actual, expected) ? `${subject} is in the list` : `${subject} is not in the list`;
    case 'MATCHES': {
      const pattern = patternOf(compiled);
      if (typeof pattern === 'string') return `the pattern cannot be used: ${pattern}`;
      if (asText(actual) === undefined) return `${subject} is not a text`;
      return passed ? `${subject} matches the pattern` : `${subject} does not match the pattern`;
    }
    case 'IS_EMPTY':
    case 'IS_NOT_EMPTY':
      return isEmpty(actual) ? `${subject} is empty` : `${subject} is not empty`;
  }
}
