import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BALANCE } from '../../src/domain/event-rules.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/**
 * Purchases earn points (issue 11): a checkout_accept or checkout_accept_item carrying `data.points` moves the
 * member's balance by it in the transaction that stores the event, exactly like point_add — same decimals, same
 * balance limit — over real HTTP and PostgreSQL. A repeated transaction id is refused and moves nothing, also when
 * the repeats arrive at once.
 */

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let acceptId: string;

const CHECKOUT_MAPPING = [
  { from: 'customer_id', to: 'customer' },
  { from: 'tx', to: 'data.transaction_id' },
  { from: 'total', to: 'data.total' },
  { from: 'points', to: 'data.points' },
];

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  acceptId = await createWebhook(t.url, tenant, {
    endpoint: 'accept',
    action: 'checkout_accept',
    mapping: CHECKOUT_MAPPING,
  });
  await createWebhook(t.url, tenant, { endpoint: 'item', action: 'checkout_accept_item', mapping: CHECKOUT_MAPPING });
  await createWebhook(t.url, tenant, {
    endpoint: 'accept-form',
    action: 'checkout_accept',
    mapping: CHECKOUT_MAPPING,
  });
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const accept = (body: Record<string, unknown>, endpoint = 'accept') => send(t.url, hookPath(tenant, endpoint), body);
/** The balance exactly, as stored (numeric(18,4) text). */
const balance = async (member: string) => (await sql.member(tenant.accountId, member)).points as string;
const events = (member: string) => sql.eventsOf(tenant.accountId, member);

describe('checkout_accept with data.points', () => {
  it('adds the points and registers one event, in one transaction', async () => {
    await sql.enrol(tenant.accountId, 'buyer-1', 100);
    const response = await accept({ customer_id: 'buyer-1', tx: 'T-586', total: 58.69, points: 586 });
    expect(response.status, response.text).toBe(200);
    expect(await balance('buyer-1')).toBe('686.0000');
    const stored = await events('buyer-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: response.json.eventId,
      action: 'checkout_accept',
      transaction_id: 'T-586',
      data: { transaction_id: 'T-586', total: 58.69, points: 586 },
    });
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      outcome: 'PROCESSED',
      event_id: response.json.eventId,
    });
  });

  it('the same transaction again is DUPLICATE_TRANSACTION and moves nothing', async () => {
    const again = await accept({ customer_id: 'buyer-1', tx: 'T-586', total: 58.69, points: 586 });
    expect(again.status).toBe(422);
    expect(again.headers.get('x-webhook-error')).toBe('DUPLICATE_TRANSACTION');
    expect(again.json.error.message).toBe('transaction "T-586" was already accepted for customer "buyer-1"');
    // Other points on the repeat change nothing either.
    const otherPoints = await accept({ customer_id: 'buyer-1', tx: 'T-586', points: 1000 });
    expect(otherPoints.status).toBe(422);
    expect(await balance('buyer-1')).toBe('686.0000');
    expect(await events('buyer-1')).toHaveLength(1);
    expect(await sql.log(again.headers.get('x-request-id'))).toMatchObject({
      outcome: 'INVALID_EVENT',
      error_code: 'DUPLICATE_TRANSACTION',
      event_id: null,
    });
  });

  it('without data.points registers the event and leaves the balance as it is', async () => {
    const response = await accept({ customer_id: 'buyer-1', tx: 'T-no-points', total: 12 });
    expect(response.status, response.text).toBe(200);
    expect(await balance('buyer-1')).toBe('686.0000');
    expect(await events('buyer-1')).toHaveLength(2);
    // An empty value is no value (a sender's "" or null), and 0 earns nothing.
    expect((await accept({ customer_id: 'buyer-1', tx: 'T-empty', points: '' })).status).toBe(200);
    expect((await accept({ customer_id: 'buyer-1', tx: 'T-null', points: null })).status).toBe(200);
    expect((await accept({ customer_id: 'buyer-1', tx: 'T-zero', points: 0 })).status).toBe(200);
    expect(await balance('buyer-1')).toBe('686.0000');
  });

  it('takes fractions with 4 decimals, and numeric texts', async () => {
    await sql.enrol(tenant.accountId, 'buyer-2', 0);
    expect((await accept({ customer_id: 'buyer-2', tx: 'T-f1', points: 58.6912 })).status).toBe(200);
    expect((await accept({ customer_id: 'buyer-2', tx: 'T-f2', points: '0.0001' })).status).toBe(200);
    expect(await balance('buyer-2')).toBe('58.6913');
  });

  it('refuses 5 decimals rather than rounding: nothing stored', async () => {
    const response = await accept({ customer_id: 'buyer-2', tx: 'T-f3', points: 58.69123 });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-webhook-error')).toBe('INVALID_ATTRIBUTE');
    expect(response.json.error.message).toBe(
      'data.points: 58.69123 has more than 4 decimals; points are counted in units of 0.0001',
    );
    expect(await balance('buyer-2')).toBe('58.6913');
    expect(await events('buyer-2')).toHaveLength(2);
    // The transaction id was not taken: the sender can correct and resend it.
    expect((await accept({ customer_id: 'buyer-2', tx: 'T-f3', points: 58.6912 })).status).toBe(200);
  });

  it('refuses negative points, saying that a checkout earns', async () => {
    const response = await accept({ customer_id: 'buyer-2', tx: 'T-neg', points: -5 });
    expect(response.status).toBe(422);
    expect(response.json.error).toEqual({
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: -5 must be 0 or more; a checkout earns points, and point_sub takes them away',
    });
  });

  it('refuses points that would take the balance past its limit, as point_add does', async () => {
    const nearlyFull = (Number(MAX_BALANCE.split('.')[0]) - 10).toString();
    await sql.enrol(tenant.accountId, 'buyer-full', Number(nearlyFull));
    const response = await accept({ customer_id: 'buyer-full', tx: 'T-full', points: 11 });
    expect(response.status).toBe(422);
    expect(response.json.error).toEqual({
      code: 'INVALID_ATTRIBUTE',
      message: `data.points: adding 11 would take the balance of customer "buyer-full" above ${MAX_BALANCE}`,
    });
    expect(await balance('buyer-full')).toBe(`${nearlyFull}.0000`);
    expect(await events('buyer-full')).toHaveLength(0);
    expect((await accept({ customer_id: 'buyer-full', tx: 'T-full', points: 10 })).status).toBe(200);
  });

  it('needs an enrolled member, as without points', async () => {
    const response = await accept({ customer_id: 'nobody', tx: 'T-x', points: 5 });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-webhook-error')).toBe('CUSTOMER_NOT_FOUND');
  });

  it('from a form body: points sent as text', async () => {
    await sql.enrol(tenant.accountId, 'buyer-form', 0);
    const response = await send(
      t.url,
      hookPath(tenant, 'accept-form'),
      'customer_id=buyer-form&tx=T-form&total=58.69&points=586',
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(response.status, response.text).toBe(200);
    expect(await balance('buyer-form')).toBe('586.0000');
  });

  it('the dry run predicts the refusals and stores nothing', async () => {
    const TEST = `query($id: ID!, $request: TestRequestInput!) {
      testWebhook(id: $id, request: $request) { statusCode errorCode reason convertedEvent }
    }`;
    const run = async (body: Record<string, unknown>) =>
      (await gql(t.url, TEST, { id: acceptId, request: { body: JSON.stringify(body) } }, { apiKey: tenant.adminKey }))
        .data!.testWebhook;
    expect(await run({ customer_id: 'buyer-1', tx: 'T-dry', points: '586' })).toMatchObject({
      statusCode: 200,
      convertedEvent: { customer: 'buyer-1', data: { transaction_id: 'T-dry', points: 586 } },
    });
    expect(await run({ customer_id: 'buyer-1', tx: 'T-dry', points: -1 })).toMatchObject({
      statusCode: 422,
      errorCode: 'INVALID_ATTRIBUTE',
    });
    expect(await run({ customer_id: 'buyer-1', tx: 'T-586', points: 1 })).toMatchObject({
      statusCode: 422,
      errorCode: 'DUPLICATE_TRANSACTION',
    });
    expect(await balance('buyer-1')).toBe('686.0000');
  });
});

describe('checkout_accept_item with data.points', () => {
  it('adds the points of each item; items of one transaction are not refused as duplicates', async () => {
    await sql.enrol(tenant.accountId, 'buyer-items', 0);
    const first = await accept({ customer_id: 'buyer-items', tx: 'T-items', points: 100 }, 'item');
    const second = await accept({ customer_id: 'buyer-items', tx: 'T-items', points: 25.5 }, 'item');
    const none = await accept({ customer_id: 'buyer-items', tx: 'T-items' }, 'item');
    expect([first.status, second.status, none.status]).toEqual([200, 200, 200]);
    expect(await balance('buyer-items')).toBe('125.5000');
    expect(await events('buyer-items')).toHaveLength(3);
  });

  it('refuses negative points', async () => {
    const response = await accept({ customer_id: 'buyer-items', tx: 'T-items', points: -1 }, 'item');
    expect(response.status).toBe(422);
    expect(await balance('buyer-items')).toBe('125.5000');
  });
});

describe('concurrent checkouts for one member', () => {
  it('60 different transactions at once: every one counted exactly', async () => {
    await sql.enrol(tenant.accountId, 'busy-buyer', 0);
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        accept({ customer_id: 'busy-buyer', tx: `T-busy-${i}`, points: i % 2 === 0 ? 10.0001 : 5 }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(200));
    // 30 × 10.0001 + 30 × 5, exactly.
    expect(await balance('busy-buyer')).toBe('450.0030');
    expect(await events('busy-buyer')).toHaveLength(60);
  });

  it('one transaction sent 30 times at once: accepted once, credited once', async () => {
    await sql.enrol(tenant.accountId, 'race-buyer', 7);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => accept({ customer_id: 'race-buyer', tx: 'T-race', points: 586 })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(29);
    for (const refused of responses.filter((r) => r.status === 422)) {
      expect(refused.headers.get('x-webhook-error')).toBe('DUPLICATE_TRANSACTION');
    }
    expect(await balance('race-buyer')).toBe('593.0000');
    expect(await events('race-buyer')).toHaveLength(1);
  });

  it('checkouts and point_sub interleaved: the balance is the sum of what was accepted', async () => {
    await createWebhook(t.url, tenant, {
      endpoint: 'sub',
      action: 'point_sub',
      mapping: [
        { from: 'customer_id', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    await sql.enrol(tenant.accountId, 'mixed-buyer', 0);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? accept({ customer_id: 'mixed-buyer', tx: `T-mixed-${i}`, points: 10 })
          : send(t.url, hookPath(tenant, 'sub'), { customer_id: 'mixed-buyer', points: 10 }),
      ),
    );
    const accepted = responses.filter((r, i) => i % 2 === 0 && r.status === 200).length;
    const subtracted = responses.filter((r, i) => i % 2 === 1 && r.status === 200).length;
    expect(accepted).toBe(20);
    // A subtraction that found the balance short was refused; none overdrew it.
    expect(Number(await balance('mixed-buyer'))).toBe((accepted - subtracted) * 10);
    expect(await events('mixed-buyer')).toHaveLength(accepted + subtracted);
  });
});
