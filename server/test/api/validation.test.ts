import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  gql,
  startTestApp,
  type GraphQLResult,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await t?.close();
});

const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id endpoint version name status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id endpoint version name } }`;
const GET = `query ($id: ID!) { webhook(id: $id) { id name endpoint version filter { join } successResponse errorResponse mapping { from to } } }`;
const COUNT = `query { webhooks(first: 100) { nodes { id } } }`;

let endpointCounter = 0;
function nextEndpoint(): string {
  return `v-${++endpointCounter}-${Math.random().toString(36).slice(2, 7)}`;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function input(overrides: Record<string, Json | undefined> = {}): Record<string, Json> {
  const base: Record<string, Json | undefined> = {
    name: 'Valid webhook',
    method: 'POST',
    endpoint: nextEndpoint(),
    action: 'point_add',
    filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }] },
    mapping: [
      { from: 'client.id', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
    successResponse: '{"ok":true}',
    errorResponse: null,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, Json>;
}

function cond(attribute: string, operator: string, value?: Json): Json {
  return value === undefined ? { attribute, operator } : { attribute, operator, value };
}

function oneCondition(attribute: string, operator: string, value?: Json) {
  return { filter: { join: 'AND', conditions: [cond(attribute, operator, value)] } };
}

function expectError(result: GraphQLResult, code: string, field?: string) {
  expect(result.errors, `expected ${code}, got ${JSON.stringify(result.data)}`).toBeDefined();
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions.code, JSON.stringify(result.errors)).toBe(code);
  if (field !== undefined) expect(error!.extensions.field).toBe(field);
  expect(error!.extensions).not.toHaveProperty('stacktrace');
  return error!;
}

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

async function create(overrides: Record<string, Json | undefined> = {}, who: TestTenant = tenant) {
  return gql(t.url, CREATE, { input: input(overrides) }, { apiKey: who.adminKey });
}

async function count(who: TestTenant = tenant): Promise<number> {
  return ok(await gql(t.url, COUNT, {}, { apiKey: who.adminKey })).webhooks.nodes.length;
}

function nested(depth: number): Json {
  let group: Json = { join: 'AND', conditions: [cond('body.a', 'EXISTS')] };
  for (let level = 1; level < depth; level++) group = { join: 'OR', groups: [group] };
  return group;
}

type Case = [label: string, overrides: Record<string, Json | undefined>, field: string, message: RegExp];

const CASES: Case[] = [
  // endpoint syntax
  ['an endpoint with upper case', { endpoint: 'Orders' }, 'input.endpoint', /not a valid endpoint/],
  ['an endpoint with a space', { endpoint: 'my orders' }, 'input.endpoint', /not a valid endpoint/],
  ['an endpoint with a slash', { endpoint: 'a/b' }, 'input.endpoint', /not a valid endpoint/],
  ['an endpoint starting with "-"', { endpoint: '-orders' }, 'input.endpoint', /not a valid endpoint/],
  ['an empty endpoint', { endpoint: '' }, 'input.endpoint', /not a valid endpoint/],
  ['a 65-character endpoint', { endpoint: 'e'.repeat(65) }, 'input.endpoint', /not a valid endpoint/],
  // name
  ['an empty name', { name: '' }, 'input.name', /empty/],
  ['a blank name', { name: '    ' }, 'input.name', /empty/],
  ['a 121-character name', { name: 'n'.repeat(121) }, 'input.name', /121 characters.*at most 120/],
  // action
  ['an action not in the catalogue', { action: 'points_add' }, 'input.action', /not an event of the catalogue/],
  // filter attributes
  [
    'an attribute without headers./body.',
    oneCondition('kind', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /"headers\." or "body\."/,
  ],
  [
    'an attribute "query.x"',
    oneCondition('query.x', 'EXISTS'),
    'input.filter.conditions[0].attribute',
    /"headers\." or "body\."/,
  ],
  ['an attribute "body." alone', oneCondition('body.', 'EXISTS'), 'input.filter.conditions[0].attribute', /empty/],
  [
    'a nested attribute',
    {
      filter: {
        join: 'OR',
        conditions: [cond('body.a', 'EXISTS')],
        groups: [{ join: 'AND', conditions: [cond('body.b', 'EXISTS'), cond('customer.id', 'EXISTS')] }],
      },
    },
    'input.filter.groups[0].conditions[1].attribute',
    /"headers\." or "body\."/,
  ],
  // values of operators
  ['IN with a text', oneCondition('body.tier', 'IN', 'gold'), 'input.filter.conditions[0].value', /needs a list/],
  ['IN without a value', oneCondition('body.tier', 'IN'), 'input.filter.conditions[0].value', /needs a list/],
  ['IN with an empty list', oneCondition('body.tier', 'IN', []), 'input.filter.conditions[0].value', /at least one/],
  ['NOT_IN with a number', oneCondition('body.tier', 'NOT_IN', 3), 'input.filter.conditions[0].value', /needs a list/],
  [
    'GREATER_THAN a text',
    oneCondition('body.total', 'GREATER_THAN', '10'),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  [
    'GREATER_THAN_OR_EQUAL without a value',
    oneCondition('body.total', 'GREATER_THAN_OR_EQUAL'),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  [
    'LESS_THAN a boolean',
    oneCondition('body.total', 'LESS_THAN', true),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  [
    'LESS_THAN_OR_EQUAL a list',
    oneCondition('body.total', 'LESS_THAN_OR_EQUAL', [1]),
    'input.filter.conditions[0].value',
    /needs a number/,
  ],
  ['EQUALS without a value', oneCondition('body.kind', 'EQUALS'), 'input.filter.conditions[0].value', /needs a value/],
  [
    'CONTAINS an object',
    oneCondition('body.kind', 'CONTAINS', { a: 1 }),
    'input.filter.conditions[0].value',
    /CONTAINS needs/,
  ],
  [
    'STARTS_WITH an empty text',
    oneCondition('body.kind', 'STARTS_WITH', ''),
    'input.filter.conditions[0].value',
    /non-empty/,
  ],
  [
    'MATCHES a lookahead',
    oneCondition('body.kind', 'MATCHES', '(?=x)'),
    'input.filter.conditions[0].value',
    /not a valid RE2/,
  ],
  [
    'MATCHES a backreference',
    oneCondition('body.kind', 'MATCHES', '(a)\\1'),
    'input.filter.conditions[0].value',
    /not a valid RE2/,
  ],
  [
    'MATCHES a 300-character pattern',
    oneCondition('body.kind', 'MATCHES', 'a'.repeat(300)),
    'input.filter.conditions[0].value',
    /at most 256/,
  ],
  [
    'MATCHES a number',
    oneCondition('body.kind', 'MATCHES', 5),
    'input.filter.conditions[0].value',
    /regular expression as text/,
  ],
  [
    'EXISTS with a value',
    oneCondition('body.kind', 'EXISTS', 'x'),
    'input.filter.conditions[0].value',
    /takes no value/,
  ],
  [
    'IS_EMPTY with a value',
    oneCondition('body.kind', 'IS_EMPTY', ''),
    'input.filter.conditions[0].value',
    /takes no value/,
  ],
  [
    'a nested value',
    {
      filter: {
        join: 'AND',
        groups: [{ join: 'OR', conditions: [cond('body.a', 'EXISTS'), cond('body.b', 'GREATER_THAN', 'x')] }],
      },
    },
    'input.filter.groups[0].conditions[1].value',
    /needs a number/,
  ],
  // filter size
  [
    'a filter 6 levels deep',
    { filter: nested(6) },
    'input.filter.groups[0].groups[0].groups[0].groups[0].groups[0]',
    /at most 5 levels/,
  ],
  [
    'a filter with 51 conditions',
    { filter: { join: 'AND', conditions: Array.from({ length: 51 }, (_, i) => cond(`body.c${i}`, 'EXISTS')) } },
    'input.filter',
    /at most 50 conditions/,
  ],
  [
    'a filter with 21 groups',
    {
      filter: {
        join: 'AND',
        groups: Array.from({ length: 20 }, () => ({ join: 'AND', conditions: [cond('body.a', 'EXISTS')] })),
      },
    },
    'input.filter',
    /at most 20 groups/,
  ],
  // mapping
  [
    'a mapping to a bare name',
    {
      mapping: [
        { from: 'id', to: 'customer' },
        { from: 'points', to: 'points' },
      ],
    },
    'input.mapping[1].to',
    /"customer".*"data\."/,
  ],
  [
    'a mapping to "data."',
    {
      mapping: [
        { from: 'id', to: 'customer' },
        { from: 'points', to: 'data.' },
      ],
    },
    'input.mapping[1].to',
    /empty/,
  ],
  ['a mapping from an empty path', { mapping: [{ from: '', to: 'customer' }] }, 'input.mapping[0].from', /empty/],
  [
    'a mapping from "body.…"',
    {
      mapping: [
        { from: 'id', to: 'customer' },
        { from: 'body.points', to: 'data.points' },
      ],
    },
    'input.mapping[1].from',
    /starts with "body\.".*"points"/,
  ],
  [
    '101 mapping rows',
    { mapping: Array.from({ length: 101 }, (_, i) => ({ from: `f${i}`, to: `data.f${i}` })) },
    'input.mapping',
    /At most 100 mapping rows/,
  ],
  // responses
  [
    'a success response in single quotes',
    { successResponse: "{'ok':true}" },
    'input.successResponse',
    /single quotes/i,
  ],
  [
    'a success response with a trailing comma',
    { successResponse: '{"ok":true,}' },
    'input.successResponse',
    /trailing comma/i,
  ],
  ['an error response in single quotes', { errorResponse: "{'ok':false}" }, 'input.errorResponse', /single quotes/i],
  [
    'an error response with a trailing comma',
    { errorResponse: '{"ok":true,}' },
    'input.errorResponse',
    /trailing comma/i,
  ],
  ['an empty success response', { successResponse: '' }, 'input.successResponse', /empty/],
  ['an error response that is not JSON', { errorResponse: 'OK' }, 'input.errorResponse', /Not valid JSON/],
];

describe('createWebhook validation: BAD_USER_INPUT naming the field, nothing created', () => {
  it.each(CASES)('%s', async (_label, overrides, field, message) => {
    const before = await count();
    const result = await create(overrides);
    const error = expectError(result, 'BAD_USER_INPUT', field);
    expect(error.message).toMatch(message);
    expect(error.extensions.issues).toEqual(expect.arrayContaining([{ field, message: error.message }]));
    expect(result.data).toBeNull();
    expect(await count()).toBe(before);
  });

  it('lists every problem in extensions.issues; field and message are the first one', async () => {
    const result = await create({ name: '', endpoint: 'Bad Endpoint', successResponse: "{'a':1}" });
    const error = expectError(result, 'BAD_USER_INPUT', 'input.name');
    expect((error.extensions.issues as { field: string }[]).map((i) => i.field)).toEqual([
      'input.name',
      'input.endpoint',
      'input.successResponse',
    ]);
  });

  it('accepts the limits themselves: 120-character name, 64-character endpoint, 5 levels, 50 conditions, 100 rows, a 256-character pattern', async () => {
    const result = await create({
      name: 'n'.repeat(120),
      endpoint: `${nextEndpoint()}-`.padEnd(64, 'x'),
      filter: {
        join: 'OR',
        conditions: [
          ...Array.from({ length: 48 }, (_, i) => cond(`body.c${i}`, 'EXISTS')),
          cond('body.s', 'MATCHES', 'a'.repeat(256)),
        ],
        groups: [nested(4) as Json],
      },
      mapping: Array.from({ length: 100 }, (_, i) => ({ from: `f${i}`, to: i === 0 ? 'customer' : `data.f${i}` })),
    });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  });

  it('EXISTS with an explicit null value is the same as no value', async () => {
    expect((await create(oneCondition('body.kind', 'EXISTS', null))).errors).toBeUndefined();
  });

  it('a malformed operator is refused by GraphQL itself', async () => {
    const result = await create(oneCondition('body.kind', 'LIKE', 'x'));
    expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.data).toBeNull();
  });
});

describe('updateWebhook validation', () => {
  async function fresh() {
    const data = ok(await create());
    return data.createWebhook as { id: string; endpoint: string; version: number; name: string };
  }

  it.each<[string, Record<string, Json>, string, RegExp]>([
    ['name null', { name: null }, 'input.name', /cannot be cleared/],
    ['endpoint null', { endpoint: null }, 'input.endpoint', /cannot be cleared/],
    ['action null', { action: null }, 'input.action', /cannot be cleared/],
    ['mapping null', { mapping: null }, 'input.mapping', /cannot be cleared/],
    ['method null', { method: null }, 'input.method', /cannot be cleared/],
    ['an empty name', { name: '' }, 'input.name', /empty/],
    ['a bad endpoint', { endpoint: 'UPPER' }, 'input.endpoint', /not a valid endpoint/],
    ['an unknown action', { action: 'nope' }, 'input.action', /catalogue/],
    [
      'a bad attribute',
      { filter: { join: 'AND', conditions: [cond('x.y', 'EXISTS')] } },
      'input.filter.conditions[0].attribute',
      /"headers\." or "body\."/,
    ],
    [
      'a bad mapping target',
      {
        mapping: [
          { from: 'a', to: 'customer' },
          { from: 'b', to: 'c' },
        ],
      },
      'input.mapping[1].to',
      /"customer".*"data\."/,
    ],
    [
      'a success response in single quotes',
      { successResponse: "{'ok':true}" },
      'input.successResponse',
      /single quotes/i,
    ],
    ['an error response with a trailing comma', { errorResponse: '[1,]' }, 'input.errorResponse', /trailing comma/i],
  ])('refuses %s and changes nothing', async (_label, patch, field, message) => {
    const webhook = await fresh();
    const before = ok(await gql(t.url, GET, { id: webhook.id }, { apiKey: tenant.adminKey })).webhook;
    const error = expectError(
      await gql(
        t.url,
        UPDATE,
        { id: webhook.id, input: { name: 'Would change', ...patch } },
        { apiKey: tenant.adminKey },
      ),
      'BAD_USER_INPUT',
      field,
    );
    expect(error.message).toMatch(message);
    expect(ok(await gql(t.url, GET, { id: webhook.id }, { apiKey: tenant.adminKey })).webhook).toEqual(before);
  });
});

describe('endpoint uniqueness per account', () => {
  it('a second webhook on the same endpoint is a CONFLICT on input.endpoint', async () => {
    const endpoint = nextEndpoint();
    ok(await create({ endpoint }));
    const before = await count();
    const error = expectError(await create({ endpoint }), 'CONFLICT', 'input.endpoint');
    expect(error.message).toContain(endpoint);
    expect(await count()).toBe(before);
  });

  it('the same endpoint in another account is fine', async () => {
    const other = await createTenant(t.deps);
    const endpoint = nextEndpoint();
    ok(await create({ endpoint }));
    const result = await create({ endpoint }, other);
    expect(ok(result).createWebhook.endpoint).toBe(endpoint);
  });

  it('an active webhook holds its endpoint too', async () => {
    const endpoint = nextEndpoint();
    const { id } = ok(await create({ endpoint })).createWebhook;
    ok(
      await gql(t.url, 'mutation ($id: ID!) { activateWebhook(id: $id) { id } }', { id }, { apiKey: tenant.adminKey }),
    );
    expectError(await create({ endpoint }), 'CONFLICT', 'input.endpoint');
  });

  it('archiving frees the endpoint', async () => {
    const endpoint = nextEndpoint();
    const { id } = ok(await create({ endpoint })).createWebhook;
    ok(await gql(t.url, 'mutation ($id: ID!) { archiveWebhook(id: $id) { id } }', { id }, { apiKey: tenant.adminKey }));
    const again = ok(await create({ endpoint })).createWebhook;
    expect(again.endpoint).toBe(endpoint);
    expect(again.id).not.toBe(id);
    // …and more than one archived webhook may share it
    ok(
      await gql(
        t.url,
        'mutation ($id: ID!) { archiveWebhook(id: $id) { id } }',
        { id: again.id },
        { apiKey: tenant.adminKey },
      ),
    );
    ok(await create({ endpoint }));
  });

  it('moving a webhook onto a taken endpoint is a CONFLICT on input.endpoint and changes nothing', async () => {
    const taken = nextEndpoint();
    ok(await create({ endpoint: taken }));
    const { id, endpoint } = ok(await create()).createWebhook;
    const error = expectError(
      await gql(t.url, UPDATE, { id, input: { endpoint: taken, name: 'Moved' } }, { apiKey: tenant.adminKey }),
      'CONFLICT',
      'input.endpoint',
    );
    expect(error.message).toContain(taken);
    const now = ok(await gql(t.url, GET, { id }, { apiKey: tenant.adminKey })).webhook;
    expect(now).toMatchObject({ endpoint, name: 'Valid webhook', version: 1 });
  });

  it('two creations racing for one endpoint: one wins, the other is a CONFLICT', async () => {
    const endpoint = nextEndpoint();
    const results = await Promise.all([create({ endpoint }), create({ endpoint })]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const loser = results.find((r) => r.errors)!;
    expectError(loser, 'CONFLICT', 'input.endpoint');
  });
});
