import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/** Many requests for one member at once: balances never overdraw, transactions are accepted once. */

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;

const points = (endpoint: string, action: string) => ({
  endpoint,
  action,
  mapping: [
    { from: 'customer_id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
});

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  await createWebhook(t.url, tenant, points('sub', 'point_sub'));
  await createWebhook(t.url, tenant, points('add', 'point_add'));
  await createWebhook(t.url, tenant, {
    endpoint: 'accept',
    action: 'checkout_accept',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'tx', to: 'data.transaction_id' },
    ],
  });
  await createWebhook(t.url, tenant, {
    endpoint: 'optin',
    action: 'opt_in',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'labels', to: 'data.labels' },
    ],
  });
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const balance = async (member: string) => Number((await sql.member(tenant.accountId, member)).points);

describe('point_sub under concurrency', () => {
  it('100 concurrent subtractions of 10 from 500 points: exactly 50 succeed, the balance ends at 0', async () => {
    await sql.enrol(tenant.accountId, 'race-1', 500);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => send(t.url, hookPath(tenant, 'sub'), { customer_id: 'race-1', points: 10 })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 422)).toHaveLength(50);
    for (const refused of responses.filter((r) => r.status === 422)) {
      expect(refused.headers.get('x-webhook-error')).toBe('INSUFFICIENT_POINTS');
      expect(refused.json.error.message).toBe('customer "race-1" has 0 points; cannot subtract 10');
    }
    expect(await balance('race-1')).toBe(0);
    const events = await sql.eventsOf(tenant.accountId, 'race-1');
    expect(events).toHaveLength(50);
    const logs = await sql.rows(
      `SELECT outcome, count(*)::int AS n FROM request_logs WHERE id = ANY($1) GROUP BY outcome ORDER BY outcome`,
      [responses.map((r) => r.headers.get('x-request-id'))],
    );
    expect(logs).toEqual([
      { outcome: 'INVALID_EVENT', n: 50 },
      { outcome: 'PROCESSED', n: 50 },
    ]);
  });

  it('100 concurrent subtractions of varied amounts never overdraw, and each refusal quotes the balance it saw', async () => {
    await sql.enrol(tenant.accountId, 'race-2', 300);
    const amounts = Array.from({ length: 100 }, (_, i) => (i % 7) + 1 + (i % 3) * 0.25);
    const responses = await Promise.all(
      amounts.map((amount) => send(t.url, hookPath(tenant, 'sub'), { customer_id: 'race-2', points: amount })),
    );
    let spent = 0;
    responses.forEach((response, i) => {
      if (response.status === 200) {
        spent += amounts[i];
      } else {
        expect(response.status).toBe(422);
        const [, seen, wanted] = /has ([\d.]+) points; cannot subtract ([\d.]+)$/.exec(response.json.error.message)!;
        expect(Number(seen)).toBeLessThan(Number(wanted));
        expect(Number(wanted)).toBe(amounts[i]);
      }
    });
    const final = await balance('race-2');
    expect(final).toBeGreaterThanOrEqual(0);
    expect(final).toBeCloseTo(300 - spent, 4);
    // Everything that could be spent was: the cheapest refused amount exceeds what is left.
    const refused = amounts.filter((_, i) => responses[i].status !== 200);
    if (refused.length > 0) expect(Math.min(...refused)).toBeGreaterThan(final);
  });

  it('200 concurrent subtractions spread over 10 members (committed together in batches): none overdraws', async () => {
    const members = Array.from({ length: 10 }, (_, i) => `spread-${i}`);
    for (const member of members) await sql.enrol(tenant.accountId, member, 100);
    const requests = Array.from({ length: 200 }, (_, i) => members[i % 10]);
    const responses = await Promise.all(
      requests.map((member) => send(t.url, hookPath(tenant, 'sub'), { customer_id: member, points: 10 })),
    );
    for (const member of members) {
      const mine = responses.filter((_, i) => requests[i] === member);
      expect(
        mine.filter((r) => r.status === 200),
        member,
      ).toHaveLength(10);
      expect(
        mine.filter((r) => r.status === 422 && r.headers.get('x-webhook-error') === 'INSUFFICIENT_POINTS'),
        member,
      ).toHaveLength(10);
      expect(await balance(member)).toBe(0);
      expect(await sql.eventsOf(tenant.accountId, member)).toHaveLength(10);
    }
  });

  it('100 concurrent subtractions through two server instances on one database: the row lock holds across processes', async () => {
    const second = await startTestApp({ database: t.database });
    try {
      await sql.enrol(tenant.accountId, 'race-two', 250);
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          send(i % 2 === 0 ? t.url : second.url, hookPath(tenant, 'sub'), { customer_id: 'race-two', points: 5 }),
        ),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(50);
      expect(responses.filter((r) => r.status === 422)).toHaveLength(50);
      expect(await balance('race-two')).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('concurrent additions and subtractions add up exactly', async () => {
    await sql.enrol(tenant.accountId, 'race-3', 0);
    const requests = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? send(t.url, hookPath(tenant, 'add'), { customer_id: 'race-3', points: 5 })
        : send(t.url, hookPath(tenant, 'sub'), { customer_id: 'race-3', points: 3 }),
    );
    const responses = await Promise.all(requests);
    const subtracted = responses.filter((r, i) => i % 2 === 1 && r.status === 200).length;
    expect(responses.filter((r, i) => i % 2 === 0).every((r) => r.status === 200)).toBe(true);
    expect(await balance('race-3')).toBe(30 * 5 - subtracted * 3);
  });
});

describe('other races', () => {
  it('the same checkout accepted 30 times at once is registered once', async () => {
    await sql.enrol(tenant.accountId, 'race-4', 0);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => send(t.url, hookPath(tenant, 'accept'), { customer_id: 'race-4', tx: 'T-42' })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const duplicates = responses.filter((r) => r.status === 422);
    expect(duplicates).toHaveLength(29);
    for (const r of duplicates) expect(r.headers.get('x-webhook-error')).toBe('DUPLICATE_TRANSACTION');
    expect(await sql.eventsOf(tenant.accountId, 'race-4')).toHaveLength(1);
  });

  it('30 concurrent opt-ins of a new member enrol it once, with every label once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        send(t.url, hookPath(tenant, 'optin'), { customer_id: 'race-5', labels: [`L${i % 5}`, 'common'] }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const member = await sql.member(tenant.accountId, 'race-5');
    expect([...member.labels].sort()).toEqual(['L0', 'L1', 'L2', 'L3', 'L4', 'common']);
    expect(await sql.eventsOf(tenant.accountId, 'race-5')).toHaveLength(30);
  });
});

describe('answers shared within a batch', () => {
  // A batch sends each webhook's answers once, with every request's ids and customer as markers: whatever the
  // customer's name (one that also occurs in ids, JSON escapes, quotes, non-ASCII), each answer and log is its own.
  it('concurrent requests get their own request id, event id and customer in answer and log', async () => {
    const names = ['a', '1', '-', 'q"uote', 'back\\slash', 'ünï €', 'tab\there', 'member "x"', 'e', '0'];
    for (const name of names.slice(0, 5)) await sql.enrol(tenant.accountId, `shared-${name}`, 0);
    const customers = [
      ...names.slice(0, 5).map((name) => `shared-${name}`),
      ...names.slice(5).map((name) => `shared-${name}`),
      ...names,
    ];
    const responses = await Promise.all(
      customers.map((customer) => send(t.url, hookPath(tenant, 'add'), { customer_id: customer, points: 3 })),
    );
    for (const [i, response] of responses.entries()) {
      const customer = customers[i];
      const requestId = response.headers.get('x-request-id');
      const [log] = await sql.rows<{
        response_body: string;
        response_headers: Record<string, string>;
        event_id: string | null;
      }>(`SELECT response_body, response_headers, event_id FROM request_logs WHERE id = $1`, [requestId]);
      expect(log.response_body).toBe(response.text);
      expect(log.response_headers['x-request-id']).toBe(requestId);
      if (i < 5) {
        expect(response.status).toBe(200);
        expect(response.json.eventId).toBe(log.event_id);
      } else {
        expect(response.status).toBe(422);
        expect(response.json.error.message).toBe(`customer "${customer}" is not enrolled; send an opt_in event first`);
        expect(log.event_id).toBeNull();
      }
    }
    for (const name of names.slice(0, 5)) expect(await balance(`shared-${name}`)).toBe(3);
  });
});
