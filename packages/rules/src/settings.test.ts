import { describe, expect, expectTypeOf, it } from 'vitest';
import { AGREEMENT_CASES } from '../test/agreement-cases.js';
import { patternProblem } from './regex.js';
import {
  actionProblem,
  conditionValueProblem,
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
