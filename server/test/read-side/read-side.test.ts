import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send } from '../ingestion/support.js';

/** The GraphQL read side over data written by real ingestion requests: logs, customers, events, dry runs. */

let t: TestApp;
let tenant: TestTenant;
let optInId: string;
let pointsId: string;

const OPT_IN = {
  endpoint: 'optin',
  action: 'opt_in',
  mapping: [
    { from: 'id', to: 'customer' },
    { from: 'email', to: 'data.email' },
    { from: 'first', to: 'data.first_name' },
    { from: 'labels', to: 'data.labels' },
  ],
};
const POINTS = {
  endpoint: 'points',
  action: 'point_add',
  filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'earn' }] },
  mapping: [
    { from: 'id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
};

const LOGS = `query Logs($id: ID!, $first: Int, $after: String, $statusCode: Int, $outcome: RequestOutcome, $receivedAfter: DateTime) {
  webhook(id: $id) {
    lastRequest { id statusCode }
    logs(first: $first, after: $after, statusCode: $statusCode, outcome: $outcome, receivedAfter: $receivedAfter) {
      nodes { id statusCode outcome errorCode error method path durationMs requestBody responseBody requestHeaders
              event { id action customerId data } webhook { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  optInId = await createWebhook(t.url, tenant, OPT_IN);
  pointsId = await createWebhook(t.url, tenant, POINTS);
  expect(
    (
      await send(t.url, hookPath(tenant, 'optin'), {
        id: 'c-1',
        email: 'ada@example.com',
        first: 'Ada',
        labels: ['vip'],
      })
    ).status,
  ).toBe(200);
  expect(
    (await send(t.url, hookPath(tenant, 'optin'), { id: 'c-2', email: 'bob@example.com', first: 'Bob' })).status,
  ).toBe(200);
  for (const points of [10, 20, 30]) {
    expect((await send(t.url, hookPath(tenant, 'points'), { kind: 'earn', id: 'c-1', points })).status).toBe(200);
  }
  expect((await send(t.url, hookPath(tenant, 'points'), { kind: 'spend', id: 'c-1', points: 5 })).status).toBe(422);
  expect(
    (await send(t.url, hookPath(tenant, 'points'), '{"kind":', { headers: { 'content-type': 'application/json' } }))
      .status,
  ).toBe(400);
});

afterAll(async () => {
  await t?.close();
});

const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
  gql(t.url, query, variables, { apiKey: tenant.adminKey });

describe('Webhook.logs', () => {
  it('lists a webhook’s requests newest first, with their outcome and the registered event', async () => {
    const { data, errors } = await asAdmin(LOGS, { id: pointsId });
    expect(errors).toBeUndefined();
    const nodes = data!.webhook.logs.nodes;
    expect(nodes.map((n: any) => n.statusCode)).toEqual([400, 422, 200, 200, 200]);
    expect(nodes.map((n: any) => n.outcome)).toEqual([
      'INVALID_REQUEST',
      'FILTERED',
      'PROCESSED',
      'PROCESSED',
      'PROCESSED',
    ]);
    expect(data!.webhook.lastRequest).toEqual({ id: nodes[0].id, statusCode: 400 });
    const processed = nodes[2];
    expect(processed.event).toMatchObject({ action: 'point_add', customerId: 'c-1', data: { points: 30 } });
    expect(processed.webhook.id).toBe(pointsId);
    expect(processed.method).toBe('POST');
    expect(processed.path).toBe(hookPath(tenant, 'points'));
    expect(processed.durationMs).toBeGreaterThan(0);
    expect(nodes[1].errorCode).toBe('FILTERED');
    expect(nodes[1].error).toContain('body.kind');
    expect(nodes[1].event).toBeNull();
  });

  it('pages with first/after without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { data } = await asAdmin(LOGS, { id: pointsId, first: 2, after });
      const logs = data!.webhook.logs;
      seen.push(...logs.nodes.map((n: any) => n.id));
      if (!logs.pageInfo.hasNextPage) break;
      after = logs.pageInfo.endCursor;
    }
    const all = (await asAdmin(LOGS, { id: pointsId })).data!.webhook.logs.nodes.map((n: any) => n.id);
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(5);
  });

  it('filters by status code, outcome and time', async () => {
    const byStatus = await asAdmin(LOGS, { id: pointsId, statusCode: 200 });
    expect(byStatus.data!.webhook.logs.nodes.map((n: any) => n.statusCode)).toEqual([200, 200, 200]);
    const byOutcome = await asAdmin(LOGS, { id: pointsId, outcome: 'FILTERED' });
    expect(byOutcome.data!.webhook.logs.nodes).toHaveLength(1);
    const future = await asAdmin(LOGS, { id: pointsId, receivedAfter: new Date(Date.now() + 60_000).toISOString() });
    expect(future.data!.webhook.logs.nodes).toEqual([]);
  });

  it('reads one log by id, and refuses a malformed cursor', async () => {
    const first = (await asAdmin(LOGS, { id: pointsId, first: 1 })).data!.webhook.logs.nodes[0];
    const one = await asAdmin(`query($id: ID!) { requestLog(id: $id) { id statusCode requestBody } }`, {
      id: first.id,
    });
    expect(one.data!.requestLog).toEqual({ id: first.id, statusCode: 400, requestBody: '{"kind":' });
    const bad = await asAdmin(LOGS, { id: pointsId, after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('customers', () => {
  const CUSTOMER = `query($id: String!, $first: Int, $after: String) {
    customer(id: $id) {
      id email firstName labels points optedOut
      events(first: $first, after: $after) {
        nodes { id action customerId data webhook { id name } requestLog { id statusCode } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

  it('shows a member with balance, labels and event history newest first, linked to webhook and log', async () => {
    const { data, errors } = await asAdmin(CUSTOMER, { id: 'c-1' });
    expect(errors).toBeUndefined();
    const c = data!.customer;
    expect(c).toMatchObject({
      id: 'c-1',
      email: 'ada@example.com',
      firstName: 'Ada',
      labels: ['vip'],
      points: 60,
      optedOut: false,
    });
    expect(c.events.nodes.map((e: any) => e.action)).toEqual(['point_add', 'point_add', 'point_add', 'opt_in']);
    expect(c.events.nodes.map((e: any) => e.data.points ?? null)).toEqual([30, 20, 10, null]);
    expect(c.events.nodes[0].webhook).toEqual({ id: pointsId, name: 'points' });
    expect(c.events.nodes[3].webhook.id).toBe(optInId);
    expect(c.events.nodes[0].requestLog.statusCode).toBe(200);
  });

  it('pages the event history', async () => {
    const page1 = (await asAdmin(CUSTOMER, { id: 'c-1', first: 3 })).data!.customer.events;
    expect(page1.nodes).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await asAdmin(CUSTOMER, { id: 'c-1', first: 3, after: page1.pageInfo.endCursor })).data!.customer
      .events;
    expect(page2.nodes.map((e: any) => e.action)).toEqual(['opt_in']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('searches members by id, email or name', async () => {
    const search = async (text: string) =>
      (
        await asAdmin(`query($s: String) { customers(search: $s) { nodes { id } } }`, { s: text })
      ).data!.customers.nodes.map((n: any) => n.id);
    expect(await search('bob@')).toEqual(['c-2']);
    expect(await search('ADA')).toEqual(['c-1']);
    expect((await search('c-')).sort()).toEqual(['c-1', 'c-2']);
    expect(await search('nobody')).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown member', async () => {
    const { errors } = await asAdmin(CUSTOMER, { id: 'nobody' });
    expect(errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('testWebhook (dry run)', () => {
  const TEST = `query($id: ID!, $request: TestRequestInput!) {
    testWebhook(id: $id, request: $request) {
      statusCode outcome errorCode reason responseBody responseHeaders filterPassed
      conditions { attribute operator expected actual found passed explanation }
      mapping { from to found value }
      mappedEvent convertedEvent
      issues { code attribute message }
    }
  }`;
  const countRows = async () => {
    const rows = await t.orm.em
      .fork()
      .getConnection()
      .execute(
        `select (select count(*) from request_logs) as logs, (select count(*) from customer_events) as events, (select points from customers where external_id = 'c-1') as points`,
      );
    return rows[0];
  };

  it('traces a failing filter condition with its actual value, and stores nothing', async () => {
    const before = await countRows();
    const { data, errors } = await asAdmin(TEST, {
      id: pointsId,
      request: { body: '{"kind":"spend","id":"c-1","points":5}' },
    });
    expect(errors).toBeUndefined();
    const r = data!.testWebhook;
    expect(r).toMatchObject({ statusCode: 422, outcome: 'FILTERED', errorCode: 'FILTERED', filterPassed: false });
    expect(r.conditions).toEqual([
      expect.objectContaining({
        attribute: 'body.kind',
        operator: 'EQUALS',
        expected: 'earn',
        actual: 'spend',
        passed: false,
      }),
    ]);
    expect(r.responseHeaders['X-Webhook-Error']).toBe('FILTERED');
    expect(await countRows()).toEqual(before);
  });

  it('shows the mapped and converted event and the success response for a passing request', async () => {
    const before = await countRows();
    const { data } = await asAdmin(TEST, {
      id: pointsId,
      request: { body: '{"kind":"earn","id":"c-1","points":"15"}' },
    });
    const r = data!.testWebhook;
    expect(r).toMatchObject({ statusCode: 200, outcome: 'PROCESSED', errorCode: null, filterPassed: true });
    expect(r.mappedEvent).toEqual({ customer: 'c-1', data: { points: '15' } });
    expect(r.convertedEvent).toEqual({ customer: 'c-1', data: { points: 15 } });
    expect(JSON.parse(r.responseBody)).toMatchObject({ ok: true });
    expect(await countRows()).toEqual(before);
  });

  it('predicts event-rule refusals and validation issues', async () => {
    const unknown = (
      await asAdmin(TEST, { id: pointsId, request: { body: '{"kind":"earn","id":"ghost","points":1}' } })
    ).data!.testWebhook;
    expect(unknown).toMatchObject({ statusCode: 422, outcome: 'INVALID_EVENT', errorCode: 'CUSTOMER_NOT_FOUND' });
    const invalid = (
      await asAdmin(TEST, { id: pointsId, request: { body: '{"kind":"earn","id":"c-1","points":"many"}' } })
    ).data!.testWebhook;
    expect(invalid).toMatchObject({ statusCode: 422, errorCode: 'INVALID_ATTRIBUTE' });
    expect(invalid.issues[0]).toMatchObject({ code: 'INVALID_ATTRIBUTE', attribute: 'data.points' });
    const broken = (await asAdmin(TEST, { id: pointsId, request: { body: "{'kind':'earn'}" } })).data!.testWebhook;
    expect(broken).toMatchObject({ statusCode: 400, outcome: 'INVALID_REQUEST', errorCode: 'INVALID_JSON' });
    expect(broken.reason).toMatch(/single quotes/i);
  });

  it('works on an inactive webhook, with the method it is given', async () => {
    const inactive = await createWebhook(t.url, tenant, { ...POINTS, endpoint: 'points-draft' }, false);
    const ok = (await asAdmin(TEST, { id: inactive, request: { body: '{"kind":"earn","id":"c-1","points":1}' } })).data!
      .testWebhook;
    expect(ok.statusCode).toBe(200);
    const put = (await asAdmin(TEST, { id: inactive, request: { method: 'PUT', body: '{}' } })).data!.testWebhook;
    expect(put).toMatchObject({ statusCode: 405, outcome: 'NOT_ROUTABLE' });
    expect(put.responseHeaders.Allow).toBe('POST');
  });
});
