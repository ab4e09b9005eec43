import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql, type WebhookSpec } from './support.js';

/**
 * The five use cases of incoming-webhooks.md, configured as documented, over real HTTP and PostgreSQL: first with
 * the documented sample messages (which do not satisfy the documented filters or mappings), then with messages
 * that do.
 */

// The documented responses are `{'ok':true}` / `{'notok':false}`: single quotes are not JSON, so the API refuses
// them (asserted below) and the webhooks use the double-quoted JSON they mean.
const SUCCESS = '{"ok":true}';
const ERROR = '{"notok":false}';

const exists = (attribute: string) => ({ join: 'AND', conditions: [{ attribute, operator: 'EXISTS' }] });

const USE_CASES: Record<string, WebhookSpec> = {
  pointAdd: {
    name: 'Point add',
    endpoint: 'endpoint1',
    action: 'point_add',
    filter: exists('body.pointadd'),
    mapping: [
      { from: 'clientID', to: 'customer' },
      { from: 'reason', to: 'data.reason' },
      { from: 'pointstobeadded', to: 'data.points' },
    ],
    successResponse: SUCCESS,
    errorResponse: ERROR,
  },
  pointSub: {
    name: 'Point sub',
    endpoint: 'endpoint2',
    action: 'point_sub',
    filter: { join: 'AND', conditions: [{ attribute: 'body.pointsub', operator: 'GREATER_THAN', value: 0 }] },
    mapping: [
      { from: 'clientID', to: 'customer' },
      { from: 'reason', to: 'data.reason' },
      { from: 'pointsub', to: 'data.points' },
    ],
    successResponse: SUCCESS,
    errorResponse: ERROR,
  },
  checkoutAccept: {
    name: 'Checkout accept',
    endpoint: 'endpoint3',
    action: 'checkout_accept',
    filter: exists('body.checkoutaccept'),
    mapping: [
      { from: 'clientID', to: 'customer' },
      { from: 'transaction_id', to: 'data.transaction_id' },
      { from: 'total', to: 'data.total' },
    ],
    successResponse: SUCCESS,
    errorResponse: ERROR,
  },
  checkoutAcceptItem: {
    name: 'Checkout accept item',
    endpoint: 'endpoint4',
    action: 'checkout_accept_item',
    filter: exists('body.checkoutacceptitem'),
    mapping: [
      { from: 'clientID', to: 'customer' },
      { from: 'transaction_id', to: 'data.transaction_id' },
      { from: 'total', to: 'data.total' },
      { from: 'product_id', to: 'data.product_id' },
      { from: 'subtotal', to: 'data.subtotal' },
      { from: 'quantity', to: 'data.quantity' },
    ],
    successResponse: SUCCESS,
    errorResponse: ERROR,
  },
  optinLabels: {
    name: 'Optin labels',
    endpoint: 'optin_labels',
    action: 'opt_in',
    filter: exists('body.optin_labels'),
    mapping: [
      { from: 'customerID', to: 'customer' },
      { from: 'optin_labels', to: 'data.email' },
      { from: 'first_name', to: 'data.first_name' },
      { from: 'last_name', to: 'data.last_name' },
      { from: 'labels', to: 'data.labels' },
    ],
    successResponse: SUCCESS,
    errorResponse: ERROR,
  },
};

// The sample messages, verbatim (tabs, the trailing comma of the point-sub one and all).
const DOCUMENTED = {
  pointAdd: `{
\t"customer_ID": "ID of your customer",
\t"pointstobeadded": "the number of points you wish to add",
\t"reason": "reason for adding the points"
}`,
  pointSub: `{
\t"customer_ID": "ID of your customer",
\t"pointsub": "the number of points you wish to subtract",
\t"reason": "reason for adding the points",
}`,
  checkoutAccept: `{
\t"customer_ID": "ID of your customer",
\t"transaction_id": "ID",
\t"total": "total value of the transaction"
}`,
  checkoutAcceptItem: `{
\t"customer_ID": "ID of your customer",
\t"transaction_id": "ID",
\t"total": "total value of the transaction",
\t"product_id": "find this string under transaction details",
\t"subtotal": "find this under transaction details",
\t"quantity": "find this under transaction details"
}`,
  optinLabels: `{
    "customer_id": "Customer_with_webhooklabel",
    "optin_labels": "webhooklabel@antavo.com",
    "first_name": "Hooklabel",
    "last_name": "Webhook",
    "labels": [
        "Webhooklabel"
    ]
}`,
};

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  for (const [key, spec] of Object.entries(USE_CASES)) ids[key] = await createWebhook(t.url, tenant, spec);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

async function expectRejected(
  key: keyof typeof USE_CASES,
  body: string | object,
  expected: { status: number; code: string; outcome: string; reason: string | RegExp },
) {
  const response = await send(t.url, hookPath(tenant, USE_CASES[key].endpoint), body);
  expect(response.status).toBe(expected.status);
  // The configured error body, byte for byte; the reason code in the header.
  expect(response.text).toBe(ERROR);
  expect(response.headers.get('x-webhook-error')).toBe(expected.code);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const log = await sql.log(response.headers.get('x-request-id'));
  expect(log).toMatchObject({
    webhook_id: ids[key],
    status_code: expected.status,
    outcome: expected.outcome,
    error_code: expected.code,
    response_body: ERROR,
    event_id: null,
  });
  if (typeof expected.reason === 'string') expect(log.error).toBe(expected.reason);
  else expect(log.error).toMatch(expected.reason);
  expect(log.request_body).toBe(typeof body === 'string' ? body : JSON.stringify(body));
  return log;
}

describe('the documented configuration responses', () => {
  it('are refused as written, since single quotes are not JSON', async () => {
    const result = await gql(
      t.url,
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      {
        input: { ...USE_CASES.pointAdd, endpoint: 'literal-quotes', method: 'POST', successResponse: "{'ok':true}" },
      },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions.field).toBe('input.successResponse');
  });
});

describe('the documented sample messages, literally', () => {
  it('point add: the filter reads body.pointadd, which the message lacks → 422 FILTERED', async () => {
    await expectRejected('pointAdd', DOCUMENTED.pointAdd, {
      status: 422,
      code: 'FILTERED',
      outcome: 'FILTERED',
      reason: 'body.pointadd EXISTS: missing',
    });
  });

  it('point add with the filter satisfied: the mapping reads clientID, the message has customer_ID → 422 MISSING_ATTRIBUTE', async () => {
    const body = { ...JSON.parse(DOCUMENTED.pointAdd), pointadd: true };
    const log = await expectRejected('pointAdd', body, {
      status: 422,
      code: 'MISSING_ATTRIBUTE',
      outcome: 'INVALID_EVENT',
      reason: /^customer: required but missing/,
    });
    // Every issue is named: the points are not a number either.
    expect(log.error).toContain('data.points: "the number of points you wish to add" is not a number');
  });

  it('point sub: the message has a trailing comma → 400 INVALID_JSON', async () => {
    await expectRejected('pointSub', DOCUMENTED.pointSub, {
      status: 400,
      code: 'INVALID_JSON',
      outcome: 'INVALID_REQUEST',
      reason: /^A trailing comma before a closing bracket is not allowed in JSON/,
    });
  });

  it('point sub without the trailing comma: "the number of points…" is not greater than 0 → 422 FILTERED', async () => {
    await expectRejected('pointSub', DOCUMENTED.pointSub.replace(/,\n}$/, '\n}'), {
      status: 422,
      code: 'FILTERED',
      outcome: 'FILTERED',
      reason: 'body.pointsub GREATER_THAN 0: actual "the number of points you wish to subtract" is not a number',
    });
  });

  it('checkout accept: no body.checkoutaccept → 422 FILTERED', async () => {
    await expectRejected('checkoutAccept', DOCUMENTED.checkoutAccept, {
      status: 422,
      code: 'FILTERED',
      outcome: 'FILTERED',
      reason: 'body.checkoutaccept EXISTS: missing',
    });
  });

  it('checkout accept with the filter satisfied: no clientID → 422 MISSING_ATTRIBUTE (and the total is not a number)', async () => {
    const log = await expectRejected(
      'checkoutAccept',
      { ...JSON.parse(DOCUMENTED.checkoutAccept), checkoutaccept: 1 },
      {
        status: 422,
        code: 'MISSING_ATTRIBUTE',
        outcome: 'INVALID_EVENT',
        reason: /^customer: required but missing/,
      },
    );
    expect(log.error).toContain('data.total: "total value of the transaction" is not a number');
  });

  it('checkout accept item: no body.checkoutacceptitem → 422 FILTERED', async () => {
    await expectRejected('checkoutAcceptItem', DOCUMENTED.checkoutAcceptItem, {
      status: 422,
      code: 'FILTERED',
      outcome: 'FILTERED',
      reason: 'body.checkoutacceptitem EXISTS: missing',
    });
  });

  it('opt-in labels: the filter passes, but the mapping reads customerID and the message has customer_id → 422 MISSING_ATTRIBUTE', async () => {
    await expectRejected('optinLabels', DOCUMENTED.optinLabels, {
      status: 422,
      code: 'MISSING_ATTRIBUTE',
      outcome: 'INVALID_EVENT',
      reason: /^customer: required but missing/,
    });
    expect(await sql.member(tenant.accountId, 'Customer_with_webhooklabel')).toBeNull();
  });

  it('registered nothing', async () => {
    expect(await sql.rows(`SELECT 1 FROM customer_events WHERE account_id = $1`, [tenant.accountId])).toHaveLength(0);
    expect(await sql.rows(`SELECT 1 FROM customers WHERE account_id = $1`, [tenant.accountId])).toHaveLength(0);
  });
});

describe('messages that satisfy the documented configuration', () => {
  const member = 'Customer_with_webhooklabel';

  async function expectProcessed(key: keyof typeof USE_CASES, body: object) {
    const response = await send(t.url, hookPath(tenant, USE_CASES[key].endpoint), body);
    expect(response.status, response.text).toBe(200);
    expect(response.text).toBe(SUCCESS);
    expect(response.headers.get('x-webhook-error')).toBeNull();
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({
      webhook_id: ids[key],
      status_code: 200,
      outcome: 'PROCESSED',
      error: null,
      response_body: SUCCESS,
    });
    expect(log.duration_ms).toBeGreaterThan(0);
    const event = await sql.one(`SELECT * FROM customer_events WHERE id = $1`, [log.event_id]);
    expect(event).toMatchObject({
      webhook_id: ids[key],
      request_log_id: log.id,
      action: USE_CASES[key].action,
      customer_external_id: member,
    });
    return event;
  }

  it('opt-in labels enrols the member with email, names and labels', async () => {
    const event = await expectProcessed('optinLabels', {
      customerID: member,
      optin_labels: 'webhooklabel@antavo.com',
      first_name: 'Hooklabel',
      last_name: 'Webhook',
      labels: ['Webhooklabel'],
    });
    expect(event.data).toEqual({
      email: 'webhooklabel@antavo.com',
      first_name: 'Hooklabel',
      last_name: 'Webhook',
      labels: ['Webhooklabel'],
    });
  });

  it('point add adds the points (a numeric string counts as its number)', async () => {
    const event = await expectProcessed('pointAdd', {
      pointadd: true,
      clientID: member,
      pointstobeadded: '100',
      reason: 'welcome bonus',
    });
    expect(event.data).toEqual({ points: 100, reason: 'welcome bonus' });
  });

  it('point sub subtracts them, and refuses to go below zero', async () => {
    await expectProcessed('pointSub', { pointsub: 30, clientID: member, reason: 'redeemed' });
    await expectRejected(
      'pointSub',
      { pointsub: 1000, clientID: member, reason: 'too much' },
      {
        status: 422,
        code: 'INSUFFICIENT_POINTS',
        outcome: 'INVALID_EVENT',
        reason: `customer "${member}" has 70 points; cannot subtract 1000`,
      },
    );
  });

  it('checkout accept registers the transaction once', async () => {
    const event = await expectProcessed('checkoutAccept', {
      checkoutaccept: true,
      clientID: member,
      transaction_id: 'T-1',
      total: '59.90',
    });
    expect(event.data).toEqual({ transaction_id: 'T-1', total: 59.9 });
    expect(event.transaction_id).toBe('T-1');
    await expectRejected(
      'checkoutAccept',
      { checkoutaccept: true, clientID: member, transaction_id: 'T-1', total: '59.90' },
      {
        status: 422,
        code: 'DUPLICATE_TRANSACTION',
        outcome: 'INVALID_EVENT',
        reason: `transaction "T-1" was already accepted for customer "${member}"`,
      },
    );
  });

  it('checkout accept item registers its line items (several per transaction)', async () => {
    const item = {
      checkoutacceptitem: true,
      clientID: member,
      transaction_id: 'T-1',
      total: '59.90',
      product_id: 'SKU-1',
      subtotal: '59.90',
      quantity: '2',
    };
    const event = await expectProcessed('checkoutAcceptItem', item);
    expect(event.data).toEqual({
      transaction_id: 'T-1',
      total: 59.9,
      product_id: 'SKU-1',
      subtotal: 59.9,
      quantity: 2,
    });
    await expectProcessed('checkoutAcceptItem', { ...item, product_id: 'SKU-2' });
  });

  it('point add for someone never enrolled is CUSTOMER_NOT_FOUND', async () => {
    await expectRejected(
      'pointAdd',
      { pointadd: true, clientID: 'stranger', pointstobeadded: 5 },
      {
        status: 422,
        code: 'CUSTOMER_NOT_FOUND',
        outcome: 'INVALID_EVENT',
        reason: 'customer "stranger" is not enrolled; send an opt_in event first',
      },
    );
    expect(await sql.member(tenant.accountId, 'stranger')).toBeNull();
  });

  it("leaves the member's history, balance and labels as the events say", async () => {
    const stored = await sql.member(tenant.accountId, member);
    expect(stored).toMatchObject({
      email: 'webhooklabel@antavo.com',
      first_name: 'Hooklabel',
      last_name: 'Webhook',
      labels: ['Webhooklabel'],
      opted_out: false,
    });
    expect(Number(stored.points)).toBe(70);
    const events = await sql.eventsOf(tenant.accountId, member);
    expect(events.map((e) => e.action)).toEqual([
      'opt_in',
      'point_add',
      'point_sub',
      'checkout_accept',
      'checkout_accept_item',
      'checkout_accept_item',
    ]);

    // The lead's read side shows the same member through the public API.
    const result = await gql(
      t.url,
      `query($id: String!) { customer(id: $id) { id email firstName lastName labels points events(first: 10) { nodes { action } } } }`,
      { id: member },
      { apiKey: tenant.readerKey },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.customer).toMatchObject({
      id: member,
      email: 'webhooklabel@antavo.com',
      labels: ['Webhooklabel'],
      points: 70,
    });
    expect(result.data?.customer.events.nodes).toHaveLength(6);
  });

  it('a second opt-in adds only new labels and keeps the profile where the event has none', async () => {
    await expectProcessed('optinLabels', {
      customerID: member,
      optin_labels: '',
      labels: ['Webhooklabel', 'VIP', 'VIP'],
    });
    const stored = await sql.member(tenant.accountId, member);
    expect(stored).toMatchObject({
      email: 'webhooklabel@antavo.com',
      first_name: 'Hooklabel',
      labels: ['Webhooklabel', 'VIP'],
    });
    expect(Number(stored.points)).toBe(70);
  });
});
