import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBlueprint } from '../../src/catalogue/blueprints.js';
import type { JsonObject } from '../../src/domain/types.js';
import { shopifyHeaders } from '../sender-auth/ingestion-support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { hookPath, send, Sql } from './support.js';

/**
 * The "Shop order paid → points" blueprint end to end (issue 11: "a purchase earns points"): a webhook created from
 * it, given a secret and activated, turns Shopify's paid order `{"total_price": "58.69", …}`, signed as Shopify signs
 * it, into a checkout_accept worth 586 points — the mapping's expression `$floor($number($) * 10)` computes them —
 * over real HTTP and PostgreSQL. A retried delivery is answered again without crediting twice, another delivery of
 * the same order is refused, and an unpaid order is filtered out.
 */

const BLUEPRINT_ID = 'shop-order-paid-points';
const CUSTOMER = '7390152441904';

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let webhookId: string;
let secret: string;

const blueprint = findBlueprint(BLUEPRINT_ID)!;
const ORDER = blueprint.sample.body as JsonObject;

async function admin(query: string, variables: Record<string, unknown>) {
  const result = await gql(t.url, query, variables, { apiKey: tenant.adminKey });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

/** The order as Shopify delivers it: its JSON, signed with the secret, with a delivery id of its own. */
function deliver(order: JsonObject, deliveryId: string) {
  const body = JSON.stringify(order);
  return send(t.url, hookPath(tenant, 'shop-order-paid'), body, {
    headers: {
      ...blueprint.sample.headers,
      'x-shopify-webhook-id': deliveryId,
      ...shopifyHeaders(secret, body),
    },
  });
}

const balance = async () => (await sql.member(tenant.accountId, CUSTOMER)).points as string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  const created = await admin(
    `mutation($id: ID!, $name: String!) { createWebhookFromBlueprint(blueprintId: $id, name: $name) { id } }`,
    { id: BLUEPRINT_ID, name: 'Shop' },
  );
  webhookId = created.createWebhookFromBlueprint.id;
  const added = await admin(`mutation($id: ID!) { addWebhookSecret(id: $id) { secret } }`, { id: webhookId });
  secret = added.addWebhookSecret.secret;
  await admin(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id: webhookId });
  await sql.enrol(tenant.accountId, CUSTOMER, 0);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('Shop order paid → points', () => {
  it('the dry run shows the computed points', async () => {
    const result = await admin(
      `query($id: ID!, $request: TestRequestInput!) {
        testWebhook(id: $id, request: $request) { statusCode errorCode reason convertedEvent }
      }`,
      {
        id: webhookId,
        request: { headers: blueprint.sample.headers, body: JSON.stringify(ORDER), signWithSecret: true },
      },
    );
    expect(result.testWebhook).toMatchObject({
      statusCode: 200,
      convertedEvent: { customer: CUSTOMER, data: { transaction_id: '5565467484473', total: 58.69, points: 586 } },
    });
    expect(await balance()).toBe('0.0000');
  });

  it('{"total_price": "58.69", …} earns 586 points with one checkout_accept', async () => {
    expect(ORDER.total_price).toBe('58.69');
    const response = await deliver(ORDER, 'delivery-1');
    expect(response.status, response.text).toBe(200);
    expect(await balance()).toBe('586.0000');
    const events = await sql.eventsOf(tenant.accountId, CUSTOMER);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: response.json.eventId,
      action: 'checkout_accept',
      transaction_id: '5565467484473',
      data: { transaction_id: '5565467484473', total: 58.69, currency: 'EUR', points: 586 },
    });
  });

  it('a delivery Shopify retries gets the same answer and credits nothing again', async () => {
    const retried = await deliver(ORDER, 'delivery-1');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('x-webhook-duplicate')).toBe('true');
    expect(await balance()).toBe('586.0000');
  });

  it('another delivery of the same order is DUPLICATE_TRANSACTION and moves nothing', async () => {
    const again = await deliver(ORDER, 'delivery-2');
    expect(again.status).toBe(422);
    expect(again.headers.get('x-webhook-error')).toBe('DUPLICATE_TRANSACTION');
    expect(await balance()).toBe('586.0000');
    expect(await sql.eventsOf(tenant.accountId, CUSTOMER)).toHaveLength(1);
  });

  it('rounds down: a second order of 0.99 earns 9', async () => {
    const response = await deliver({ ...ORDER, id: 5565467484474, total_price: '0.99' }, 'delivery-3');
    expect(response.status, response.text).toBe(200);
    expect(await balance()).toBe('595.0000');
  });

  it('an order that is not paid is filtered out', async () => {
    const response = await deliver({ ...ORDER, id: 5565467484475, financial_status: 'pending' }, 'delivery-4');
    expect(response.status).toBe(422);
    expect(response.headers.get('x-webhook-error')).toBe('FILTERED');
    expect(await balance()).toBe('595.0000');
  });

  it('an unsigned order is refused', async () => {
    const response = await send(t.url, hookPath(tenant, 'shop-order-paid'), ORDER, {
      headers: { 'x-shopify-webhook-id': 'delivery-5' },
    });
    expect(response.status).toBe(401);
  });
});
