import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_DEPTH } from '../../src/graphql/limits/input-checks.js';
import { createWebhook } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 13, item 6 (GraphQL): hostile arguments, persisted queries and anonymous probing used to end in
 * INTERNAL_SERVER_ERROR (HTTP 500). Each is now the client's error, said as such.
 */

let t: TestApp;
let tenant: TestTenant;
let webhookId: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  webhookId = await createWebhook(t.url, tenant, {
    endpoint: 'orders',
    action: 'point_add',
    mapping: [{ from: 'customer', to: 'customer' }],
  });
});

afterAll(async () => {
  await t?.close();
});

const CREATE = 'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }';

function webhookInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Orders',
    method: 'POST',
    endpoint: `e${Math.random().toString(36).slice(2, 10)}`,
    action: 'point_add',
    mapping: [{ from: 'customer', to: 'customer' }],
    ...overrides,
  };
}

function expectBadInput(result: Awaited<ReturnType<typeof gql>>, field: string, message: RegExp) {
  expect(result.status).toBe(400);
  expect(result.data).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(result.errors![0]!.message).toMatch(message);
}

/**
 * Sends variables written as JSON text: values nested thousands of levels deep are built as text, since
 * JSON.stringify itself would overflow the test's stack on them.
 */
async function gqlWithVariablesText(query: string, variablesText: string) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.adminKey}` },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesText}}`,
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: any }[] };
  return { status: response.status, data: body.data ?? null, errors: body.errors, headers: response.headers };
}

/** `{"a":{"a":…}}` nested `depth` objects deep around `leaf`. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('strings that cannot be stored', () => {
  it('a NUL character in a variable is BAD_USER_INPUT naming the argument, and nothing is created', async () => {
    const result = await gql(
      t.url,
      CREATE,
      { input: webhookInput({ name: 'Ord\u0000ers' }) },
      { apiKey: tenant.adminKey },
    );
    expectBadInput(result, 'input.name', /input\.name contains a NUL character/);
    const list = await gql(t.url, 'query { webhooks { nodes { name } } }', {}, { apiKey: tenant.adminKey });
    expect(list.data!.webhooks.nodes.map((w: { name: string }) => w.name)).not.toContain('Ord\u0000ers');
  });

  it('a NUL character in a literal argument is BAD_USER_INPUT naming it', async () => {
    const query = 'mutation { login(email: "a\\u0000@b.test", password: "x") { role } }';
    expectBadInput(await gql(t.url, query), 'email', /email contains a NUL character/);
  });

  it('a lone surrogate is BAD_USER_INPUT naming the path inside the argument', async () => {
    const filter = { join: 'AND', conditions: [{ attribute: 'body.x', operator: 'EQUALS', value: 'ab\ud800' }] };
    const result = await gql(t.url, CREATE, { input: webhookInput({ filter }) }, { apiKey: tenant.adminKey });
    expectBadInput(result, 'input.filter.conditions[0].value', /unpaired surrogate \(U\+D800\)/);
  });

  it('a lone surrogate in a JSON object key is refused too', async () => {
    const result = await gql(
      t.url,
      'query ($id: ID!, $request: TestRequestInput!) { testWebhook(id: $id, request: $request) { statusCode } }',
      { id: webhookId, request: { body: '{}', headers: { 'x-\udc00': 'v' } } },
      { apiKey: tenant.adminKey },
    );
    expectBadInput(result, 'request.headers', /A key of request\.headers contains an unpaired surrogate/);
  });

  it('a well-formed pair of surrogates (an emoji) is fine', async () => {
    const result = await gql(
      t.url,
      CREATE,
      { input: webhookInput({ name: 'Orders 🎉' }) },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors).toBeUndefined();
  });
});

describe('deeply nested input', () => {
  it('5,000 levels of JSON in a JSON argument are BAD_USER_INPUT, not a 500', async () => {
    const headers = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const result = await gqlWithVariablesText(
      'query ($id: ID!, $request: TestRequestInput!) { testWebhook(id: $id, request: $request) { statusCode } }',
      `{"id":"${webhookId}","request":{"body":"{}","headers":${headers}}}`,
    );
    expectBadInput(result, expect.stringMatching(/^request\.headers(\.a)+$/) as never, /nested more than 64 levels/);
  });

  it('5,000 levels of filter groups are BAD_USER_INPUT, not a 500', async () => {
    const filter = `${'{"join":"AND","groups":['.repeat(5_000)}{"join":"AND"}${']}'.repeat(5_000)}`;
    const input = JSON.stringify(webhookInput()).replace(/}$/, `,"filter":${filter}}`);
    const result = await gqlWithVariablesText(CREATE, `{"input":${input}}`);
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions.field).toMatch(/^input\.filter(\.groups\[0\])+\.groups(\[0\])?$/);
  });

  it(`${MAX_INPUT_DEPTH} levels are accepted (the limit is not off by one)`, async () => {
    const result = await gql(
      t.url,
      'query ($id: ID!, $request: TestRequestInput!) { testWebhook(id: $id, request: $request) { statusCode } }',
      // The request object and its headers object are two of the levels.
      { id: webhookId, request: { body: '{}', headers: nested(MAX_INPUT_DEPTH - 2, 'v') } },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors?.[0]?.extensions.code).not.toBe('BAD_USER_INPUT');
    expect(result.status).toBe(200);
  });

  it('a deep JSON literal is refused as well', async () => {
    const literal = `${'['.repeat(100)}1${']'.repeat(100)}`;
    const query = `query ($id: ID!) { testWebhook(id: $id, request: { body: "{}", headers: ${literal} }) { statusCode } }`;
    const result = await gql(t.url, query, { id: webhookId }, { apiKey: tenant.adminKey });
    expectBadInput(result, expect.stringMatching(/^request\.headers(\[0\])+$/) as never, /nested more than 64 levels/);
  });
});

describe('persisted queries', () => {
  it('a hash that does not match the query is a 400 BAD_REQUEST, not an internal error', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.adminKey}` },
      body: JSON.stringify({
        query: '{ me { role } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]!.message).toMatch(/sha does not match/);
  });

  it('a matching hash is served', async () => {
    const query = '{ me { role } }';
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.adminKey}` },
      body: JSON.stringify({
        query,
        extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } },
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { role: 'ADMIN' } } });
  });
});

describe('anonymous probing', () => {
  it('introspection without credentials is HTTP 200 with UNAUTHENTICATED, never a 500', async () => {
    const result = await gql(t.url, '{ __schema { types { name } } }');
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('field suggestions do not reach callers without credentials', async () => {
    const result = await gql(t.url, '{ webhoks { nodes { id } } }');
    expect(result.status).toBe(400);
    expect(result.errors![0]!.message).toBe('Cannot query field "webhoks" on type "Query".');
    expect(JSON.stringify(result.errors)).not.toMatch(/Did you mean|"webhooks"/);
  });

  it('enum value suggestions do not either', async () => {
    const result = await gql(t.url, 'query ($s: WebhookStatus) { webhooks(status: $s) { nodes { id } } }', {
      s: 'ACTIV',
    });
    expect(result.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors)).not.toMatch(/Did you mean|"ACTIVE"/);
  });

  it('a signed-in caller still gets them', async () => {
    const result = await gql(t.url, '{ webhoks { nodes { id } } }', {}, { apiKey: tenant.readerKey });
    expect(result.errors![0]!.message).toMatch(/Did you mean "webhooks"/);
  });
});
