import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import type { FilterCondition, FilterGroup, FilterOperator, JsonValue, MappingRule, WebhookSettings } from './types.js';
import type { WebhookPatch } from './webhook-patch.js';
import { filterAttributeProblem } from './paths.js';
import { ENDPOINT_PATTERN, LIMITS } from '@intake/rules';
import { AGREEMENT_CASES } from '@intake/rules/agreement-cases';
import { validateWebhookPatch, validateWebhookSettings } from './webhook-validation.js';

function valid(): WebhookSettings {
  return {
    name: 'Points from the shop',
    method: 'POST',
    endpoint: 'shop-points',
    filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }], groups: [] },
    action: 'point_add',
    mapping: [
      { from: 'client.id', to: 'customer', replace: [] },
      { from: 'points', to: 'data.points', replace: [] },
    ],
    successResponse: '{"ok":true}',
    errorResponse: null,
    verification: { scheme: 'NONE' },
    idempotency: null,
  };
}

function group(
  conditions: FilterCondition[],
  groups: FilterGroup[] = [],
  join: FilterGroup['join'] = 'AND',
): FilterGroup {
  return { join, conditions, groups };
}

function condition(attribute: string, operator: FilterOperator, value?: JsonValue): FilterCondition {
  return value === undefined ? { attribute, operator } : { attribute, operator, value };
}

function withFilter(filter: FilterGroup): WebhookSettings {
  return { ...valid(), filter };
}

function oneCondition(attribute: string, operator: FilterOperator, value?: JsonValue): WebhookSettings {
  return withFilter(group([condition(attribute, operator, value)]));
}

function mappingRow(from: string, to: string, extra: Partial<MappingRule> = {}): MappingRule {
  return { from, to, replace: [], ...extra };
}

function nested(depth: number): FilterGroup {
  // depth 1 = the root group alone
  let inner = group([condition('body.a', 'EXISTS')]);
  for (let level = 1; level < depth; level++) inner = group([], [inner]);
  return inner;
}

function issuesOf(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) {
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.field).toBe(error.issues[0]!.field);
      expect(error.message).toBe(error.issues[0]!.message);
      return error.issues;
    }
    throw error;
  }
  return [];
}

type Refused = [label: string, settings: WebhookSettings, field: string, message: RegExp];

const REFUSED: Refused[] = [
  // name
  ['empty name', { ...valid(), name: '' }, 'input.name', /empty/],
  ['blank name', { ...valid(), name: '   ' }, 'input.name', /empty/],
  ['name over the limit', { ...valid(), name: 'n'.repeat(LIMITS.nameLength + 1) }, 'input.name', /at most 120/],
  // method
  ['method GET', { ...valid(), method: 'GET' as never }, 'input.method', /POST or PUT/],
  // endpoint syntax
  ['endpoint with a space', { ...valid(), endpoint: 'shop points' }, 'input.endpoint', /not a valid endpoint/],
  ['endpoint with upper case', { ...valid(), endpoint: 'Shop' }, 'input.endpoint', /not a valid endpoint/],
  ['endpoint starting with "-"', { ...valid(), endpoint: '-shop' }, 'input.endpoint', /not a valid endpoint/],
  ['endpoint starting with "_"', { ...valid(), endpoint: '_shop' }, 'input.endpoint', /not a valid endpoint/],
  ['empty endpoint', { ...valid(), endpoint: '' }, 'input.endpoint', /not a valid endpoint/],
  ['endpoint with a slash', { ...valid(), endpoint: 'a/b' }, 'input.endpoint', /not a valid endpoint/],
  ['endpoint with a dot', { ...valid(), endpoint: 'a.b' }, 'input.endpoint', /not a valid endpoint/],
  ['endpoint of 65 characters', { ...valid(), endpoint: 'e'.repeat(65) }, 'input.endpoint', /not a valid endpoint/],
  // action
  ['unknown action', { ...valid(), action: 'points_add' }, 'input.action', /not an event of the catalogue/],
  ['empty action', { ...valid(), action: '' }, 'input.action', /not an event of the catalogue/],
  // filter attributes
  [
    'attribute without a source',
    oneCondition('kind', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /must start with "headers\." or "body\."/,
  ],
  [
    'attribute "header." (singular)',
    oneCondition('header.x-env', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /must start with "headers\." or "body\."/,
  ],
  [
    'attribute "query."',
    oneCondition('query.page', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /must start with "headers\." or "body\."/,
  ],
  ['attribute "body" alone', oneCondition('body', 'EXISTS'), 'input.filter.conditions[0].attribute', /must start with/],
  [
    'attribute "Body." (case matters)',
    oneCondition('Body.kind', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /must start with/,
  ],
  [
    'body path with an empty segment',
    oneCondition('body.a..b', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /empty segment/,
  ],
  [
    'body path through __proto__',
    oneCondition('body.__proto__.x', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /not allowed/,
  ],
  [
    'header name with a space',
    oneCondition('headers.x env', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /not a valid header name/,
  ],
  [
    'nested attribute',
    withFilter(
      group([condition('body.a', 'EXISTS')], [group([condition('body.b', 'EXISTS'), condition('customer', 'EXISTS')])]),
    ),
    'input.filter.groups[0].conditions[1].attribute',
    /must start with/,
  ],
  // operators and their values
  [
    'unknown operator',
    oneCondition('body.a', 'LIKE' as never, 'x'),
    'input.filter.conditions[0].operator',
    /Unknown operator/,
  ],
  ['IN with a text', oneCondition('body.tier', 'IN', 'gold'), 'input.filter.conditions[0].value', /needs a list/],
  ['IN without a value', oneCondition('body.tier', 'IN'), 'input.filter.conditions[0].value', /needs a list/],
  ['IN with an empty list', oneCondition('body.tier', 'IN', []), 'input.filter.conditions[0].value', /at least one/],
  [
    'IN with an object item',
    oneCondition('body.tier', 'IN', ['gold', { a: 1 }]),
    'input.filter.conditions[0].value',
    /item 2/,
  ],
  [
    'IN with 101 items',
    oneCondition(
      'body.tier',
      'IN',
      Array.from({ length: 101 }, (_, i) => i),
    ),
    'input.filter.conditions[0].value',
    /at most 100/,
  ],
  [
    'NOT_IN with an object',
    oneCondition('body.tier', 'NOT_IN', { gold: true }),
    'input.filter.conditions[0].value',
    /needs a list/,
  ],
  [
    'GREATER_THAN with a numeric text',
    oneCondition('body.n', 'GREATER_THAN', '5'),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  [
    'GREATER_THAN_OR_EQUAL without a value',
    oneCondition('body.n', 'GREATER_THAN_OR_EQUAL'),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  [
    'LESS_THAN with a boolean',
    oneCondition('body.n', 'LESS_THAN', true),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  [
    'LESS_THAN_OR_EQUAL with a list',
    oneCondition('body.n', 'LESS_THAN_OR_EQUAL', [1]),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  ['EQUALS without a value', oneCondition('body.n', 'EQUALS'), 'input.filter.conditions[0].value', /needs a value/],
  [
    'NOT_EQUALS without a value',
    oneCondition('body.n', 'NOT_EQUALS'),
    'input.filter.conditions[0].value',
    /needs a value/,
  ],
  [
    'CONTAINS with a list',
    oneCondition('body.s', 'CONTAINS', ['a']),
    'input.filter.conditions[0].value',
    /CONTAINS needs/,
  ],
  [
    'NOT_CONTAINS without a value',
    oneCondition('body.s', 'NOT_CONTAINS'),
    'input.filter.conditions[0].value',
    /NOT_CONTAINS needs/,
  ],
  [
    'STARTS_WITH an empty text',
    oneCondition('body.s', 'STARTS_WITH', ''),
    'input.filter.conditions[0].value',
    /non-empty/,
  ],
  ['ENDS_WITH a boolean', oneCondition('body.s', 'ENDS_WITH', false), 'input.filter.conditions[0].value', /non-empty/],
  [
    'MATCHES with a lookahead',
    oneCondition('body.s', 'MATCHES', '(?=x)'),
    'input.filter.conditions[0].value',
    /not a valid RE2/,
  ],
  [
    'MATCHES with a backreference',
    oneCondition('body.s', 'MATCHES', '(a)\\1'),
    'input.filter.conditions[0].value',
    /not a valid RE2/,
  ],
  [
    'MATCHES with an unclosed group',
    oneCondition('body.s', 'MATCHES', '(abc'),
    'input.filter.conditions[0].value',
    /not a valid RE2/,
  ],
  [
    'MATCHES with a 300-character pattern',
    oneCondition('body.s', 'MATCHES', 'a'.repeat(300)),
    'input.filter.conditions[0].value',
    /300 characters long; at most 256/,
  ],
  ['MATCHES with an empty pattern', oneCondition('body.s', 'MATCHES', ''), 'input.filter.conditions[0].value', /empty/],
  [
    'MATCHES with a number',
    oneCondition('body.s', 'MATCHES', 5),
    'input.filter.conditions[0].value',
    /regular expression as text/,
  ],
  ['EXISTS with a value', oneCondition('body.s', 'EXISTS', 'x'), 'input.filter.conditions[0].value', /takes no value/],
  [
    'NOT_EXISTS with a value',
    oneCondition('body.s', 'NOT_EXISTS', false),
    'input.filter.conditions[0].value',
    /takes no value/,
  ],
  [
    'IS_EMPTY with a value',
    oneCondition('body.s', 'IS_EMPTY', ''),
    'input.filter.conditions[0].value',
    /takes no value/,
  ],
  [
    'IS_NOT_EMPTY with a value',
    oneCondition('body.s', 'IS_NOT_EMPTY', 0),
    'input.filter.conditions[0].value',
    /takes no value/,
  ],
  [
    'EQUALS with a value over 4 KB',
    oneCondition('body.s', 'EQUALS', 'x'.repeat(5000)),
    'input.filter.conditions[0].value',
    /larger than 4096 bytes/,
  ],
  [
    'nested value',
    withFilter(group([], [group([condition('body.a', 'EXISTS'), condition('body.b', 'IN', 'x')], [], 'OR')])),
    'input.filter.groups[0].conditions[1].value',
    /needs a list/,
  ],
  // filter shape and size
  [
    'unknown join',
    withFilter(group([condition('body.a', 'EXISTS')], [], 'XOR' as never)),
    'input.filter.join',
    /AND or OR/,
  ],
  [
    'filter nested 6 levels',
    withFilter(nested(6)),
    'input.filter.groups[0].groups[0].groups[0].groups[0].groups[0]',
    /at most 5 levels/,
  ],
  [
    'filter with 51 conditions',
    withFilter(group(Array.from({ length: 51 }, (_, i) => condition(`body.c${i}`, 'EXISTS')))),
    'input.filter',
    /at most 50 conditions; this one has 51/,
  ],
  [
    'filter with 21 groups',
    withFilter(
      group(
        [condition('body.a', 'EXISTS')],
        Array.from({ length: 20 }, () => group([condition('body.b', 'EXISTS')])),
      ),
    ),
    'input.filter',
    /at most 20 groups; this one has 21/,
  ],
  [
    'filter with 21 MATCHES, one in a nested group',
    withFilter(
      group(
        Array.from({ length: 20 }, (_, i) => condition(`headers.x-c${i}`, 'MATCHES', '^a')),
        [group([], [group([condition('body.deep', 'MATCHES', '^b')])])],
      ),
    ),
    'input.filter',
    /at most 20 MATCHES conditions; this one has 21/,
  ],
  // mapping
  [
    'mapping to a bare name',
    { ...valid(), mapping: [mappingRow('id', 'customer'), mappingRow('points', 'points')] },
    'input.mapping[1].to',
    /"points".*"customer".*"data\."/,
  ],
  [
    'mapping to "data."',
    { ...valid(), mapping: [mappingRow('id', 'customer'), mappingRow('points', 'data.')] },
    'input.mapping[1].to',
    /empty/,
  ],
  [
    'mapping to "data" alone',
    { ...valid(), mapping: [mappingRow('id', 'customer'), mappingRow('points', 'data')] },
    'input.mapping[1].to',
    /"data".*"customer".*"data\."/,
  ],
  [
    'mapping to "Customer"',
    { ...valid(), mapping: [mappingRow('id', 'Customer')] },
    'input.mapping[0].to',
    /"Customer".*"customer".*"data\."/,
  ],
  [
    'mapping to data.__proto__',
    { ...valid(), mapping: [mappingRow('id', 'customer'), mappingRow('x', 'data.__proto__.x')] },
    'input.mapping[1].to',
    /not allowed/,
  ],
  [
    'mapping from an empty path',
    { ...valid(), mapping: [mappingRow('', 'customer')] },
    'input.mapping[0].from',
    /empty/,
  ],
  [
    'mapping from "body."',
    { ...valid(), mapping: [mappingRow('id', 'customer'), mappingRow('body.points', 'data.points')] },
    'input.mapping[1].from',
    /starts with "body\.".*write "points"/,
  ],
  [
    'mapping from a path with an empty segment',
    { ...valid(), mapping: [mappingRow('a..b', 'customer')] },
    'input.mapping[0].from',
    /empty segment/,
  ],
  [
    '101 mapping rows',
    { ...valid(), mapping: Array.from({ length: 101 }, (_, i) => mappingRow(`f${i}`, `data.f${i}`)) },
    'input.mapping',
    /At most 100 mapping rows/,
  ],
  [
    '51 replace rules',
    {
      ...valid(),
      mapping: [
        mappingRow('id', 'customer', {
          replace: Array.from({ length: 51 }, (_, i) => ({ value: i, replacement: i + 1 })),
        }),
      ],
    },
    'input.mapping[0].replace',
    /At most 50 replace rules/,
  ],
  [
    'a replace value over 4 KB',
    {
      ...valid(),
      mapping: [
        mappingRow('id', 'customer', {
          replace: [
            { value: 'a', replacement: 'b' },
            { value: 'x'.repeat(5000), replacement: 'y' },
          ],
        }),
      ],
    },
    'input.mapping[0].replace[1]',
    /limited to 4096 bytes/,
  ],
  [
    'a default over 4 KB',
    { ...valid(), mapping: [mappingRow('id', 'customer', { default: 'x'.repeat(5000) })] },
    'input.mapping[0].default',
    /larger than 4096/,
  ],
  // responses
  [
    'success response with single quotes',
    { ...valid(), successResponse: "{'ok':true}" },
    'input.successResponse',
    /single quotes/i,
  ],
  [
    'success response with a trailing comma',
    { ...valid(), successResponse: '{"ok":true,}' },
    'input.successResponse',
    /trailing comma/i,
  ],
  [
    'error response with single quotes',
    { ...valid(), errorResponse: "{'ok':false}" },
    'input.errorResponse',
    /single quotes/i,
  ],
  [
    'error response with a trailing comma',
    { ...valid(), errorResponse: '{"ok":true,}' },
    'input.errorResponse',
    /trailing comma/i,
  ],
  ['empty success response', { ...valid(), successResponse: '' }, 'input.successResponse', /empty/],
  ['error response that is not JSON', { ...valid(), errorResponse: 'ok' }, 'input.errorResponse', /Not valid JSON/],
  [
    'success response over 16 KB',
    { ...valid(), successResponse: JSON.stringify({ big: 'x'.repeat(17_000) }) },
    'input.successResponse',
    /larger than 16384 bytes/,
  ],
];

describe('validateWebhookSettings refuses, naming the field at fault', () => {
  it.each(REFUSED)('%s', (_label, settings, field, message) => {
    const issues = issuesOf(() => validateWebhookSettings(settings));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe(field);
    expect(issues[0]!.message).toMatch(message);
  });
});

type Accepted = [label: string, settings: WebhookSettings];

const ACCEPTED: Accepted[] = [
  ['the valid baseline', valid()],
  ['a name of exactly 120 characters', { ...valid(), name: 'n'.repeat(LIMITS.nameLength) }],
  ['a one-character endpoint', { ...valid(), endpoint: '7' }],
  ['a 64-character endpoint', { ...valid(), endpoint: 'e'.repeat(64) }],
  ['an endpoint with "_" and "-"', { ...valid(), endpoint: 'a_b-c9' }],
  ['method PUT', { ...valid(), method: 'PUT' }],
  ['no filter', { ...valid(), filter: null }],
  ['a header attribute of any case', oneCondition('headers.X-Api-Token', 'EQUALS', 's3cret')],
  ['an array index in a body path', oneCondition('body.items.0.sku', 'EXISTS')],
  ['EXISTS with a null value (the same as none)', oneCondition('body.a', 'EXISTS', null)],
  ['EQUALS null', oneCondition('body.a', 'EQUALS', null)],
  ['EQUALS an object', oneCondition('body.a', 'EQUALS', { k: 1 })],
  ['IN a mixed scalar list', oneCondition('body.a', 'IN', ['gold', 1, true, null])],
  [
    'NOT_IN 100 values',
    oneCondition(
      'body.a',
      'NOT_IN',
      Array.from({ length: 100 }, (_, i) => i),
    ),
  ],
  ['GREATER_THAN 0', oneCondition('body.n', 'GREATER_THAN', 0)],
  ['LESS_THAN a negative decimal', oneCondition('body.n', 'LESS_THAN', -1.5)],
  ['CONTAINS a number', oneCondition('body.s', 'CONTAINS', 3)],
  ['STARTS_WITH a number', oneCondition('body.s', 'STARTS_WITH', 12)],
  ['MATCHES a RE2 pattern', oneCondition('body.s', 'MATCHES', '^(gold|silver)-[0-9]{2,}$')],
  ['MATCHES a 256-character pattern', oneCondition('body.s', 'MATCHES', 'a'.repeat(256))],
  ['a filter nested 5 levels', withFilter(nested(5))],
  [
    'a filter with 50 conditions',
    withFilter(group(Array.from({ length: 50 }, (_, i) => condition(`body.c${i}`, 'EXISTS')))),
  ],
  [
    'a filter with 20 MATCHES, one in a nested group',
    withFilter(
      group(
        Array.from({ length: 19 }, (_, i) => condition(`body.c${i}`, 'MATCHES', '^a')),
        [group([], [group([condition('headers.x-deep', 'MATCHES', '^b')])])],
      ),
    ),
  ],
  [
    'a filter with 20 groups',
    withFilter(
      group(
        [],
        Array.from({ length: 19 }, () => group([condition('body.b', 'EXISTS')])),
      ),
    ),
  ],
  [
    '100 mapping rows',
    { ...valid(), mapping: Array.from({ length: 100 }, (_, i) => mappingRow(`f${i}`, `data.f${i}`)) },
  ],
  ['no mapping rows', { ...valid(), mapping: [] }],
  ['a mapping to a nested data path', { ...valid(), mapping: [mappingRow('a.b.0', 'data.x.y')] }],
  ['a response with an apostrophe in a string', { ...valid(), successResponse: '{"message":"it\'s done"}' }],
  ['responses that are JSON scalars', { ...valid(), successResponse: '"ok"', errorResponse: '0' }],
];

describe('validateWebhookSettings accepts', () => {
  it.each(ACCEPTED)('%s', (_label, settings) => {
    expect(issuesOf(() => validateWebhookSettings(settings))).toEqual([]);
  });
});

describe('validateWebhookSettings', () => {
  it('reports every problem, not only the first', () => {
    const issues = issuesOf(() =>
      validateWebhookSettings({
        ...valid(),
        name: '',
        endpoint: 'Bad!',
        action: 'nope',
        mapping: [mappingRow('id', 'customer'), mappingRow('x', 'y')],
      }),
    );
    expect(issues.map((i) => i.field)).toEqual(['input.name', 'input.endpoint', 'input.action', 'input.mapping[1].to']);
  });

  it('uses the given prefix for field paths', () => {
    const issues = issuesOf(() => validateWebhookSettings({ ...valid(), endpoint: 'Bad' }, 'template'));
    expect(issues[0]!.field).toBe('template.endpoint');
  });

  it('returns the settings normalised: trimmed name, an empty filter as null', () => {
    const result = validateWebhookSettings({
      ...valid(),
      name: '  Shop  ',
      filter: group([], [group([]), group([], [group([])])]),
    });
    expect(result.name).toBe('Shop');
    expect(result.filter).toBeNull();
  });

  it('keeps a filter with a condition deep inside', () => {
    const filter = group([], [group([], [group([condition('body.a', 'EXISTS')])])]);
    expect(validateWebhookSettings(withFilter(filter)).filter).toEqual(filter);
  });

  it('mentions the endpoint syntax in its message', () => {
    const issues = issuesOf(() => validateWebhookSettings({ ...valid(), endpoint: 'A B' }));
    expect(issues[0]!.message).toContain('"A B"');
    expect(issues[0]!.message).toMatch(/lower-case/);
  });
});

describe('validateWebhookPatch', () => {
  it('validates only the keys present', () => {
    expect(issuesOf(() => validateWebhookPatch({ name: 'Renamed' }))).toEqual([]);
    expect(issuesOf(() => validateWebhookPatch({}))).toEqual([]);
  });

  it.each<[string, WebhookPatch, string, RegExp]>([
    ['endpoint', { endpoint: 'Not Valid' }, 'input.endpoint', /not a valid endpoint/],
    ['name', { name: ' ' }, 'input.name', /empty/],
    ['action', { action: 'unknown' }, 'input.action', /catalogue/],
    [
      'filter',
      { filter: group([condition('x', 'EXISTS')]) },
      'input.filter.conditions[0].attribute',
      /must start with/,
    ],
    ['mapping', { mapping: [mappingRow('body.x', 'customer')] }, 'input.mapping[0].from', /starts with "body\."/],
    ['successResponse', { successResponse: "{'a':1}" }, 'input.successResponse', /single quotes/i],
    ['errorResponse', { errorResponse: '[1,]' }, 'input.errorResponse', /trailing comma/i],
    ['name cleared', { name: null }, 'input.name', /cannot be cleared/],
    ['endpoint cleared', { endpoint: null }, 'input.endpoint', /cannot be cleared/],
    ['mapping cleared', { mapping: null }, 'input.mapping', /cannot be cleared/],
    ['action cleared', { action: null }, 'input.action', /cannot be cleared/],
    ['method cleared', { method: null }, 'input.method', /cannot be cleared/],
  ])('refuses a bad %s', (_label, patch, field, message) => {
    const issues = issuesOf(() => validateWebhookPatch(patch));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe(field);
    expect(issues[0]!.message).toMatch(message);
  });

  it('lets null clear the clearable fields', () => {
    expect(issuesOf(() => validateWebhookPatch({ filter: null, successResponse: null, errorResponse: null }))).toEqual(
      [],
    );
  });
});

describe('the building blocks', () => {
  it.each([
    ['headers.x-api-token', null],
    ['body.customer.id', null],
    ['headers.', 'header'],
    ['body.', 'empty'],
    ['customer.id', 'must start with'],
  ])('filterAttributeProblem(%j)', (attribute, problem) => {
    const result = filterAttributeProblem(attribute);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });

  it('ENDPOINT_PATTERN is the contract one', () => {
    expect(ENDPOINT_PATTERN.source).toBe('^[a-z0-9][a-z0-9_-]{0,63}$');
  });
});

describe('the table the console must agree with (@intake/rules/agreement-cases)', () => {
  it.each(AGREEMENT_CASES.map((c) => [c.label, c] as const))('%s', (_label, { settings, expected }) => {
    const firstByField: Record<string, string> = {};
    for (const { field, message } of issuesOf(() => validateWebhookSettings(settings))) {
      firstByField[field.replace(/^input\./, '')] ??= message;
    }
    expect(firstByField).toEqual(expected);
  });
});

describe('verification and idempotency settings', () => {
  const { verification: _v, idempotency: _i, ...withoutThem } = valid();

  it('a new webhook without them verifies nothing (NONE, an explicit value) and processes every request', () => {
    const settings = validateWebhookSettings(withoutThem);
    expect(settings.verification).toEqual({ scheme: 'NONE' });
    expect(settings.idempotency).toBeNull();
  });

  it('stores them normalised: defaults written out, header names in lower case', () => {
    const settings = validateWebhookSettings({
      ...withoutThem,
      verification: { scheme: 'HMAC', header: 'X-Signature', timestampHeader: 'X-Timestamp' },
      idempotency: { key: 'headers.X-Delivery' },
    });
    expect(settings.verification).toEqual({
      scheme: 'HMAC',
      header: 'x-signature',
      algorithm: 'SHA256',
      encoding: 'HEX',
      timestampHeader: 'x-timestamp',
      toleranceSeconds: 300,
    });
    expect(settings.idempotency).toEqual({ key: 'headers.x-delivery', windowHours: 168 });
  });

  it('reports their problems at input.verification.* and input.idempotency.*', () => {
    const issues = issuesOf(() =>
      validateWebhookSettings({
        ...withoutThem,
        verification: { scheme: 'API_KEY', header: 'x key', username: 'u' },
        idempotency: { key: 'delivery', windowHours: 721 },
      }),
    );
    expect(issues.map((issue) => issue.field)).toEqual([
      'input.verification.username',
      'input.verification.header',
      'input.idempotency.key',
      'input.idempotency.windowHours',
    ]);
  });

  it('a patch may switch idempotency off with null, but not clear verification', () => {
    expect(() => validateWebhookPatch({ idempotency: null })).not.toThrow();
    const issues = issuesOf(() => validateWebhookPatch({ verification: null }));
    expect(issues).toEqual([
      {
        field: 'input.verification',
        message:
          'verification cannot be cleared; choose the scheme NONE to accept unverified requests, or leave it out to keep it.',
      },
    ]);
  });
});
