import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import {
  createTenant,
  gql,
  startTestApp,
  type GraphQLResult,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

let t: TestApp;
let db: pg.Client;

/** Account A owns everything; account B probes it. */
let a: TestTenant;
let b: TestTenant;
let fixture: {
  inactiveId: string;
  activeId: string;
  archivedId: string;
  logId: string;
  inactiveLogId: string;
  customerId: string;
  readerKeyId: string;
};

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

function codeOf(result: GraphQLResult): string | undefined {
  return result.errors?.[0]?.extensions.code;
}

async function createWebhook(tenant: TestTenant, endpoint: string): Promise<string> {
  const result = await gql(
    t.url,
    `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
    {
      input: {
        name: `Webhook ${endpoint}`,
        method: 'POST',
        endpoint,
        action: 'point_add',
        mapping: [
          { from: 'id', to: 'customer' },
          { from: 'points', to: 'data.points' },
        ],
      },
    },
    { apiKey: tenant.adminKey },
  );
  return ok(result).createWebhook.id;
}

async function insertLog(accountId: string, webhookId: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, request_body, status_code,
       response_body, response_headers, duration_ms, outcome, error_code, error)
     VALUES ($1, $2, $3, now(), 'POST', '/webhooks/custom/a/shop', '{}'::jsonb, '{"kind":"x"}', 422, '{"ok":false}', '{}'::jsonb, 1.5,
       'FILTERED', 'FILTERED', 'The filters did not match.')`,
    [id, accountId, webhookId],
  );
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  db = new pg.Client({ connectionString: t.database.url });
  await db.connect();
  a = await createTenant(t.deps);
  b = await createTenant(t.deps);

  const inactiveId = await createWebhook(a, 'shop-inactive');
  const activeId = await createWebhook(a, 'shop-active');
  const archivedId = await createWebhook(a, 'shop-archived');
  ok(
    await gql(
      t.url,
      'mutation ($id: ID!) { activateWebhook(id: $id) { id } }',
      { id: activeId },
      { apiKey: a.adminKey },
    ),
  );
  ok(
    await gql(
      t.url,
      'mutation ($id: ID!) { archiveWebhook(id: $id) { id } }',
      { id: archivedId },
      { apiKey: a.adminKey },
    ),
  );

  const logId = await insertLog(a.accountId, activeId);
  const inactiveLogId = await insertLog(a.accountId, inactiveId);
  const memberId = randomUUID();
  await db.query(
    `INSERT INTO customers (id, account_id, external_id, email, points) VALUES ($1, $2, 'cust-a', 'member@a.test', 10)`,
    [memberId, a.accountId],
  );
  await db.query(
    `INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, webhook_id, request_log_id)
     VALUES ($1, $2, $3, 'cust-a', 'point_add', '{"points":10}'::jsonb, $4, $5)`,
    [randomUUID(), a.accountId, memberId, activeId, logId],
  );
  const keys = ok(await gql(t.url, 'query { apiKeys { id name } }', {}, { apiKey: a.adminKey })).apiKeys as {
    id: string;
    name: string;
  }[];
  const readerKeyId = keys.find((k) => k.name === 'reader key')!.id;
  fixture = { inactiveId, activeId, archivedId, logId, inactiveLogId, customerId: 'cust-a', readerKeyId };
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

// ---------------------------------------------------------------------------------------------------------------
// Another account's ids

interface Probe {
  name: string;
  query: string;
  /** The variables for one id, and which id of account A to use. */
  variables: (id: string) => Record<string, unknown>;
  foreignId: () => string;
  /** An id of the same kind that does not exist anywhere. */
  randomId: () => string;
  field: string;
}

const uuid = () => randomUUID();

const PROBES: Probe[] = [
  {
    name: 'webhook',
    query: 'query ($id: ID!) { webhook(id: $id) { id name } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.activeId,
    randomId: uuid,
    field: 'webhook',
  },
  {
    name: 'webhook (archived)',
    query: 'query ($id: ID!) { webhook(id: $id) { id } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.archivedId,
    randomId: uuid,
    field: 'webhook',
  },
  {
    name: 'webhook logs',
    query: 'query ($id: ID!) { webhook(id: $id) { logs { nodes { id requestBody } } } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.activeId,
    randomId: uuid,
    field: 'webhook',
  },
  {
    name: 'webhook history',
    query: 'query ($id: ID!) { webhook(id: $id) { history { nodes { actor changes { field after } } } } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.activeId,
    randomId: uuid,
    field: 'webhook',
  },
  {
    name: 'updateWebhook',
    query: 'mutation ($id: ID!) { updateWebhook(id: $id, input: { name: "Hijacked" }) { id } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.inactiveId,
    randomId: uuid,
    field: 'updateWebhook',
  },
  {
    name: 'activateWebhook',
    query: 'mutation ($id: ID!) { activateWebhook(id: $id) { id } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.inactiveId,
    randomId: uuid,
    field: 'activateWebhook',
  },
  {
    name: 'deactivateWebhook',
    query: 'mutation ($id: ID!) { deactivateWebhook(id: $id) { id } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.activeId,
    randomId: uuid,
    field: 'deactivateWebhook',
  },
  {
    name: 'archiveWebhook',
    query: 'mutation ($id: ID!) { archiveWebhook(id: $id) { id } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.inactiveId,
    randomId: uuid,
    field: 'archiveWebhook',
  },
  {
    name: 'testWebhook',
    query:
      'query ($id: ID!) { testWebhook(id: $id, request: { body: "{\\"id\\":\\"cust-a\\",\\"points\\":1}" }) { statusCode outcome } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.activeId,
    randomId: uuid,
    field: 'testWebhook',
  },
  {
    name: 'requestLog',
    query: 'query ($id: ID!) { requestLog(id: $id) { id requestBody } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.logId,
    randomId: uuid,
    field: 'requestLog',
  },
  {
    name: 'customer',
    query: 'query ($id: String!) { customer(id: $id) { id points events { nodes { id } } } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.customerId,
    randomId: () => `cust-${Math.random().toString(36).slice(2)}`,
    field: 'customer',
  },
  {
    name: 'revokeApiKey',
    query: 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
    variables: (id) => ({ id }),
    foreignId: () => fixture.readerKeyId,
    randomId: uuid,
    field: 'revokeApiKey',
  },
];

/** The error with the probed id taken out of the message, so that answers for different ids compare. */
function shape(result: GraphQLResult, id: string) {
  return {
    status: result.status,
    data: result.data,
    errors: result.errors?.map((e) => ({ ...e, message: e.message.split(id).join('<id>') })),
  };
}

describe("another account's ids are NOT_FOUND, exactly like ids that do not exist", () => {
  it.each(PROBES.map((p) => [p.name, p] as const))('%s', async (_name, probe) => {
    const foreign = probe.foreignId();
    const random = probe.randomId();
    const [theirs, missing, malformed] = await Promise.all(
      [foreign, random, 'nope'].map((id) => gql(t.url, probe.query, probe.variables(id), { apiKey: b.adminKey })),
    );
    expect(codeOf(theirs), JSON.stringify(theirs.errors)).toBe('NOT_FOUND');
    expect(theirs.errors).toHaveLength(1);
    expect(theirs.errors![0]!.path).toEqual([probe.field]);
    expect(theirs.data === null || theirs.data[probe.field] === null).toBe(true);
    expect(JSON.stringify(theirs)).not.toContain('Webhook shop-');
    expect(shape(theirs, foreign)).toEqual(shape(missing, random));
    expect(codeOf(malformed)).toBe('NOT_FOUND');
    expect(shape(malformed, 'nope')).toEqual(shape(missing, random));
  });

  it('the same ids work for their own account (the probes aim at real objects)', async () => {
    const auth = { apiKey: a.adminKey };
    for (const probe of PROBES.filter((p) => p.query.startsWith('query'))) {
      const result = await gql(t.url, probe.query, probe.variables(probe.foreignId()), auth);
      expect(result.errors, `${probe.name}: ${JSON.stringify(result.errors)}`).toBeUndefined();
      expect(result.data![probe.field], probe.name).not.toBeNull();
    }
    const customer = ok(
      await gql(
        t.url,
        'query { customer(id: "cust-a") { points events { nodes { action webhook { id } requestLog { id } } } } }',
        {},
        auth,
      ),
    ).customer;
    expect(customer).toEqual({
      points: 10,
      events: {
        nodes: [{ action: 'point_add', webhook: { id: fixture.activeId }, requestLog: { id: fixture.logId } }],
      },
    });
  });

  it("nothing of account A changed, and A's reader key still works", async () => {
    const auth = { apiKey: a.adminKey };
    const read = async (id: string) =>
      ok(await gql(t.url, 'query ($id: ID!) { webhook(id: $id) { name status version } }', { id }, auth)).webhook;
    expect(await read(fixture.inactiveId)).toEqual({ name: 'Webhook shop-inactive', status: 'INACTIVE', version: 1 });
    expect(await read(fixture.activeId)).toEqual({ name: 'Webhook shop-active', status: 'ACTIVE', version: 2 });
    expect(ok(await gql(t.url, 'query { me { role } }', {}, { apiKey: a.readerKey })).me.role).toBe('READER');
  });

  it("lists show only the caller's account", async () => {
    const auth = { apiKey: b.adminKey };
    const own = await createWebhook(b, 'shop-active');
    expect(ok(await gql(t.url, 'query { webhooks { nodes { id } } }', {}, auth)).webhooks.nodes).toEqual([{ id: own }]);
    expect(
      ok(await gql(t.url, 'query { webhooks(status: ARCHIVED) { nodes { id } } }', {}, auth)).webhooks.nodes,
    ).toEqual([]);
    expect(ok(await gql(t.url, 'query { customers { nodes { id } } }', {}, auth)).customers.nodes).toEqual([]);
    const keys = ok(await gql(t.url, 'query { apiKeys { id } }', {}, auth)).apiKeys as { id: string }[];
    expect(keys.map((k) => k.id)).not.toContain(fixture.readerKeyId);
    expect(keys).toHaveLength(2);
    const me = ok(await gql(t.url, 'query { me { account { id } } }', {}, auth)).me;
    expect(me.account.id).toBe(b.accountId);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Every operation of the schema, enumerated, so that new operations are covered without editing this file

const schema = await buildGraphQLSchema();
const queryFields = Object.values(schema.getQueryType()!.getFields());
const mutationFields = Object.values(schema.getMutationType()!.getFields());
/** Signing in is the one operation that needs no credentials. */
const PUBLIC = new Set(['login']);
/** Signing out ends the caller's own session; a reader (console user or key) must be able to do it. */
const READER_MAY = new Set(['login', 'logout']);

function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = sampleValue(field.type);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return randomUUID();
      case 'String':
        return 'x';
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'DateTime':
        return new Date().toISOString();
      case 'JSON':
        return {};
    }
  }
  throw new Error(`No sample value for ${String(type)}: teach sampleValue about it.`);
}

/** A valid operation calling `field` with sample values for its required arguments. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${kind} ${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, sampleValue(arg.type)])),
  };
}

const operations = [
  ...queryFields.map((f) => ({ kind: 'query' as const, name: f.name, ...operationFor('query', f) })),
  ...mutationFields.map((f) => ({ kind: 'mutation' as const, name: f.name, ...operationFor('mutation', f) })),
];
const guarded = operations.filter((o) => !PUBLIC.has(o.name));

/** No data: null as a whole (non-null fields) or null for the one field asked for (nullable fields). */
function expectNothingReturned(data: unknown) {
  if (data === null || data === undefined) return;
  expect(Object.values(data as Record<string, unknown>)).toEqual([null]);
}

async function send(operation: { query: string; variables: Record<string, unknown> }, headers: Record<string, string>) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
  });
  return {
    status: response.status,
    ...((await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] }),
  };
}

describe('every operation of the schema needs credentials', () => {
  it('the enumeration finds the operations we know of', () => {
    const names = operations.map((o) => o.name);
    for (const name of [
      'webhooks',
      'webhook',
      'blueprints',
      'eventDefinitions',
      'requestLog',
      'customer',
      'customers',
      'me',
      'apiKeys',
      'testWebhook',
      'createWebhook',
      'createWebhookFromBlueprint',
      'updateWebhook',
      'activateWebhook',
      'deactivateWebhook',
      'archiveWebhook',
      'login',
      'logout',
      'createApiKey',
      'revokeApiKey',
      'addWebhookSecret',
      'removeWebhookSecret',
    ])
      expect(names).toContain(name);
  });

  it.each(guarded.map((o) => [`${o.kind} ${o.name}`, o] as const))(
    '%s without credentials → UNAUTHENTICATED',
    async (_label, operation) => {
      const result = await send(operation, {});
      expect(result.errors?.[0]?.extensions.code, JSON.stringify(result.errors)).toBe('UNAUTHENTICATED');
      expectNothingReturned(result.data);
    },
  );

  it.each(guarded.map((o) => [`${o.kind} ${o.name}`, o] as const))(
    '%s with an unknown API key → UNAUTHENTICATED',
    async (_label, operation) => {
      const result = await send(operation, { authorization: `Bearer ik_${'q'.repeat(12)}_${'Z'.repeat(43)}` });
      expect(result.errors?.[0]?.extensions.code, JSON.stringify(result.errors)).toBe('UNAUTHENTICATED');
    },
  );

  it.each(guarded.map((o) => [`${o.kind} ${o.name}`, o] as const))(
    '%s with a malformed Authorization → UNAUTHENTICATED',
    async (_label, operation) => {
      const result = await send(operation, { authorization: 'Bearer nope' });
      expect(result.errors?.[0]?.extensions.code, JSON.stringify(result.errors)).toBe('UNAUTHENTICATED');
    },
  );

  describe('with a revoked API key', () => {
    let revoked: string;

    beforeAll(async () => {
      const created = ok(
        await gql(
          t.url,
          'mutation { createApiKey(name: "soon revoked") { secret apiKey { id } } }',
          {},
          { apiKey: a.adminKey },
        ),
      ).createApiKey;
      ok(await gql(t.url, 'query { me { role } }', {}, { apiKey: created.secret }));
      ok(
        await gql(
          t.url,
          'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }',
          { id: created.apiKey.id },
          { apiKey: a.adminKey },
        ),
      );
      revoked = created.secret;
    });

    it.each(guarded.map((o) => [`${o.kind} ${o.name}`, o] as const))(
      '%s → UNAUTHENTICATED',
      async (_label, operation) => {
        const result = await send(operation, { authorization: `Bearer ${revoked}` });
        expect(result.errors?.[0]?.extensions.code, JSON.stringify(result.errors)).toBe('UNAUTHENTICATED');
      },
    );
  });
});

describe('a READER', () => {
  const mutations = operations.filter((o) => o.kind === 'mutation' && !READER_MAY.has(o.name));

  it.each(mutations.map((o) => [o.name, o] as const))('may not call %s (FORBIDDEN)', async (_label, operation) => {
    const result = await send(operation, { authorization: `Bearer ${a.readerKey}` });
    expect(result.errors?.[0]?.extensions.code, JSON.stringify(result.errors)).toBe('FORBIDDEN');
    expectNothingReturned(result.data);
  });

  it('may not call the id-taking mutations on real webhooks of its own account either, and nothing changes', async () => {
    const auth = { apiKey: a.readerKey };
    for (const [mutation, id] of [
      ['activateWebhook', fixture.inactiveId],
      ['deactivateWebhook', fixture.activeId],
      ['archiveWebhook', fixture.inactiveId],
    ]) {
      expect(
        codeOf(await gql(t.url, `mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id }, auth)),
        mutation,
      ).toBe('FORBIDDEN');
    }
    expect(
      codeOf(
        await gql(
          t.url,
          'mutation ($id: ID!) { updateWebhook(id: $id, input: { name: "r" }) { id } }',
          { id: fixture.activeId },
          auth,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await gql(t.url, 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: fixture.readerKeyId }, auth),
      ),
    ).toBe('FORBIDDEN');
    const active = ok(
      await gql(
        t.url,
        'query ($id: ID!) { webhook(id: $id) { name status version } }',
        { id: fixture.activeId },
        { apiKey: a.adminKey },
      ),
    ).webhook;
    expect(active).toEqual({ name: 'Webhook shop-active', status: 'ACTIVE', version: 2 });
  });

  it('sees ACTIVE webhooks only: an inactive or archived one is NOT_FOUND', async () => {
    const auth = { apiKey: a.readerKey };
    expect(
      ok(await gql(t.url, 'query ($id: ID!) { webhook(id: $id) { id status } }', { id: fixture.activeId }, auth))
        .webhook,
    ).toEqual({ id: fixture.activeId, status: 'ACTIVE' });
    const inactive = await gql(t.url, 'query ($id: ID!) { webhook(id: $id) { id } }', { id: fixture.inactiveId }, auth);
    expect(codeOf(inactive)).toBe('NOT_FOUND');
    const missing = await gql(t.url, 'query ($id: ID!) { webhook(id: $id) { id } }', { id: randomUUID() }, auth);
    expect(inactive.errors![0]!.message.replace(fixture.inactiveId, '<id>')).toBe(
      missing.errors![0]!.message.replace(/"[^"]+"/, '"<id>"'),
    );
    expect(
      codeOf(await gql(t.url, 'query ($id: ID!) { webhook(id: $id) { id } }', { id: fixture.archivedId }, auth)),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await gql(
          t.url,
          'query ($id: ID!) { testWebhook(id: $id, request: { body: "{}" }) { statusCode } }',
          { id: fixture.inactiveId },
          auth,
        ),
      ),
    ).toBe('NOT_FOUND');
  });

  it('lists ACTIVE webhooks only, whatever status it asks for', async () => {
    const auth = { apiKey: a.readerKey };
    const ids = async (status?: string) =>
      (
        ok(
          await gql(
            t.url,
            'query ($status: WebhookStatus) { webhooks(status: $status) { nodes { id } } }',
            { status },
            auth,
          ),
        ).webhooks.nodes as { id: string }[]
      ).map((n) => n.id);
    expect(await ids()).toEqual([fixture.activeId]);
    expect(await ids('ACTIVE')).toEqual([fixture.activeId]);
    expect(await ids('INACTIVE')).toEqual([]);
    expect(await ids('ARCHIVED')).toEqual([]);
  });

  it('reads the logs of active webhooks only', async () => {
    const auth = { apiKey: a.readerKey };
    expect(
      ok(await gql(t.url, 'query ($id: ID!) { requestLog(id: $id) { id outcome } }', { id: fixture.logId }, auth))
        .requestLog,
    ).toEqual({ id: fixture.logId, outcome: 'FILTERED' });
    expect(
      codeOf(await gql(t.url, 'query ($id: ID!) { requestLog(id: $id) { id } }', { id: fixture.inactiveLogId }, auth)),
    ).toBe('NOT_FOUND');
    // An admin reads both.
    ok(
      await gql(
        t.url,
        'query ($id: ID!) { requestLog(id: $id) { id } }',
        { id: fixture.inactiveLogId },
        { apiKey: a.adminKey },
      ),
    );
  });

  it('may sign out (a no-op for a key, which keeps working)', async () => {
    expect(ok(await gql(t.url, 'mutation { logout }', {}, { apiKey: a.readerKey })).logout).toBe(true);
    expect(ok(await gql(t.url, 'query { me { role } }', {}, { apiKey: a.readerKey })).me.role).toBe('READER');
  });

  it('may read the catalogue, customers and itself', async () => {
    const auth = { apiKey: a.readerKey };
    ok(await gql(t.url, 'query { blueprints { id } eventDefinitions { name } me { role } }', {}, auth));
    expect(ok(await gql(t.url, 'query { customer(id: "cust-a") { id } }', {}, auth)).customer).toEqual({
      id: 'cust-a',
    });
  });
});
