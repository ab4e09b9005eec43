import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/**
 * Fan-out (issue 11): a webhook with `splitOn` turns each item of a list in the body into one event, all of one
 * request in one transaction — every item registered or none — over real HTTP and PostgreSQL.
 */

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let orderWebhookId: string;

const ORDER_MAPPING = [
  { from: 'customer_id', to: 'customer' },
  { from: 'points', to: 'data.points' },
  { from: 'sku', to: 'data.reason' },
];

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  orderWebhookId = await createWebhook(t.url, tenant, {
    endpoint: 'order',
    action: 'point_add',
    mapping: ORDER_MAPPING,
    splitOn: 'body.lines',
  } as never);
  await createWebhook(t.url, tenant, {
    endpoint: 'spend',
    action: 'point_sub',
    mapping: ORDER_MAPPING,
    splitOn: 'body.lines',
  } as never);
  await createWebhook(t.url, tenant, {
    endpoint: 'parent',
    action: 'point_add',
    mapping: [
      { from: 'qty', to: 'customer', expression: '$parent.buyer' },
      { from: 'qty', to: 'data.points', expression: '$ * $parent.per_unit' },
    ],
    splitOn: 'body.lines',
  } as never);
  await createWebhook(t.url, tenant, {
    endpoint: 'join',
    action: 'opt_in',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'first_name', to: 'data.first_name' },
    ],
    splitOn: 'body.lines',
  } as never);
  await createWebhook(t.url, tenant, {
    endpoint: 'checkout',
    action: 'checkout_accept',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'transaction_id', to: 'data.transaction_id' },
      { from: 'points', to: 'data.points' },
    ],
    splitOn: 'body.lines',
  } as never);
  await createWebhook(t.url, tenant, {
    endpoint: 'keyed',
    action: 'point_add',
    mapping: ORDER_MAPPING,
    splitOn: 'body.lines',
    idempotency: { key: 'body.delivery', windowHours: 24 },
  } as never);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const post = (endpoint: string, body: unknown) => send(t.url, hookPath(tenant, endpoint), body);
const balance = async (member: string) => (await sql.member(tenant.accountId, member))?.points as string;
const eventCount = async (member: string) => (await sql.eventsOf(tenant.accountId, member)).length;

const eventsOfLog = (logId: string | null) =>
  sql.rows(`SELECT * FROM customer_events WHERE request_log_id = $1 ORDER BY item_index`, [logId]);

const LOG_EVENTS = `query Log($id: ID!) { requestLog(id: $id) { outcome event { id } events { id action data } } }`;

describe('splitOn', () => {
  it('turns a 3-item order into 3 events and one log, listed in item order', async () => {
    await sql.enrol(tenant.accountId, 'fan-1', 0);
    const response = await post('order', {
      lines: [
        { customer_id: 'fan-1', points: 1, sku: 'a' },
        { customer_id: 'fan-1', points: 2.5, sku: 'b' },
        { customer_id: 'fan-1', points: 3, sku: 'c' },
      ],
    });
    expect(response.status, response.text).toBe(200);
    expect(await balance('fan-1')).toBe('6.5000');
    expect(await eventCount('fan-1')).toBe(3);
    const logId = response.headers.get('x-request-id')!;
    const logs = await sql.rows(`SELECT * FROM request_logs WHERE id = $1`, [logId]);
    expect(logs).toHaveLength(1);
    const result = await gql(t.url, LOG_EVENTS, { id: logId }, { apiKey: tenant.adminKey });
    expect(result.errors).toBeUndefined();
    const log = result.data!.requestLog;
    expect(log.outcome).toBe('PROCESSED');
    expect(log.events.map((e: { data: { reason: string } }) => e.data.reason)).toEqual(['a', 'b', 'c']);
    expect(log.event.id).toBe(log.events[0].id);
  });

  it('refuses the whole request when an item fails conversion, naming the item', async () => {
    await sql.enrol(tenant.accountId, 'fan-2', 10);
    const response = await post('order', {
      lines: [
        { customer_id: 'fan-2', points: 1, sku: 'a' },
        { customer_id: 'fan-2', points: 2, sku: 'b' },
        { customer_id: 'fan-2', points: 'many', sku: 'c' },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.json.error.message).toMatch(/^lines\[2\]: /);
    expect(await balance('fan-2')).toBe('10.0000');
    expect(await eventCount('fan-2')).toBe(0);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({ outcome: 'INVALID_EVENT', event_id: null });
  });

  it('registers nothing when item 2 of 3 has insufficient points', async () => {
    await sql.enrol(tenant.accountId, 'fan-3', 5);
    await sql.enrol(tenant.accountId, 'fan-3b', 50);
    const response = await post('spend', {
      lines: [
        { customer_id: 'fan-3b', points: 10, sku: 'a' },
        { customer_id: 'fan-3', points: 4, sku: 'b' },
        { customer_id: 'fan-3', points: 4, sku: 'c' },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-webhook-error')).toBe('INSUFFICIENT_POINTS');
    expect(response.json.error.message).toBe('lines[2]: customer "fan-3" has 1 points; cannot subtract 4');
    expect(await balance('fan-3')).toBe('5.0000');
    expect(await balance('fan-3b')).toBe('50.0000');
    expect(await eventCount('fan-3b')).toBe(0);
  });

  it('refuses more items than the cap, an empty list and a missing path', async () => {
    const many = Array.from({ length: 1001 }, () => ({ customer_id: 'fan-1', points: 1 }));
    const tooMany = await post('order', { lines: many });
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('x-webhook-error')).toBe('SPLIT_FAILED');
    expect(tooMany.json.error.message).toMatch(/1001 items; at most 1000/);
    const empty = await post('order', { lines: [] });
    expect(empty.status).toBe(422);
    expect(empty.json.error.message).toMatch(/nothing to register/);
    const missing = await post('order', { items: [] });
    expect(missing.status).toBe(422);
    expect(missing.json.error.message).toMatch(/"lines"/);
  });

  it('binds $parent to the enclosing body in expressions', async () => {
    await sql.enrol(tenant.accountId, 'fan-4', 0);
    const response = await post('parent', { buyer: 'fan-4', per_unit: 10, lines: [{ qty: 1 }, { qty: 2 }] });
    expect(response.status, response.text).toBe(200);
    expect(await balance('fan-4')).toBe('30.0000');
  });

  it('sums the points of one member named by several items', async () => {
    await sql.enrol(tenant.accountId, 'fan-5', 0);
    await sql.enrol(tenant.accountId, 'fan-6', 0);
    const response = await post('order', {
      lines: [
        { customer_id: 'fan-6', points: 1.25 },
        { customer_id: 'fan-5', points: 2 },
        { customer_id: 'fan-6', points: 0.75 },
      ],
    });
    expect(response.status, response.text).toBe(200);
    expect(await balance('fan-6')).toBe('2.0000');
    expect(await balance('fan-5')).toBe('2.0000');
  });

  it('answers a retried fan-out request with the same delivery id as DUPLICATE', async () => {
    await sql.enrol(tenant.accountId, 'fan-7', 0);
    const body = {
      delivery: 'd-1',
      lines: [
        { customer_id: 'fan-7', points: 1 },
        { customer_id: 'fan-7', points: 2 },
      ],
    };
    const first = await post('keyed', body);
    expect(first.status, first.text).toBe(200);
    const again = await post('keyed', body);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-webhook-duplicate')).toBe('true');
    expect(await balance('fan-7')).toBe('3.0000');
    expect(await eventCount('fan-7')).toBe(2);
  });

  it('keeps balances equal to the stored events under concurrent fan-out and single requests', async () => {
    const members = ['cc-1', 'cc-2', 'cc-3'];
    for (const member of members) await sql.enrol(tenant.accountId, member, 0);
    await createWebhook(t.url, tenant, { endpoint: 'single', action: 'point_add', mapping: ORDER_MAPPING });
    const requests: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 30; i++) {
      const order = i % 2 === 0 ? members : [...members].reverse();
      requests.push(post('order', { lines: order.map((customer_id) => ({ customer_id, points: 1 })) }));
      requests.push(post('single', { customer_id: members[i % 3], points: 2 }));
    }
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    for (const member of members) {
      const [row] = await sql.rows(
        `SELECT coalesce(sum((data ->> 'points')::numeric), 0)::text AS total FROM customer_events
         WHERE account_id = $1 AND customer_external_id = $2`,
        [tenant.accountId, member],
      );
      expect(Number(await balance(member))).toBe(Number(row.total));
      expect(Number(row.total)).toBe(30 + 20);
    }
  });

  it('validates splitOn on save', async () => {
    const result = await gql(
      t.url,
      `mutation Create($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      {
        input: {
          name: 'bad',
          method: 'POST',
          endpoint: 'bad-split',
          action: 'point_add',
          mapping: [],
          splitOn: 'events',
        },
      },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors?.[0]?.extensions)).toContain('input.splitOn');
  });

  it('shows the items and the events they would register in the dry run (testWebhook), storing nothing', async () => {
    await sql.enrol(tenant.accountId, 'fan-dry', 0);
    const body = {
      lines: [
        { customer_id: 'fan-dry', points: 1, sku: 'a' },
        { customer_id: 'fan-dry', points: 2, sku: 'b' },
      ],
    };
    const result = await gql(
      t.url,
      `query Test($id: ID!, $request: TestRequestInput!) {
        testWebhook(id: $id, request: $request) {
          outcome errorCode
          items { index mappedEvent convertedEvent issues { code } mapping { from to value } }
          events
        }
      }`,
      { id: orderWebhookId, request: { body: JSON.stringify(body) } },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const test = result.data!.testWebhook;
    expect(test).toMatchObject({ outcome: 'PROCESSED', errorCode: null });
    expect(test.items.map((item: { index: number }) => item.index)).toEqual([0, 1]);
    expect(test.items[1]).toMatchObject({
      mappedEvent: { customer: 'fan-dry', data: { points: 2, reason: 'b' } },
      issues: [],
      mapping: [
        { from: 'customer_id', to: 'customer', value: 'fan-dry' },
        { from: 'points', to: 'data.points', value: 2 },
        { from: 'sku', to: 'data.reason', value: 'b' },
      ],
    });
    expect(test.events).toEqual([
      expect.objectContaining({ action: 'point_add', customer: 'fan-dry', data: { points: 1, reason: 'a' } }),
      expect.objectContaining({ action: 'point_add', customer: 'fan-dry', data: { points: 2, reason: 'b' } }),
    ]);
    expect(await balance('fan-dry')).toBe('0.0000');
    expect(await eventCount('fan-dry')).toBe(0);
  });

  it('enrols several members from the opt_in items of one request: one event each, one log', async () => {
    const response = await post('join', {
      lines: [
        { customer_id: 'join-1', first_name: 'Ann' },
        { customer_id: 'join-2', first_name: 'Bo' },
        { customer_id: 'join-3', first_name: 'Cy' },
      ],
    });
    expect(response.status, response.text).toBe(200);
    const logId = response.headers.get('x-request-id');
    expect(await sql.log(logId)).toMatchObject({ outcome: 'PROCESSED' });
    for (const [member, name] of [
      ['join-1', 'Ann'],
      ['join-2', 'Bo'],
      ['join-3', 'Cy'],
    ]) {
      expect(await sql.member(tenant.accountId, member)).toMatchObject({ first_name: name, opted_out: false });
      expect(await eventCount(member)).toBe(1);
    }
    const events = await eventsOfLog(logId);
    expect(events.map((e) => [e.customer_external_id, e.action, e.item_index])).toEqual([
      ['join-1', 'opt_in', 0],
      ['join-2', 'opt_in', 1],
      ['join-3', 'opt_in', 2],
    ]);
  });

  it('refuses two items with the same checkout_accept transaction in one request, storing only the log', async () => {
    await sql.enrol(tenant.accountId, 'fan-tx', 0);
    const response = await post('checkout', {
      lines: [
        { customer_id: 'fan-tx', transaction_id: 'T-1', points: 5 },
        { customer_id: 'fan-tx', transaction_id: 'T-1', points: 5 },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-webhook-error')).toBe('DUPLICATE_TRANSACTION');
    expect(response.json.error.message).toMatch(/^lines\[1\]: .*T-1/);
    const logId = response.headers.get('x-request-id');
    expect(await sql.log(logId)).toMatchObject({
      outcome: 'INVALID_EVENT',
      error_code: 'DUPLICATE_TRANSACTION',
      event_id: null,
    });
    expect(await eventsOfLog(logId)).toEqual([]);
    expect(await eventCount('fan-tx')).toBe(0);
    expect(await balance('fan-tx')).toBe('0.0000');
  });
});
