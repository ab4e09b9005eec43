import { GraphQLError } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DomainError, Errors, ValidationError } from '../../src/domain/errors.js';
import { formatError } from '../../src/graphql/errors.js';
import { GRAPHQL_LIMITS } from '../../src/graphql/plugin.js';
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
let cookie: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  const login = await gql(t.url, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { role } }', {
    e: tenant.email,
    p: tenant.password,
  });
  expect(login.errors).toBeUndefined();
  cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('intake_session='))!
    .split(';')[0]!;
});

afterAll(async () => {
  await t?.close();
});

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };

async function raw(init: { method?: string; query?: string; headers?: Record<string, string>; body?: string }) {
  const url =
    init.query === undefined ? `${t.url}/graphql` : `${t.url}/graphql?query=${encodeURIComponent(init.query)}`;
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await response.text();
  let body: Body = {};
  try {
    body = JSON.parse(text) as Body;
  } catch {
    // not JSON: checked by the caller through the status
  }
  return { status: response.status, body, text };
}

async function apiKeyNames(): Promise<string[]> {
  const result = await gql(t.url, 'query { apiKeys { name } }', {}, { apiKey: tenant.adminKey });
  expect(result.errors).toBeUndefined();
  return result.data!.apiKeys.map((k: { name: string }) => k.name);
}

const CREATE_KEY = 'mutation { createApiKey(name: "forged") { secret } }';

describe('CSRF prevention (cookie sessions cannot be ridden cross-site)', () => {
  it('the session cookie works from a proper client (the control)', async () => {
    const result = await raw({
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ me: { role: 'ADMIN' } });
  });

  it('a POST as text/plain (a "simple" cross-site request) is refused by Apollo with 400 even with a valid cookie, and does nothing', async () => {
    const result = await raw({
      headers: { 'content-type': 'text/plain', cookie },
      body: JSON.stringify({ query: CREATE_KEY }),
    });
    expect(result.status).toBe(400);
    expect(result.body.data ?? null).toBeNull();
    expect(result.text).toMatch(/CSRF/);
    expect(await apiKeyNames()).not.toContain('forged');
  });

  // Fastify has no parser for these, so they are refused (415) before Apollo's own CSRF check would (400).
  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a POST as %s is refused even with a valid cookie, and does nothing',
    async (contentType) => {
      const result = await raw({
        headers: { 'content-type': contentType, cookie },
        body: JSON.stringify({ query: CREATE_KEY }),
      });
      expect([400, 415]).toContain(result.status);
      expect(result.body.data ?? null).toBeNull();
      expect(await apiKeyNames()).not.toContain('forged');
    },
  );

  it('a POST without any content type is refused', async () => {
    const result = await raw({ headers: { cookie }, body: JSON.stringify({ query: '{ me { role } }' }) });
    expect(result.status).toBe(400);
    expect(result.body.data ?? null).toBeNull();
  });

  it('a GET query without a preflight header is refused with 400 even with a valid cookie', async () => {
    const result = await raw({ method: 'GET', query: '{ me { role } }', headers: { cookie } });
    expect(result.status).toBe(400);
    expect(result.body.data ?? null).toBeNull();
    expect(result.text).toMatch(/CSRF/);
  });

  it.each(['apollo-require-preflight', 'x-apollo-operation-name'])('a GET query with %s is served', async (header) => {
    const result = await raw({ method: 'GET', query: '{ me { role } }', headers: { cookie, [header]: 'me' } });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ me: { role: 'ADMIN' } });
  });

  it('a mutation over GET is refused even with a preflight header', async () => {
    const result = await raw({
      method: 'GET',
      query: CREATE_KEY,
      headers: { cookie, 'apollo-require-preflight': 'true' },
    });
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.body.data ?? null).toBeNull();
    expect(await apiKeyNames()).not.toContain('forged');
  });
});

/** `webhooks { nodes { filter { groups … { join } } } }` is 4 + `groups` levels deep. */
function filterQuery(depth: number): string {
  let selection = 'join';
  for (let i = 0; i < depth - 4; i++) selection = `groups { ${selection} }`;
  return `query { webhooks { nodes { filter { ${selection} } } } }`;
}

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('needs credentials like every other operation', async () => {
    const anonymous = await gql(t.url, INTROSPECT);
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const typeLookup = await gql(t.url, '{ __type(name: "Webhook") { name } }');
    expect(typeLookup.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is served to a signed-in caller', async () => {
    const result = await gql(t.url, INTROSPECT, {}, { apiKey: tenant.readerKey });
    expect(result.errors).toBeUndefined();
    expect(result.data!.__schema.queryType.name).toBe('Query');
  });
});

describe('operation limits', () => {
  it(`a query at the depth limit (${GRAPHQL_LIMITS.maxDepth}) is served`, async () => {
    const result = await gql(t.url, filterQuery(GRAPHQL_LIMITS.maxDepth), {}, { apiKey: tenant.adminKey });
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
  });

  it('a query deeper than the limit is refused as an invalid operation (400), not executed', async () => {
    const result = await gql(t.url, filterQuery(GRAPHQL_LIMITS.maxDepth + 1), {}, { apiKey: tenant.adminKey });
    expect(result.status).toBe(400);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toMatch(
      new RegExp(`depth limit of ${GRAPHQL_LIMITS.maxDepth} exceeded, found ${GRAPHQL_LIMITS.maxDepth + 1}`),
    );
  });

  it('fragment spreads do not count as levels: only the fields they hold do', async () => {
    // The console's WebhookSettings query: 7 fields deep, through three nested spreads.
    const query = `
      query { webhooks { nodes { ...Settings } } }
      fragment Settings on Webhook { id filter { ...Group } }
      fragment Group on FilterGroup { join conditions { ...Condition } groups { groups { groups { join conditions { ...Condition } } } } }
      fragment Condition on FilterCondition { attribute operator value }`;
    const result = await gql(t.url, query, {}, { apiKey: tenant.adminKey });
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    // Spread or inlined, a query deeper than the limit is still refused.
    const tooDeep = `query { webhooks { nodes { ...Deep } } } fragment Deep on Webhook { ${filterQuery(GRAPHQL_LIMITS.maxDepth + 1).slice('query { webhooks { nodes { '.length, -' } } }'.length)} }`;
    const refused = await gql(t.url, tooDeep, {}, { apiKey: tenant.adminKey });
    expect(refused.status).toBe(400);
    expect(refused.errors![0]!.message).toMatch(`found ${GRAPHQL_LIMITS.maxDepth + 1}`);
  });

  it('a much deeper query is refused the same way, even without credentials', async () => {
    const result = await gql(t.url, filterQuery(40));
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a query above the cost limit is refused as an invalid operation (400)', async () => {
    const query = 'query { webhooks(first: 100) { nodes { logs(first: 100) { nodes { id requestBody } } } } }';
    const result = await gql(t.url, query, {}, { apiKey: tenant.adminKey });
    expect(result.status).toBe(400);
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toMatch(new RegExp(`Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded`));
  });
});

describe('errors leak nothing', () => {
  function expectClean(result: GraphQLResult | { errors?: { extensions: Record<string, unknown> }[] }) {
    const text = JSON.stringify(result.errors);
    expect(text).not.toMatch(/stacktrace|select |insert |update |from "|relation|\.ts:|node_modules|at [A-Za-z]+ \(/i);
    for (const error of result.errors ?? []) expect(error.extensions).not.toHaveProperty('stacktrace');
  }

  it('domain errors carry their code and message, no stack trace', async () => {
    const result = await gql(
      t.url,
      'query ($id: ID!) { webhook(id: $id) { id } }',
      { id: crypto.randomUUID() },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expectClean(result);
  });

  it('a syntax error is a 400 GRAPHQL_PARSE_FAILED', async () => {
    const result = await gql(t.url, 'query { webhooks { ', {}, { apiKey: tenant.adminKey });
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expectClean(result);
  });

  it('an unknown field is a 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await gql(t.url, 'query { webhooks { nodes { secretThing } } }', {}, { apiKey: tenant.adminKey });
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectClean(result);
  });

  it('a variable of the wrong type is BAD_USER_INPUT', async () => {
    const result = await gql(
      t.url,
      'query ($first: Int) { webhooks(first: $first) { nodes { id } } }',
      { first: 'many' },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expectClean(result);
  });

  it('a database failure is INTERNAL_SERVER_ERROR with a request id, and no SQL reaches the client', async () => {
    const db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
    try {
      await db.query('ALTER TABLE webhooks RENAME TO webhooks_unavailable');
      const result = await gql(t.url, 'query { webhooks { nodes { id name } } }', {}, { apiKey: tenant.adminKey });
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error!.extensions.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(Object.keys(error!.extensions).sort()).toEqual(['code', 'requestId']);
      expect(error!.message).toMatch(/request id/);
      expect(error!.message).not.toMatch(/webhooks|relation|select/i);
      expectClean(result);
    } finally {
      await db.query('ALTER TABLE webhooks_unavailable RENAME TO webhooks');
      await db.end();
    }
    // The server recovers once the database does.
    const again = await gql(t.url, 'query { webhooks { nodes { id } } }', {}, { apiKey: tenant.adminKey });
    expect(again.errors).toBeUndefined();
  });
});

describe('formatError', () => {
  const SQL =
    'select "w0".* from "webhooks" as "w0" where "w0"."account_id" = \'6b1c…\' - relation "webhooks" does not exist';

  function resolverError(original: Error, extensions?: Record<string, unknown>) {
    return Object.assign(
      new GraphQLError(original.message, { path: ['webhooks'], originalError: original, extensions }),
      { requestId: 'req-123' },
    );
  }

  it('turns an unknown error into INTERNAL_SERVER_ERROR with the request id, and reports the original', () => {
    const report = vi.fn();
    const original = new Error(SQL);
    const error = resolverError(original);
    const formatted = formatError(report)(error.toJSON(), error);
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-123' });
    expect(formatted.path).toEqual(['webhooks']);
    expect(formatted.message).toMatch(/request id/);
    expect(JSON.stringify(formatted)).not.toMatch(/select|from "|relation|does not exist/i);
    expect(report).toHaveBeenCalledWith(original, 'req-123', 'internal');
  });

  it('does not let a plain error pass because of a pass-through code', () => {
    const report = vi.fn();
    const error = resolverError(new Error(SQL), { code: 'BAD_USER_INPUT' });
    const formatted = formatError(report)(error.toJSON(), error);
    expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(formatted.message).not.toContain('select');
    expect(report).toHaveBeenCalledOnce();
  });

  it('keeps a domain error as it is: code, field, message', () => {
    const report = vi.fn();
    const error = resolverError(Errors.conflict('The endpoint "shop" is already used.', 'input.endpoint'));
    const formatted = formatError(report)(error.toJSON(), error);
    expect(formatted).toMatchObject({
      message: 'The endpoint "shop" is already used.',
      extensions: { code: 'CONFLICT', field: 'input.endpoint' },
    });
    expect(report).not.toHaveBeenCalled();
  });

  it('adds every issue of a validation error', () => {
    const issues = [
      { field: 'input.name', message: 'The name is empty.' },
      { field: 'input.endpoint', message: 'Bad.' },
    ];
    const error = resolverError(new ValidationError(issues));
    const formatted = formatError(vi.fn())(error.toJSON(), error);
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name', issues });
  });

  it("lets GraphQL's own validation errors through with their message", () => {
    const report = vi.fn();
    const error = new GraphQLError('Cannot query field "x" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const formatted = formatError(report)(error.toJSON(), error);
    expect(formatted).toMatchObject({
      message: 'Cannot query field "x" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(report).not.toHaveBeenCalled();
  });

  it('never passes an unknown code through', () => {
    const report = vi.fn();
    const error = new GraphQLError('internal detail: select 1', { extensions: { code: 'SOMETHING_ELSE' } });
    const formatted = formatError(report)(error.toJSON(), error);
    expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(formatted.message).not.toContain('select');
  });

  it('DomainError codes are the closed catalogue', () => {
    const codes = [
      Errors.unauthenticated(),
      Errors.forbidden(),
      Errors.notFound('Webhook', 'x'),
      Errors.badInput('f', 'm'),
      Errors.conflict('m'),
      Errors.invalidTransition('m'),
    ].map((e: DomainError) => e.code);
    expect(codes).toEqual([
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'BAD_USER_INPUT',
      'CONFLICT',
      'INVALID_TRANSITION',
    ]);
  });
});
