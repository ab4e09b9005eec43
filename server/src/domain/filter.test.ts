import { describe, expect, it } from 'vitest';
import { evaluateFilter, filterPasses, hasConditions, unevaluatedFilter, type FilterRequest } from './filter.js';
import type { FilterCondition, FilterGroup, FilterOperator, JsonObject, JsonValue } from './types.js';

const body: JsonObject = {
  num: 10,
  float: 10.5,
  zero: 0,
  negative: -3,
  numStr: '10',
  numStrPadded: ' 10 ',
  hexStr: '0x10',
  text: 'hello world',
  abc: 'abc',
  empty: '',
  nul: null,
  yes: true,
  no: false,
  trueStr: 'true',
  list: ['a', 'b', 3],
  emptyList: [],
  obj: { k: 1 },
  emptyObj: {},
  nested: { deep: { value: 5 } },
  items: [{ sku: 'x-1' }, { sku: 'y-2' }],
  api_token: 's3cret',
};

const request: FilterRequest = {
  headers: {
    'content-type': 'application/json',
    'x-env': 'prod',
    'x-multi': ['a', 'b'],
    'X-Count': '7', // not lower-cased, as a dry-run caller might send it
    'x-undefined': undefined,
  },
  body,
};

function single(attribute: string, operator: FilterOperator, value?: JsonValue): FilterGroup {
  const condition: FilterCondition = value === undefined ? { attribute, operator } : { attribute, operator, value };
  return { join: 'AND', conditions: [condition], groups: [] };
}

type Row = [attribute: string, operator: FilterOperator, value: JsonValue | undefined, passes: boolean];

const rows: Row[] = [
  // EXISTS / NOT_EXISTS: null and "" are present
  ['body.num', 'EXISTS', undefined, true],
  ['body.nul', 'EXISTS', undefined, true],
  ['body.empty', 'EXISTS', undefined, true],
  ['body.missing', 'EXISTS', undefined, false],
  ['body.nested.deep.value', 'EXISTS', undefined, true],
  ['body.items.1.sku', 'EXISTS', undefined, true],
  ['body.items.2.sku', 'EXISTS', undefined, false],
  ['body.toString', 'EXISTS', undefined, false],
  ['body.__proto__', 'EXISTS', undefined, false],
  ['headers.x-env', 'EXISTS', undefined, true],
  ['headers.X-ENV', 'EXISTS', undefined, true],
  ['headers.x-count', 'EXISTS', undefined, true],
  ['headers.x-undefined', 'EXISTS', undefined, false],
  ['headers.x-missing', 'EXISTS', undefined, false],
  ['nowhere.num', 'EXISTS', undefined, false],
  ['body.missing', 'NOT_EXISTS', undefined, true],
  ['body.nul', 'NOT_EXISTS', undefined, false],
  ['headers.x-env', 'NOT_EXISTS', undefined, false],

  // EQUALS: numbers by value, numeric strings count as their number, the rest exact JSON
  ['body.num', 'EQUALS', 10, true],
  ['body.num', 'EQUALS', 10.0, true],
  ['body.num', 'EQUALS', '10', true],
  ['body.num', 'EQUALS', '10.0', true],
  ['body.numStr', 'EQUALS', 10, true],
  ['body.numStrPadded', 'EQUALS', 10, true],
  ['body.numStr', 'EQUALS', '10', true],
  ['body.numStr', 'EQUALS', '10.0', false], // two strings compare exactly
  ['body.hexStr', 'EQUALS', 16, false],
  ['body.num', 'EQUALS', 11, false],
  ['body.float', 'EQUALS', 10.5, true],
  ['body.abc', 'EQUALS', 'abc', true],
  ['body.abc', 'EQUALS', 'ABC', false],
  ['body.yes', 'EQUALS', true, true],
  ['body.yes', 'EQUALS', 'true', false],
  ['body.trueStr', 'EQUALS', true, false],
  ['body.yes', 'EQUALS', 1, false],
  ['body.nul', 'EQUALS', null, true],
  ['body.empty', 'EQUALS', null, false],
  ['body.missing', 'EQUALS', null, false],
  ['body.list', 'EQUALS', ['a', 'b', 3], true],
  ['body.list', 'EQUALS', ['a', 'b', '3'], true],
  ['body.list', 'EQUALS', ['b', 'a', 3], false],
  ['body.obj', 'EQUALS', { k: 1 }, true],
  ['body.obj', 'EQUALS', { k: 1, j: 2 }, false],
  ['body.obj', 'EQUALS', { j: 1 }, false],
  ['headers.x-env', 'EQUALS', 'prod', true],
  ['headers.x-count', 'EQUALS', 7, true],
  ['headers.x-multi', 'EQUALS', 'a, b', true],
  ['body.missing', 'EQUALS', 'x', false],

  // NOT_EQUALS: the negation, so a missing value passes
  ['body.num', 'NOT_EQUALS', 10, false],
  ['body.num', 'NOT_EQUALS', '10', false],
  ['body.num', 'NOT_EQUALS', 11, true],
  ['body.abc', 'NOT_EQUALS', 'x', true],
  ['body.nul', 'NOT_EQUALS', null, false],
  ['body.missing', 'NOT_EQUALS', 'cancelled', true],
  ['headers.x-env', 'NOT_EQUALS', 'test', true],

  // numeric operators
  ['body.num', 'GREATER_THAN', 9, true],
  ['body.num', 'GREATER_THAN', 10, false],
  ['body.numStr', 'GREATER_THAN', 9, true],
  ['body.numStrPadded', 'GREATER_THAN', 9, true],
  ['body.num', 'GREATER_THAN', '9', true],
  ['body.float', 'GREATER_THAN', 10, true],
  ['body.negative', 'GREATER_THAN', 0, false],
  ['body.abc', 'GREATER_THAN', 0, false],
  ['body.hexStr', 'GREATER_THAN', 0, false],
  ['body.empty', 'GREATER_THAN', -1, false],
  ['body.nul', 'GREATER_THAN', -1, false],
  ['body.yes', 'GREATER_THAN', 0, false],
  ['body.list', 'GREATER_THAN', 0, false],
  ['body.obj', 'GREATER_THAN', 0, false],
  ['body.missing', 'GREATER_THAN', 0, false],
  ['body.num', 'GREATER_THAN', 'abc', false],
  ['headers.x-count', 'GREATER_THAN', 6, true],
  ['body.num', 'GREATER_THAN_OR_EQUAL', 10, true],
  ['body.num', 'GREATER_THAN_OR_EQUAL', 11, false],
  ['body.numStr', 'GREATER_THAN_OR_EQUAL', 10, true],
  ['body.abc', 'GREATER_THAN_OR_EQUAL', 0, false],
  ['body.num', 'LESS_THAN', 11, true],
  ['body.num', 'LESS_THAN', 10, false],
  ['body.negative', 'LESS_THAN', 0, true],
  ['body.numStr', 'LESS_THAN', 100, true],
  ['body.abc', 'LESS_THAN', 100, false], // no Convoy-style "string < number" quirk
  ['body.nul', 'LESS_THAN', 100, false],
  ['body.missing', 'LESS_THAN', 100, false],
  ['body.num', 'LESS_THAN_OR_EQUAL', 10, true],
  ['body.zero', 'LESS_THAN_OR_EQUAL', 0, true],
  ['body.num', 'LESS_THAN_OR_EQUAL', 9.99, false],
  ['body.yes', 'LESS_THAN_OR_EQUAL', 1, false],

  // CONTAINS / NOT_CONTAINS: substring of texts (and numbers' text), element of lists
  ['body.text', 'CONTAINS', 'lo wo', true],
  ['body.text', 'CONTAINS', 'LO', false],
  ['body.text', 'CONTAINS', '', true],
  ['body.num', 'CONTAINS', 1, true],
  ['body.num', 'CONTAINS', '0', true],
  ['body.numStr', 'CONTAINS', 0, true],
  ['body.list', 'CONTAINS', 'a', true],
  ['body.list', 'CONTAINS', 3, true],
  ['body.list', 'CONTAINS', '3', true],
  ['body.list', 'CONTAINS', 'c', false],
  ['body.emptyList', 'CONTAINS', 'a', false],
  ['body.obj', 'CONTAINS', 'k', false],
  ['body.yes', 'CONTAINS', 'tr', false],
  ['body.nul', 'CONTAINS', 'x', false],
  ['body.missing', 'CONTAINS', 'x', false],
  ['body.text', 'CONTAINS', true, false],
  ['headers.x-multi', 'CONTAINS', 'b', true],
  ['body.text', 'NOT_CONTAINS', 'xyz', true],
  ['body.text', 'NOT_CONTAINS', 'hello', false],
  ['body.list', 'NOT_CONTAINS', 'a', false],
  ['body.list', 'NOT_CONTAINS', 'z', true],
  ['body.missing', 'NOT_CONTAINS', 'x', true],
  ['body.obj', 'NOT_CONTAINS', 'k', true],

  // STARTS_WITH / ENDS_WITH
  ['body.text', 'STARTS_WITH', 'hello', true],
  ['body.text', 'STARTS_WITH', 'world', false],
  ['body.num', 'STARTS_WITH', 1, true],
  ['body.num', 'STARTS_WITH', '1', true],
  ['body.float', 'STARTS_WITH', '10.', true],
  ['body.yes', 'STARTS_WITH', 't', false],
  ['body.list', 'STARTS_WITH', 'a', false],
  ['body.nul', 'STARTS_WITH', 'n', false],
  ['body.missing', 'STARTS_WITH', 'x', false],
  ['body.items.0.sku', 'STARTS_WITH', 'x-', true],
  ['headers.x-env', 'STARTS_WITH', 'pr', true],
  ['body.text', 'ENDS_WITH', 'world', true],
  ['body.text', 'ENDS_WITH', 'hello', false],
  ['body.float', 'ENDS_WITH', '.5', true],
  ['body.num', 'ENDS_WITH', 0, true],
  ['body.obj', 'ENDS_WITH', '}', false],

  // IN / NOT_IN: element-wise EQUALS
  ['body.abc', 'IN', ['abc', 'def'], true],
  ['body.abc', 'IN', ['ABC'], false],
  ['body.num', 'IN', [1, 10], true],
  ['body.num', 'IN', ['10'], true],
  ['body.numStr', 'IN', [10], true],
  ['body.yes', 'IN', [true], true],
  ['body.yes', 'IN', ['true'], false],
  ['body.nul', 'IN', [null], true],
  ['body.nul', 'IN', ['null'], false],
  ['body.missing', 'IN', [null], false],
  ['body.list', 'IN', ['a'], false],
  ['body.abc', 'IN', 'abc', false], // not a list: never passes
  ['headers.x-env', 'IN', ['prod', 'staging'], true],
  ['body.abc', 'NOT_IN', ['x', 'y'], true],
  ['body.abc', 'NOT_IN', ['abc'], false],
  ['body.num', 'NOT_IN', ['10'], false],
  ['body.missing', 'NOT_IN', ['x'], true],

  // MATCHES: RE2, finds a match anywhere, numbers as their text
  ['body.text', 'MATCHES', '^hello\\s', true],
  ['body.text', 'MATCHES', '^world', false],
  ['body.items.1.sku', 'MATCHES', '^[a-z]-\\d$', true],
  ['body.num', 'MATCHES', '^\\d+$', true],
  ['body.float', 'MATCHES', '^\\d+$', false],
  ['body.yes', 'MATCHES', 'true', false],
  ['body.list', 'MATCHES', 'a', false],
  ['body.nul', 'MATCHES', '.*', false],
  ['body.missing', 'MATCHES', '.*', false],
  ['body.text', 'MATCHES', '(?<=h)ello', false], // RE2 refuses lookbehind: the condition fails, nothing throws
  ['body.text', 'MATCHES', 5, false],
  ['headers.x-env', 'MATCHES', '^(prod|staging)$', true],

  // IS_EMPTY / IS_NOT_EMPTY
  ['body.missing', 'IS_EMPTY', undefined, true],
  ['body.nul', 'IS_EMPTY', undefined, true],
  ['body.empty', 'IS_EMPTY', undefined, true],
  ['body.emptyList', 'IS_EMPTY', undefined, true],
  ['body.emptyObj', 'IS_EMPTY', undefined, true],
  ['body.zero', 'IS_EMPTY', undefined, false],
  ['body.no', 'IS_EMPTY', undefined, false],
  ['body.abc', 'IS_EMPTY', undefined, false],
  ['body.list', 'IS_EMPTY', undefined, false],
  ['body.obj', 'IS_EMPTY', undefined, false],
  ['headers.x-missing', 'IS_EMPTY', undefined, true],
  ['body.abc', 'IS_NOT_EMPTY', undefined, true],
  ['body.zero', 'IS_NOT_EMPTY', undefined, true],
  ['body.missing', 'IS_NOT_EMPTY', undefined, false],
  ['body.nul', 'IS_NOT_EMPTY', undefined, false],
  ['body.empty', 'IS_NOT_EMPTY', undefined, false],
  ['body.emptyList', 'IS_NOT_EMPTY', undefined, false],
  ['body.emptyObj', 'IS_NOT_EMPTY', undefined, false],
];

describe('every operator', () => {
  it.each(rows)('%s %s %j → %s', (attribute, operator, value, passes) => {
    const filter = single(attribute, operator, value);
    const result = evaluateFilter(filter, request);
    expect(result.passed).toBe(passes);
    expect(filterPasses(filter, request)).toBe(passes);
    expect(result.conditions).toHaveLength(1);
    expect(result.conditions[0].passed).toBe(passes);
    expect(result.firstFailure === null).toBe(passes);
  });

  it('covers every operator', () => {
    const covered = new Set(rows.map((row) => row[1]));
    expect(covered.size).toBe(17);
  });
});

describe('traces and failure messages', () => {
  it.each<[FilterGroup, string]>([
    [single('body.pointadd', 'EXISTS'), 'body.pointadd EXISTS: missing'],
    [single('body.abc', 'GREATER_THAN', 0), 'body.abc GREATER_THAN 0: actual "abc" is not a number'],
    [single('body.num', 'GREATER_THAN', 10), 'body.num GREATER_THAN 10: actual 10 is not greater than 10'],
    [
      single('body.num', 'LESS_THAN_OR_EQUAL', 9),
      'body.num LESS_THAN_OR_EQUAL 9: actual 10 is not less than or equal to 9',
    ],
    [single('body.num', 'GREATER_THAN', 'x'), 'body.num GREATER_THAN "x": the expected value "x" is not a number'],
    [single('body.abc', 'EQUALS', 'x'), 'body.abc EQUALS "x": actual "abc" is different'],
    [single('body.abc', 'NOT_EQUALS', 'abc'), 'body.abc NOT_EQUALS "abc": actual "abc" is equal'],
    [single('body.nul', 'NOT_EXISTS'), 'body.nul NOT_EXISTS: present'],
    [single('body.text', 'CONTAINS', 'xyz'), 'body.text CONTAINS "xyz": actual "hello world" does not contain "xyz"'],
    [single('body.obj', 'CONTAINS', 'k'), 'body.obj CONTAINS "k": actual {"k":1} is not a text or a list'],
    [
      single('body.text', 'STARTS_WITH', 'x'),
      'body.text STARTS_WITH "x": actual "hello world" does not start with "x"',
    ],
    [single('body.yes', 'ENDS_WITH', 'e'), 'body.yes ENDS_WITH "e": actual true is not a text'],
    [single('body.abc', 'IN', ['x']), 'body.abc IN ["x"]: actual "abc" is not in the list'],
    [single('body.abc', 'NOT_IN', ['abc']), 'body.abc NOT_IN ["abc"]: actual "abc" is in the list'],
    [single('body.abc', 'IN', 'abc'), 'body.abc IN "abc": the expected value is not a list'],
    [single('body.text', 'MATCHES', '^x'), 'body.text MATCHES "^x": actual "hello world" does not match the pattern'],
    [
      single('body.text', 'MATCHES', '(?=x)'),
      'body.text MATCHES "(?=x)": the pattern cannot be used: The pattern is not a valid RE2',
    ],
    [single('body.abc', 'IS_EMPTY'), 'body.abc IS_EMPTY: actual "abc" is not empty'],
    [single('body.missing', 'IS_NOT_EMPTY'), 'body.missing IS_NOT_EMPTY: missing'],
    [single('body.missing', 'EQUALS', 1), 'body.missing EQUALS 1: missing'],
  ])('%#: %s', (filter, message) => {
    expect(evaluateFilter(filter, request).firstFailure).toContain(message);
  });

  it('never shows the values of headers or secret-named body attributes', () => {
    const failure = evaluateFilter(single('headers.x-env', 'EQUALS', 'the-shared-secret'), request).firstFailure;
    expect(failure).toBe('headers.x-env EQUALS [REDACTED]: actual [REDACTED] is different');
    const secretBody = evaluateFilter(single('body.api_token', 'EQUALS', 'expected-token'), request).firstFailure;
    expect(secretBody).toBe('body.api_token EQUALS [REDACTED]: actual [REDACTED] is different');
    expect(evaluateFilter(single('headers.x-auth', 'EXISTS'), request).firstFailure).toBe(
      'headers.x-auth EXISTS: missing',
    );
  });

  it('records the condition, the values read and the group path', () => {
    const filter: FilterGroup = {
      join: 'AND',
      conditions: [{ attribute: 'body.num', operator: 'GREATER_THAN', value: 5 }],
      groups: [
        { join: 'OR', conditions: [], groups: [] },
        {
          join: 'OR',
          conditions: [
            { attribute: 'body.missing', operator: 'EXISTS' },
            { attribute: 'headers.X-Env', operator: 'EQUALS', value: 'prod' },
          ],
          groups: [],
        },
      ],
    };
    const result = evaluateFilter(filter, request);
    expect(result.passed).toBe(true);
    expect(result.conditions).toEqual([
      {
        groupPath: '0',
        index: 0,
        attribute: 'body.num',
        operator: 'GREATER_THAN',
        expected: 5,
        actual: 10,
        found: true,
        passed: true,
        evaluated: true,
        explanation: 'actual 10 is greater than 5',
      },
      {
        groupPath: '0.1',
        index: 0,
        attribute: 'body.missing',
        operator: 'EXISTS',
        expected: undefined,
        actual: undefined,
        found: false,
        passed: false,
        evaluated: true,
        explanation: 'missing',
      },
      {
        groupPath: '0.1',
        index: 1,
        attribute: 'headers.X-Env',
        operator: 'EQUALS',
        expected: 'prod',
        actual: 'prod',
        found: true,
        passed: true,
        evaluated: true,
        explanation: 'actual [REDACTED] is equal',
      },
    ]);
  });
});

const cond = (attribute: string, operator: FilterOperator, value?: JsonValue): FilterCondition =>
  value === undefined ? { attribute, operator } : { attribute, operator, value };
const T = cond('body.num', 'EQUALS', 10); // true
const F1 = cond('body.abc', 'EQUALS', 'nope'); // false
const F2 = cond('body.missing', 'EXISTS'); // false
const group = (join: 'AND' | 'OR', conditions: FilterCondition[], groups: FilterGroup[] = []): FilterGroup => ({
  join,
  conditions,
  groups,
});

describe('groups', () => {
  it.each<[string, FilterGroup | null, boolean, string | null]>([
    ['null filter', null, true, null],
    ['empty AND', group('AND', []), true, null],
    ['empty OR', group('OR', []), true, null],
    ['nested empty groups only', group('OR', [], [group('AND', [], [group('OR', [])])]), true, null],
    ['AND all true', group('AND', [T, T]), true, null],
    ['AND one false names it', group('AND', [T, F1, F2]), false, 'body.abc EQUALS "nope": actual "abc" is different'],
    ['OR one true', group('OR', [F1, T]), true, null],
    ['OR all false names the first', group('OR', [F2, F1]), false, 'body.missing EXISTS: missing'],
    ['AND with failing sub-group', group('AND', [T], [group('OR', [F2, F1])]), false, 'body.missing EXISTS: missing'],
    ['AND with passing sub-group', group('AND', [T], [group('OR', [F1, T])]), true, null],
    ['OR rescued by sub-group', group('OR', [F1], [group('AND', [T, T])]), true, null],
    [
      'OR, failing sub-group first',
      group('OR', [], [group('AND', [T, F2]), group('AND', [F1])]),
      false,
      'body.missing EXISTS: missing',
    ],
    [
      'empty sub-group is neutral in OR',
      group('OR', [F1], [group('AND', [])]),
      false,
      'body.abc EQUALS "nope": actual "abc" is different',
    ],
    ['empty sub-group is neutral in AND', group('AND', [T], [group('OR', [])]), true, null],
    [
      'deep nesting',
      group('AND', [], [group('OR', [], [group('AND', [T], [group('OR', [F1])])])]),
      false,
      'body.abc EQUALS "nope": actual "abc" is different',
    ],
  ])('%s', (_name, filter, passed, firstFailure) => {
    const result = evaluateFilter(filter, request);
    expect(result.passed).toBe(passed);
    expect(result.firstFailure).toBe(firstFailure);
    expect(filterPasses(filter, request)).toBe(passed);
  });

  it('assigns group paths depth-first', () => {
    const filter = group('AND', [T], [group('OR', [T]), group('OR', [T], [group('AND', [T])])]);
    expect(evaluateFilter(filter, request).conditions.map((c) => c.groupPath)).toEqual(['0', '0.0', '0.1', '0.1.0']);
  });

  it('tolerates groups without conditions or groups arrays (stored JSON)', () => {
    const partial = { join: 'AND', conditions: [T] } as unknown as FilterGroup;
    expect(filterPasses(partial, request)).toBe(true);
    expect(evaluateFilter(partial, request).passed).toBe(true);
  });

  it('re-reads a condition changed after its first evaluation', () => {
    const condition = cond('body.num', 'EQUALS', 10);
    const filter = group('AND', [condition]);
    expect(filterPasses(filter, request)).toBe(true);
    condition.value = 11;
    expect(filterPasses(filter, request)).toBe(false);
    condition.attribute = 'body.float';
    condition.value = 10.5;
    expect(filterPasses(filter, request)).toBe(true);
  });
});

describe('filterPasses agrees with evaluateFilter on generated filters', () => {
  const pool = [T, F1, F2, cond('headers.x-env', 'IN', ['prod']), cond('body.list', 'CONTAINS', 9)];
  // A small deterministic generator: every shape up to depth 2 built from the pool.
  const filters: FilterGroup[] = [];
  for (let seed = 0; seed < 200; seed++) {
    const pick = (n: number) => pool[(seed * 7 + n * 3) % pool.length];
    const join = (n: number): 'AND' | 'OR' => ((seed >> n) & 1 ? 'OR' : 'AND');
    filters.push(
      group(join(0), [pick(1), pick(2)].slice(0, seed % 3), [
        group(join(1), [pick(3)].slice(0, (seed >> 2) % 2), [
          group(join(2), [pick(4), pick(5)].slice(0, (seed >> 3) % 3)),
        ]),
        group(join(3), [pick(6)].slice(0, (seed >> 4) % 2)),
      ]),
    );
  }
  it.each(filters.map((filter, i) => [i, filter] as const))('filter %i', (_i, filter) => {
    expect(filterPasses(filter, request)).toBe(evaluateFilter(filter, request).passed);
  });
});

describe('the trace of nested groups', () => {
  const verdicts = (filter: FilterGroup) =>
    Object.fromEntries(evaluateFilter(filter, request).groups.map((g) => [g.path, `${g.join} ${g.verdict}`]));
  const states = (filter: FilterGroup) =>
    evaluateFilter(filter, request).conditions.map(
      (c) => `${c.groupPath}.${c.index} ${c.evaluated ? (c.passed ? 'passed' : 'failed') : 'not evaluated'}`,
    );

  it.each<[string, FilterGroup, Record<string, string>, string[]]>([
    [
      'an OR group matched by its second condition: the first failed, the group matched',
      group('AND', [T], [group('OR', [F1, T, F2])]),
      { '0': 'AND MATCHED', '0.0': 'OR MATCHED' },
      ['0.0 passed', '0.0.0 failed', '0.0.1 passed', '0.0.2 not evaluated'],
    ],
    [
      'an AND group stops at its first failure; its later sub-groups are not evaluated',
      group('AND', [F1, T], [group('OR', [T]), group('AND', [], [group('OR', [T])])]),
      { '0': 'AND NOT_MATCHED', '0.0': 'OR NOT_EVALUATED', '0.1': 'AND NOT_EVALUATED', '0.1.0': 'OR NOT_EVALUATED' },
      ['0.0 failed', '0.1 not evaluated', '0.0.0 not evaluated', '0.1.0.0 not evaluated'],
    ],
    [
      'an OR of AND groups: the failing first branch, the matching second, the third never reached',
      group('OR', [], [group('AND', [T, F2]), group('AND', [T, T]), group('AND', [F1])]),
      { '0': 'OR MATCHED', '0.0': 'AND NOT_MATCHED', '0.1': 'AND MATCHED', '0.2': 'AND NOT_EVALUATED' },
      ['0.0.0 passed', '0.0.1 failed', '0.1.0 passed', '0.1.1 passed', '0.2.0 not evaluated'],
    ],
    [
      'an OR where every branch failed: all evaluated, all failed',
      group('OR', [F1], [group('AND', [F2]), group('OR', [F1, F2])]),
      { '0': 'OR NOT_MATCHED', '0.0': 'AND NOT_MATCHED', '0.1': 'OR NOT_MATCHED' },
      ['0.0 failed', '0.0.0 failed', '0.1.0 failed', '0.1.1 failed'],
    ],
    [
      'empty groups have no say and say so',
      group('AND', [T], [group('OR', []), group('OR', [T])]),
      { '0': 'AND MATCHED', '0.0': 'OR EMPTY', '0.1': 'OR MATCHED' },
      ['0.0 passed', '0.1.0 passed'],
    ],
  ])('%s', (_name, filter, groups, conditions) => {
    expect(verdicts(filter)).toEqual(groups);
    expect(states(filter)).toEqual(conditions);
    // The group order is depth-first, the root first; the verdict agrees with the hot path.
    expect(evaluateFilter(filter, request).groups[0]!.path).toBe('0');
    expect(evaluateFilter(filter, request).passed).toBe(filterPasses(filter, request));
  });

  it('says why a condition was not evaluated', () => {
    const result = evaluateFilter(group('AND', [F1, T]), request);
    expect(result.conditions[1]).toMatchObject({
      evaluated: false,
      passed: false,
      found: false,
      explanation: 'not evaluated: an earlier condition decided its group',
    });
    expect(result.firstFailure).toBe('body.abc EQUALS "nope": actual "abc" is different');
  });

  it('marks values that are not known (a redacted log) as not evaluated, and groups they decide as UNKNOWN', () => {
    const logged: FilterRequest = { headers: { 'x-token': '[REDACTED]' }, body: { num: 10 } };
    const token = cond('headers.x-token', 'EQUALS', 's3cret');
    const unknown = (value: JsonValue) => value === '[REDACTED]';
    const undecided = evaluateFilter(group('AND', [token, T]), logged, { unknown });
    expect(undecided.groups[0]!.verdict).toBe('UNKNOWN');
    expect(undecided.conditions.map((c) => [c.evaluated, c.explanation])).toEqual([
      [false, 'not evaluated: the value is not kept in the log'],
      [true, 'actual 10 is equal'],
    ]);
    expect(undecided.passed).toBe(true);
    // A known failure decides an AND, a known match an OR, whatever the unknown value was.
    const failed = evaluateFilter(group('AND', [token, cond('body.num', 'EQUALS', 11)]), logged, { unknown });
    expect(failed.groups[0]!.verdict).toBe('NOT_MATCHED');
    expect(failed.passed).toBe(false);
    const matched = evaluateFilter(group('OR', [token, T]), logged, { unknown });
    expect(matched.groups[0]!.verdict).toBe('MATCHED');
  });

  it('lists an unevaluated filter with the reason on every condition', () => {
    const filter = group('AND', [T], [group('OR', [F1, F2])]);
    const trace = unevaluatedFilter(filter, 'the body could not be read');
    expect(trace.groups.map((g) => [g.path, g.verdict])).toEqual([
      ['0', 'NOT_EVALUATED'],
      ['0.0', 'NOT_EVALUATED'],
    ]);
    expect(trace.conditions).toHaveLength(3);
    for (const condition of trace.conditions) {
      expect(condition).toMatchObject({ evaluated: false, explanation: 'not evaluated: the body could not be read' });
    }
  });

  it('knows a filter without conditions from one with', () => {
    expect(hasConditions(null)).toBe(false);
    expect(hasConditions(group('AND', [], [group('OR', [])]))).toBe(false);
    expect(hasConditions(group('AND', [], [group('OR', [T])]))).toBe(true);
  });
});
