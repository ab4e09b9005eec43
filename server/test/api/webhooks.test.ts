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

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

const WEBHOOK = `
  id name method endpoint url status action version createdAt updatedAt allowedActions successResponse errorResponse
  filter { join conditions { attribute operator value } groups { join conditions { attribute operator value } groups { join } } }
  mapping { from to default replace { value replacement } }
`;

const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { ${WEBHOOK} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { ${WEBHOOK} } }`;
const GET = `query ($id: ID!) { webhook(id: $id) { ${WEBHOOK} } }`;
const HISTORY = `query ($id: ID!, $first: Int, $after: String) { webhook(id: $id) { version history(first: $first, after: $after) {
  nodes { id actor kind version changedAt changes { field before after } } pageInfo { hasNextPage endCursor } } } }`;
const LIST = `query ($status: WebhookStatus, $search: String, $first: Int, $after: String) {
  webhooks(status: $status, search: $search, first: $first, after: $after) { nodes { id name endpoint status } pageInfo { hasNextPage endCursor } } }`;

let endpointCounter = 0;
function nextEndpoint(): string {
  return `ep-${++endpointCounter}-${Math.random().toString(36).slice(2, 7)}`;
}

function input(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Shop points',
    method: 'POST',
    endpoint: nextEndpoint(),
    action: 'point_add',
    filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }] },
    mapping: [
      { from: 'client.id', to: 'customer' },
      { from: 'points', to: 'data.points', default: 1, replace: [{ value: 'ten', replacement: 10 }] },
    ],
    successResponse: '{"ok":true}',
    errorResponse: '{"ok":false}',
    ...overrides,
  };
}

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.status).toBe(200);
  return result.data as T;
}

function expectError(result: GraphQLResult, code: string, field?: string) {
  expect(result.errors, `expected ${code}, got data ${JSON.stringify(result.data)}`).toBeDefined();
  const [error] = result.errors!;
  expect(error!.extensions.code, JSON.stringify(result.errors)).toBe(code);
  if (field !== undefined) expect(error!.extensions.field).toBe(field);
  return error!;
}

async function create(tenant: TestTenant, overrides: Record<string, unknown> = {}) {
  return ok(await gql(t.url, CREATE, { input: input(overrides) }, { apiKey: tenant.adminKey })).createWebhook;
}

async function get(tenant: TestTenant, id: string) {
  return ok(await gql(t.url, GET, { id }, { apiKey: tenant.adminKey })).webhook;
}

async function login(tenant: TestTenant): Promise<string> {
  const result = await gql(t.url, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { role } }', {
    e: tenant.email,
    p: tenant.password,
  });
  ok(result);
  const cookie = result.headers.getSetCookie().find((c) => c.startsWith('intake_session='));
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0]!;
}

describe('createWebhook', () => {
  it('creates an INACTIVE webhook at version 1 with everything it was given', async () => {
    const tenant = await createTenant(t.deps);
    const given = input();
    const webhook = ok(await gql(t.url, CREATE, { input: given }, { apiKey: tenant.adminKey })).createWebhook;
    expect(webhook).toMatchObject({
      name: 'Shop points',
      method: 'POST',
      endpoint: given.endpoint,
      status: 'INACTIVE',
      action: 'point_add',
      version: 1,
      successResponse: '{"ok":true}',
      errorResponse: '{"ok":false}',
      allowedActions: ['EDIT', 'ACTIVATE', 'ARCHIVE'],
      filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }], groups: [] },
      mapping: [
        { from: 'client.id', to: 'customer', default: null, replace: [] },
        { from: 'points', to: 'data.points', default: 1, replace: [{ value: 'ten', replacement: 10 }] },
      ],
    });
    expect(webhook.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(webhook.createdAt))).toBe(false);
    expect(Number.isNaN(Date.parse(webhook.updatedAt))).toBe(false);
    expect(await get(tenant, webhook.id)).toEqual(webhook);
  });

  it('gives the ingestion URL <public base>/webhooks/custom/<account slug>/<endpoint>', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant, { endpoint: 'orders_2024-eu' });
    expect(webhook.url).toBe(`http://intake.test/webhooks/custom/${tenant.slug}/orders_2024-eu`);
  });

  it('trims the name, treats an absent filter and responses as null, and PUT as a method', async () => {
    const tenant = await createTenant(t.deps);
    const {
      filter: _f,
      successResponse: _s,
      errorResponse: _e,
      ...rest
    } = input({ name: '  Padded  ', method: 'PUT' });
    const webhook = ok(await gql(t.url, CREATE, { input: rest }, { apiKey: tenant.adminKey })).createWebhook;
    expect(webhook).toMatchObject({
      name: 'Padded',
      method: 'PUT',
      filter: null,
      successResponse: null,
      errorResponse: null,
    });
  });

  it('stores an empty filter group as no filter', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant, { filter: { join: 'OR', conditions: [], groups: [{ join: 'AND' }] } });
    expect(webhook.filter).toBeNull();
  });

  it('keeps nested filter groups', async () => {
    const tenant = await createTenant(t.deps);
    const filter = {
      join: 'OR',
      conditions: [{ attribute: 'headers.x-env', operator: 'EQUALS', value: 'prod' }],
      groups: [
        {
          join: 'AND',
          conditions: [
            { attribute: 'body.tier', operator: 'IN', value: ['gold', 'silver'] },
            { attribute: 'body.total', operator: 'GREATER_THAN', value: 10 },
          ],
        },
      ],
    };
    const webhook = await create(tenant, { filter });
    expect(webhook.filter).toEqual({ ...filter, groups: [{ ...filter.groups[0], groups: [] }] });
  });
});

describe('updateWebhook', () => {
  it('changes what is given, keeps what is absent, and increments the version', async () => {
    const tenant = await createTenant(t.deps);
    const before = await create(tenant);
    const after = ok(
      await gql(
        t.url,
        UPDATE,
        { id: before.id, input: { name: 'Renamed', method: 'PUT' } },
        { apiKey: tenant.adminKey },
      ),
    ).updateWebhook;
    expect(after).toEqual({ ...before, name: 'Renamed', method: 'PUT', version: 2, updatedAt: after.updatedAt });
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(await get(tenant, before.id)).toEqual(after);
  });

  it('null clears the filter and the responses; absent keeps them', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const cleared = ok(
      await gql(
        t.url,
        UPDATE,
        { id: webhook.id, input: { filter: null, successResponse: null } },
        { apiKey: tenant.adminKey },
      ),
    ).updateWebhook;
    expect(cleared.filter).toBeNull();
    expect(cleared.successResponse).toBeNull();
    expect(cleared.errorResponse).toBe('{"ok":false}');
    expect(cleared.mapping).toEqual(webhook.mapping);
    expect(cleared.version).toBe(2);

    const alsoError = ok(
      await gql(t.url, UPDATE, { id: webhook.id, input: { errorResponse: null } }, { apiKey: tenant.adminKey }),
    ).updateWebhook;
    expect(alsoError).toMatchObject({ filter: null, successResponse: null, errorResponse: null, version: 3 });
    expect(await get(tenant, webhook.id)).toEqual(alsoError);
  });

  it('a value sets every kind of field', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const endpoint = nextEndpoint();
    const patch = {
      name: 'All new',
      method: 'PUT',
      endpoint,
      action: 'point_sub',
      filter: { join: 'OR', conditions: [{ attribute: 'headers.x-kind', operator: 'EXISTS' }] },
      mapping: [
        { from: 'who', to: 'customer' },
        { from: 'n', to: 'data.points' },
      ],
      successResponse: '{"done":true}',
      errorResponse: '[]',
    };
    const updated = ok(
      await gql(t.url, UPDATE, { id: webhook.id, input: patch }, { apiKey: tenant.adminKey }),
    ).updateWebhook;
    expect(updated).toMatchObject({
      ...patch,
      filter: {
        join: 'OR',
        conditions: [{ attribute: 'headers.x-kind', operator: 'EXISTS', value: null }],
        groups: [],
      },
      mapping: [
        { from: 'who', to: 'customer', default: null, replace: [] },
        { from: 'n', to: 'data.points', default: null, replace: [] },
      ],
      url: `http://intake.test/webhooks/custom/${tenant.slug}/${endpoint}`,
      version: 2,
    });
  });

  it('an empty mapping list is a value: the rows are removed', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const updated = ok(
      await gql(t.url, UPDATE, { id: webhook.id, input: { mapping: [] } }, { apiKey: tenant.adminKey }),
    ).updateWebhook;
    expect(updated.mapping).toEqual([]);
    expect(updated.version).toBe(2);
  });

  it('an update that changes nothing keeps the version and records no history', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const same = ok(
      await gql(
        t.url,
        UPDATE,
        { id: webhook.id, input: { name: webhook.name, endpoint: webhook.endpoint } },
        { apiKey: tenant.adminKey },
      ),
    ).updateWebhook;
    expect(same.version).toBe(1);
    const empty = ok(
      await gql(t.url, UPDATE, { id: webhook.id, input: {} }, { apiKey: tenant.adminKey }),
    ).updateWebhook;
    expect(empty.version).toBe(1);
    const history = ok(await gql(t.url, HISTORY, { id: webhook.id }, { apiKey: tenant.adminKey })).webhook.history;
    expect(history.nodes.map((n: { kind: string }) => n.kind)).toEqual(['CREATED']);
  });

  it('updates an ACTIVE webhook and keeps it active', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    ok(
      await gql(
        t.url,
        'mutation ($id: ID!) { activateWebhook(id: $id) { id } }',
        { id: webhook.id },
        { apiKey: tenant.adminKey },
      ),
    );
    const updated = ok(
      await gql(t.url, UPDATE, { id: webhook.id, input: { name: 'Live edit' } }, { apiKey: tenant.adminKey }),
    ).updateWebhook;
    expect(updated).toMatchObject({ name: 'Live edit', status: 'ACTIVE', version: 3 });
  });
});

describe('optimistic concurrency', () => {
  it('the current expectedVersion is accepted', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const updated = ok(
      await gql(
        t.url,
        UPDATE,
        { id: webhook.id, input: { name: 'v2', expectedVersion: 1 } },
        { apiKey: tenant.adminKey },
      ),
    ).updateWebhook;
    expect(updated.version).toBe(2);
  });

  it('a stale expectedVersion is a CONFLICT on input.expectedVersion and changes nothing', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const v2 = ok(
      await gql(
        t.url,
        UPDATE,
        { id: webhook.id, input: { name: 'First save', expectedVersion: 1 } },
        { apiKey: tenant.adminKey },
      ),
    ).updateWebhook;

    const stale = await gql(
      t.url,
      UPDATE,
      { id: webhook.id, input: { name: 'Second save', filter: null, expectedVersion: 1 } },
      { apiKey: tenant.adminKey },
    );
    const error = expectError(stale, 'CONFLICT', 'input.expectedVersion');
    expect(error.message).toMatch(/version 1/);
    expect(error.message).toMatch(/version 2/);
    expect(stale.data).toBeNull();

    const now = await get(tenant, webhook.id);
    expect(now).toEqual(v2);
    expect(now.name).toBe('First save');
    expect(now.filter).not.toBeNull();
    const history = ok(await gql(t.url, HISTORY, { id: webhook.id }, { apiKey: tenant.adminKey })).webhook.history;
    expect(history.nodes).toHaveLength(2);
  });

  it('an expectedVersion from the future is stale too', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    expectError(
      await gql(
        t.url,
        UPDATE,
        { id: webhook.id, input: { name: 'x', expectedVersion: 7 } },
        { apiKey: tenant.adminKey },
      ),
      'CONFLICT',
      'input.expectedVersion',
    );
    expect((await get(tenant, webhook.id)).version).toBe(1);
  });

  it('of two saves of the same version racing, exactly one wins', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const results = await Promise.all(
      ['Alice', 'Bob'].map((name) =>
        gql(t.url, UPDATE, { id: webhook.id, input: { name, expectedVersion: 1 } }, { apiKey: tenant.adminKey }),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expectError(losers[0]!, 'CONFLICT', 'input.expectedVersion');
    const now = await get(tenant, webhook.id);
    expect(now.version).toBe(2);
    expect(now.name).toBe(winners[0]!.data!.updateWebhook.name);
  });
});

describe('version', () => {
  it('increments on every change: update, activate, deactivate, archive', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const auth = { apiKey: tenant.adminKey };
    const versions = [webhook.version];
    versions.push(ok(await gql(t.url, UPDATE, { id: webhook.id, input: { name: 'a' } }, auth)).updateWebhook.version);
    versions.push(
      ok(await gql(t.url, 'mutation ($id: ID!) { activateWebhook(id: $id) { version } }', { id: webhook.id }, auth))
        .activateWebhook.version,
    );
    versions.push(ok(await gql(t.url, UPDATE, { id: webhook.id, input: { name: 'b' } }, auth)).updateWebhook.version);
    versions.push(
      ok(await gql(t.url, 'mutation ($id: ID!) { deactivateWebhook(id: $id) { version } }', { id: webhook.id }, auth))
        .deactivateWebhook.version,
    );
    versions.push(
      ok(await gql(t.url, 'mutation ($id: ID!) { archiveWebhook(id: $id) { version } }', { id: webhook.id }, auth))
        .archiveWebhook.version,
    );
    expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await get(tenant, webhook.id)).version).toBe(6);
  });
});

describe('change history', () => {
  it('records who changed which fields, before and after, newest first', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant, { errorResponse: null });
    const cookie = await login(tenant);
    ok(await gql(t.url, UPDATE, { id: webhook.id, input: { name: 'Renamed', filter: null } }, { cookie }));
    ok(
      await gql(
        t.url,
        'mutation ($id: ID!) { activateWebhook(id: $id) { id } }',
        { id: webhook.id },
        { apiKey: tenant.adminKey },
      ),
    );

    const { history, version } = ok(await gql(t.url, HISTORY, { id: webhook.id }, { apiKey: tenant.adminKey })).webhook;
    expect(version).toBe(3);
    const [activated, updated, created] = history.nodes;
    expect(history.nodes).toHaveLength(3);
    expect(history.pageInfo.hasNextPage).toBe(false);

    expect(activated).toMatchObject({ kind: 'ACTIVATED', version: 3, actor: 'api-key:admin key' });
    expect(activated.changes).toEqual([{ field: 'status', before: 'INACTIVE', after: 'ACTIVE' }]);

    expect(updated).toMatchObject({ kind: 'UPDATED', version: 2, actor: `user:${tenant.email}` });
    expect(updated.changes).toEqual([
      { field: 'name', before: 'Shop points', after: 'Renamed' },
      { field: 'filter', before: webhook.filter, after: null },
    ]);

    expect(created).toMatchObject({ kind: 'CREATED', version: 1, actor: 'api-key:admin key' });
    const createdFields = Object.fromEntries(
      created.changes.map((c: { field: string; before: unknown; after: unknown }) => [c.field, c]),
    );
    expect(Object.keys(createdFields).sort()).toEqual([
      'action',
      'endpoint',
      'filter',
      'mapping',
      'method',
      'name',
      'status',
      'successResponse',
      'verification',
    ]);
    // NONE is an explicit choice, so the history says it was made; no idempotency is no change from nothing.
    expect(createdFields.verification).toEqual({ field: 'verification', before: null, after: { scheme: 'NONE' } });
    expect(createdFields.name).toEqual({ field: 'name', before: null, after: 'Shop points' });
    expect(createdFields.endpoint).toEqual({ field: 'endpoint', before: null, after: webhook.endpoint });
    expect(createdFields.status).toEqual({ field: 'status', before: null, after: 'INACTIVE' });

    for (const node of history.nodes) expect(Number.isNaN(Date.parse(node.changedAt))).toBe(false);
    expect(Date.parse(activated.changedAt)).toBeGreaterThanOrEqual(Date.parse(created.changedAt));
  });

  it('records deactivation and archiving', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    const auth = { apiKey: tenant.adminKey };
    for (const m of ['activateWebhook', 'deactivateWebhook', 'archiveWebhook']) {
      ok(await gql(t.url, `mutation ($id: ID!) { ${m}(id: $id) { id } }`, { id: webhook.id }, auth));
    }
    const { history } = ok(await gql(t.url, HISTORY, { id: webhook.id }, auth)).webhook;
    expect(history.nodes.map((n: { kind: string; version: number }) => [n.kind, n.version])).toEqual([
      ['ARCHIVED', 4],
      ['DEACTIVATED', 3],
      ['ACTIVATED', 2],
      ['CREATED', 1],
    ]);
    expect(history.nodes[0].changes).toEqual([{ field: 'status', before: 'INACTIVE', after: 'ARCHIVED' }]);
    expect(history.nodes[1].changes).toEqual([{ field: 'status', before: 'ACTIVE', after: 'INACTIVE' }]);
  });

  it('is paginated', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    for (let i = 0; i < 4; i++)
      ok(await gql(t.url, UPDATE, { id: webhook.id, input: { name: `n${i}` } }, { apiKey: tenant.adminKey }));
    const first = ok(await gql(t.url, HISTORY, { id: webhook.id, first: 3 }, { apiKey: tenant.adminKey })).webhook
      .history;
    expect(first.nodes.map((n: { version: number }) => n.version)).toEqual([5, 4, 3]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await gql(
        t.url,
        HISTORY,
        { id: webhook.id, first: 3, after: first.pageInfo.endCursor },
        { apiKey: tenant.adminKey },
      ),
    ).webhook.history;
    expect(rest.nodes.map((n: { version: number }) => n.version)).toEqual([2, 1]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });
});

describe('webhooks list', () => {
  async function listAll(tenant: TestTenant, variables: Record<string, unknown> = {}) {
    return ok(await gql(t.url, LIST, variables, { apiKey: tenant.adminKey })).webhooks;
  }

  it('shows admins INACTIVE and ACTIVE by default, ARCHIVED only when asked for', async () => {
    const tenant = await createTenant(t.deps);
    const auth = { apiKey: tenant.adminKey };
    const inactive = await create(tenant, { name: 'inactive' });
    const active = await create(tenant, { name: 'active' });
    const archived = await create(tenant, { name: 'archived' });
    ok(await gql(t.url, 'mutation ($id: ID!) { activateWebhook(id: $id) { id } }', { id: active.id }, auth));
    ok(await gql(t.url, 'mutation ($id: ID!) { archiveWebhook(id: $id) { id } }', { id: archived.id }, auth));

    const byDefault = await listAll(tenant);
    expect(byDefault.nodes.map((w: { id: string }) => w.id).sort()).toEqual([inactive.id, active.id].sort());

    expect((await listAll(tenant, { status: 'ARCHIVED' })).nodes).toEqual([
      { id: archived.id, name: 'archived', endpoint: archived.endpoint, status: 'ARCHIVED' },
    ]);
    expect((await listAll(tenant, { status: 'ACTIVE' })).nodes.map((w: { id: string }) => w.id)).toEqual([active.id]);
    expect((await listAll(tenant, { status: 'INACTIVE' })).nodes.map((w: { id: string }) => w.id)).toEqual([
      inactive.id,
    ]);
  });

  it('an archived webhook stays readable by id', async () => {
    const tenant = await createTenant(t.deps);
    const webhook = await create(tenant);
    ok(
      await gql(
        t.url,
        'mutation ($id: ID!) { archiveWebhook(id: $id) { id } }',
        { id: webhook.id },
        { apiKey: tenant.adminKey },
      ),
    );
    expect(await get(tenant, webhook.id)).toMatchObject({ id: webhook.id, status: 'ARCHIVED', allowedActions: [] });
  });

  it('searches name and endpoint, case-insensitively, with % and _ taken literally', async () => {
    const tenant = await createTenant(t.deps);
    const byName = await create(tenant, { name: 'Shopify orders', endpoint: 'orders-1' });
    const byEndpoint = await create(tenant, { name: 'Points', endpoint: 'shopify-points' });
    const other = await create(tenant, { name: 'Other 100%', endpoint: 'misc' });
    const ids = async (search: string) =>
      (await listAll(tenant, { search })).nodes.map((w: { id: string }) => w.id).sort();

    expect(await ids('SHOPIFY')).toEqual([byName.id, byEndpoint.id].sort());
    expect(await ids('orders')).toEqual([byName.id]);
    expect(await ids('s-1')).toEqual([byName.id]);
    expect(await ids('100%')).toEqual([other.id]);
    expect(await ids('%')).toEqual([other.id]);
    expect(await ids('_')).toEqual([]);
    expect(await ids('nothing like it')).toEqual([]);
    expect(await ids('   ')).toEqual([byName.id, byEndpoint.id, other.id].sort());
  });

  it('pages with first/after: newest first, no overlap, nothing left out', async () => {
    const tenant = await createTenant(t.deps);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await create(tenant, { name: `page ${i}` })).id);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } =
        await listAll(tenant, { first: 2, after });
      pages++;
      expect(page.nodes.length).toBeLessThanOrEqual(2);
      seen.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      if (page.pageInfo.hasNextPage) expect(page.pageInfo.endCursor).toEqual(expect.any(String));
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());

    const all = await listAll(tenant);
    expect(all.nodes.map((n: { id: string }) => n.id)).toEqual([...created].reverse());
    expect(all.pageInfo.hasNextPage).toBe(false);
  });

  it('defaults to 20 per page', async () => {
    const tenant = await createTenant(t.deps);
    for (let i = 0; i < 21; i++) await create(tenant, { name: `n${i}` });
    const page = await listAll(tenant);
    expect(page.nodes).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect((await listAll(tenant, { first: 100 })).nodes).toHaveLength(21);
  });

  it.each([101, 0, -1])('refuses first: %i with BAD_USER_INPUT', async (first) => {
    const tenant = await createTenant(t.deps);
    const result = await gql(t.url, LIST, { first }, { apiKey: tenant.adminKey });
    const error = expectError(result, 'BAD_USER_INPUT', 'first');
    expect(error.message).toMatch(/100/);
  });

  const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
  it.each([
    ['garbage', 'not-a-cursor'],
    ['a cursor with an id that is no uuid', forged(['2020-01-01T00:00:00.000Z', 'nope'])],
    ['a cursor with a date PostgreSQL cannot read', forged(['1', '00000000-0000-0000-0000-000000000000'])],
    ['a cursor of the wrong shape', forged({ at: '2020-01-01T00:00:00.000Z' })],
  ])('refuses %s as after with BAD_USER_INPUT (never an internal error)', async (_label, after) => {
    const tenant = await createTenant(t.deps);
    expectError(await gql(t.url, LIST, { after }, { apiKey: tenant.adminKey }), 'BAD_USER_INPUT', 'after');
  });

  it("lists only the caller account's webhooks", async () => {
    const mine = await createTenant(t.deps);
    const theirs = await createTenant(t.deps);
    const own = await create(mine);
    await create(theirs);
    expect((await listAll(mine)).nodes.map((w: { id: string }) => w.id)).toEqual([own.id]);
  });
});
