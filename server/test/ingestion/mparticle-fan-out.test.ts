import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBlueprint } from '../../src/catalogue/blueprints.js';
import type { JsonObject } from '../../src/domain/types.js';
import { createTenant, gql, ok, useTestApp, type TestTenant } from '../support/test-app.js';
import { hookPath, send, Sql } from './support.js';

/**
 * The "mParticle: points for a custom event" blueprint fans out (issue 11): a webhook created from it through
 * GraphQL, given a secret and activated, turns mParticle's batch of 3 "Earn Points" events into 3 point_add events
 * of the batch's customer (read through `$parent`) and one log, over real HTTP and PostgreSQL.
 */

const BLUEPRINT_ID = 'mparticle-custom-event-points';
const CUSTOMER = 'customer-1001';
const SECRET = 'mparticle-fan-out-secret';

const t = useTestApp();
let tenant: TestTenant;
let sql: Sql;

const blueprint = findBlueprint(BLUEPRINT_ID)!;
const BATCH = blueprint.sample.body as JsonObject;

const admin = async (query: string, variables: Record<string, unknown>) =>
  ok(await gql(t.url, query, variables, { apiKey: tenant.adminKey }));

beforeAll(async () => {
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  const created = await admin(
    `mutation($id: ID!, $name: String!) { createWebhookFromBlueprint(blueprintId: $id, name: $name) { id splitOn } }`,
    { id: BLUEPRINT_ID, name: 'mParticle points' },
  );
  const webhook = created.createWebhookFromBlueprint;
  expect(webhook.splitOn).toBe('body.events');
  await admin(`mutation($id: ID!, $secret: String!) { addWebhookSecret(id: $id, secret: $secret) { secret } }`, {
    id: webhook.id,
    secret: SECRET,
  });
  await admin(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id: webhook.id });
  await sql.enrol(tenant.accountId, CUSTOMER, 0);
});

// Registered after useTestApp's, so it runs before the server and its database go away.
afterAll(async () => {
  await sql?.close();
});

describe('mParticle custom events, split on body.events', () => {
  it('registers the 3 events of the sample batch for the batch customer, with one log', async () => {
    expect(BATCH.events).toHaveLength(3);
    const response = await send(t.url, hookPath(tenant, blueprint.template.endpoint!), BATCH, {
      headers: { ...blueprint.sample.headers, authorization: `Bearer ${SECRET}` },
    });
    expect(response.status, response.text).toBe(200);

    const logId = response.headers.get('x-request-id');
    const logs = await sql.rows(`SELECT * FROM request_logs WHERE account_id = $1`, [tenant.accountId]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ id: logId, outcome: 'PROCESSED', customer_external_id: CUSTOMER });

    const events = await sql.eventsOf(tenant.accountId, CUSTOMER);
    expect(events).toHaveLength(3);
    expect(
      events.sort((a, b) => a.item_index - b.item_index).map((e) => [e.action, e.request_log_id, e.item_index, e.data]),
    ).toEqual([
      ['point_add', logId, 0, { points: 50, reason: 'Completed profile survey' }],
      ['point_add', logId, 1, { points: 20, reason: 'Shared a review' }],
      ['point_add', logId, 2, { points: 5, reason: 'mParticle: Earn Points' }],
    ]);
    expect((await sql.member(tenant.accountId, CUSTOMER))!.points).toBe('75.0000');
  });
});
