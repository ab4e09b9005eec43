import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FilterOperator } from './enums.js';
import type { JsonValue } from './json.js';
import { AGREEMENT_CASES } from '../test/agreement-cases.js';
import { patternProblem } from './regex.js';
import {
  actionProblem,
  conditionValueProblem,
  mappingTargetProblem,
  matchesConditionCount,
  settingsIssues,
  WEBHOOK_SETTINGS_FIELDS,
  type Issue,
  type SettingsChecks,
  type WebhookSettings,
} from './settings.js';

const CHECKS: SettingsChecks = { patternProblem, isKnownAction: (name) => name === 'point_add' };

/** The first message at each path: what an input shows, and the shape the agreement table states. */
function firstByField(issues: Issue[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, message } of issues) byField[field] ??= message;
  return byField;
}

describe('the agreement table, as the rules themselves judge it', () => {
  it.each(AGREEMENT_CASES.map((c) => [c.label, c] as const))('%s', (_label, { settings, expected }) => {
    expect(firstByField(settingsIssues(settings, '', CHECKS))).toEqual(expected);
  });
});

describe('settingsIssues', () => {
  const bad: Partial<WebhookSettings> = { name: ' ', endpoint: 'A B', mapping: [{ from: 'x', to: 'y', replace: [] }] };

  it('puts the prefix before every path, or none', () => {
    expect(settingsIssues(bad, 'input').map((issue) => issue.field)).toEqual([
      'input.name',
      'input.endpoint',
      'input.mapping[0].to',
    ]);
    expect(settingsIssues(bad, '').map((issue) => issue.field)).toEqual(['name', 'endpoint', 'mapping[0].to']);
  });

  it('checks only the keys that hold a value, so a patch is checked by the same function', () => {
    expect(settingsIssues({}, 'input')).toEqual([]);
    expect(settingsIssues({ filter: null, successResponse: null }, 'input')).toEqual([]);
    expect(settingsIssues({ errorResponse: '' }, 'input')).toEqual([
      { field: 'input.errorResponse', message: 'The text is empty; a JSON value such as {"ok":true} is expected.' },
    ]);
  });
});

describe('what the checks do without the optional knowledge', () => {
  it('without RE2, a pattern is checked for emptiness and length only', () => {
    expect(conditionValueProblem('MATCHES', '(?<=a)b')).toBeNull();
    expect(conditionValueProblem('MATCHES', '')).toBe('The pattern is empty.');
    expect(conditionValueProblem('MATCHES', '(?<=a)b', patternProblem)).toMatch(/not a valid RE2/);
  });

  it('without the catalogue, only an empty action is refused', () => {
    expect(actionProblem('anything')).toBeNull();
    expect(actionProblem('')).toMatch(/empty action/);
  });
});

describe('WEBHOOK_SETTINGS_FIELDS', () => {
  it('lists every setting once (a missing one fails `pnpm typecheck`)', () => {
    expectTypeOf<(typeof WEBHOOK_SETTINGS_FIELDS)[number]>().toEqualTypeOf<keyof WebhookSettings>();
    expect(new Set(WEBHOOK_SETTINGS_FIELDS).size).toBe(WEBHOOK_SETTINGS_FIELDS.length);
  });
});

describe('conditionValueProblem', () => {
  it.each<[FilterOperator, JsonValue | undefined, RegExp | null]>([
    ['EXISTS', undefined, null],
    ['EXISTS', null, null],
    ['EXISTS', 'x', /EXISTS takes no value/],
    ['NOT_EXISTS', 0, /takes no value/],
    ['IS_EMPTY', undefined, null],
    ['IS_NOT_EMPTY', false, /takes no value/],
    ['EQUALS', 'x', null],
    ['EQUALS', 1, null],
    ['EQUALS', null, null],
    ['EQUALS', [1, 2], null],
    ['EQUALS', { a: 1 }, null],
    ['EQUALS', undefined, /needs a value/],
    ['NOT_EQUALS', undefined, /needs a value/],
    ['GREATER_THAN', 0, null],
    ['GREATER_THAN_OR_EQUAL', -1.5, null],
    ['LESS_THAN', '10', /needs a number.*got "10"/],
    ['LESS_THAN_OR_EQUAL', undefined, /needs a number.*got nothing/],
    ['GREATER_THAN', true, /needs a number/],
    ['CONTAINS', 'x', null],
    ['CONTAINS', 3, null],
    ['CONTAINS', true, null],
    ['CONTAINS', null, null],
    ['CONTAINS', ['x'], /needs a text, number, boolean or null/],
    ['NOT_CONTAINS', undefined, /needs a text/],
    ['STARTS_WITH', 'x', null],
    ['STARTS_WITH', 12, null],
    ['STARTS_WITH', '', /non-empty text/],
    ['ENDS_WITH', true, /non-empty text or a number/],
    ['IN', ['a', 1, true, null], null],
    ['IN', Array(100).fill('a'), null],
    ['IN', Array(101).fill('a'), /at most 100 values; the list has 101/],
    ['IN', [], /at least one value/],
    ['IN', 'a', /needs a list of values/],
    ['NOT_IN', ['a', ['b']], /item 2 is \["b"\]/],
    ['NOT_IN', [{ a: 1 }], /item 1/],
    ['MATCHES', '^a.*z$', null],
    ['MATCHES', '(?<=a)b', /not a valid RE2/],
    ['MATCHES', 'a'.repeat(257), /at most 256/],
    ['MATCHES', '', /empty/],
    ['MATCHES', 5, /regular expression as text/],
  ])('%s %j', (operator, value, problem) => {
    const result = conditionValueProblem(operator, value, patternProblem);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});

describe('matchesConditionCount', () => {
  const matches = (attribute: string) => ({ attribute, operator: 'MATCHES' as const, value: '^a' });
  const exists = (attribute: string) => ({ attribute, operator: 'EXISTS' as const });

  it.each<[string, Parameters<typeof matchesConditionCount>[0], number]>([
    ['no filter', null, 0],
    ['an empty group', { join: 'AND', conditions: [], groups: [] }, 0],
    ['other operators only', { join: 'AND', conditions: [exists('body.a'), exists('headers.x')], groups: [] }, 0],
    [
      'headers and body, at the top',
      { join: 'OR', conditions: [matches('headers.x-a'), exists('body.b'), matches('body.c')], groups: [] },
      2,
    ],
    [
      'nested groups counted at every level',
      {
        join: 'AND',
        conditions: [matches('body.a')],
        groups: [
          { join: 'OR', conditions: [matches('body.b'), matches('headers.x-b')], groups: [] },
          {
            join: 'AND',
            conditions: [exists('body.c')],
            groups: [{ join: 'OR', conditions: [matches('body.d')], groups: [] }],
          },
        ],
      },
      4,
    ],
    [
      'a value that looks like a condition is a value',
      {
        join: 'AND',
        conditions: [{ attribute: 'body.a', operator: 'EQUALS', value: { operator: 'MATCHES' } }],
        groups: [],
      },
      0,
    ],
  ])('%s', (_label, filter, count) => {
    expect(matchesConditionCount(filter)).toBe(count);
  });
});

describe('mappingTargetProblem', () => {
  it.each<[string, RegExp | null]>([
    ['customer', null],
    ['data.points', null],
    ['data.a.b.c', null],
    ['data', /must be "customer" or start with "data\."/],
    ['points', /must be "customer"/],
    ['data.', /empty/],
    ['data.__proto__', /not allowed/],
  ])('%s', (to, problem) => {
    const result = mappingTargetProblem(to);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});
