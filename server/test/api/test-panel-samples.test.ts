import { buildSampleRequest } from '@intake/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlueprints } from '../../src/catalogue/blueprints.js';
import { Sql } from '../ingestion/support.js';
import { createTenant, gql, ok, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * The Test panel's first run: for every blueprint in the catalogue, a webhook created from it is tested with the
 * sample the console builds (the shared builder, fed what the console reads over GraphQL: the webhook's settings,
 * its event's definition and an enrolled member), signed the way the panel signs it. The dry run is the ingestion
 * pipeline itself, so the sample passes the blueprint's own filter, mapping, conversion and event rules.
 */

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
const MEMBER = 'member-sample-1';

const GROUP = 'join conditions { attribute operator value }';
const nested = (depth: number): string => (depth === 0 ? GROUP : `${GROUP} groups { ${nested(depth - 1)} }`);

const WEBHOOK = `query($id: ID!) {
  webhook(id: $id) {
    action splitOn
    filter { ${nested(4)} }
    mapping { from to expression }
    idempotency { key }
    verification { scheme }
  }
  eventDefinitions { name attributes { path type description } }
}`;

const TEST = `query($id: ID!, $request: TestRequestInput!) {
  testWebhook(id: $id, request: $request) {
    outcome statusCode errorCode reason filterPassed
    issues { attribute message }
    items { issues { attribute message } }
    events
  }
}`;

const admin = (query: string, variables: Record<string, unknown>) =>
  gql(t.url, query, variables, { apiKey: tenant.adminKey }).then(ok);

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  // Enough points for a point_sub of the sample's amount: the panel picks an existing member.
  await sql.enrol(tenant.accountId, MEMBER, 100);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

// "Blank" has no action, so no webhook is created from it (the admin chooses one first): it has nothing to test.
const BLUEPRINTS = loadBlueprints().filter((blueprint) => blueprint.template.action !== null);

describe('the built sample of every blueprint', () => {
  it('covers the catalogue', () => expect(BLUEPRINTS.length).toBeGreaterThanOrEqual(10));

  it.each(BLUEPRINTS.map((blueprint) => blueprint.id))(
    '%s: the first run passes its filter, conversion and rules',
    async (blueprintId) => {
      const { createWebhookFromBlueprint: created } = await admin(
        `mutation($id: ID!, $name: String!, $endpoint: String) {
          createWebhookFromBlueprint(blueprintId: $id, name: $name, endpoint: $endpoint) { id }
        }`,
        { id: blueprintId, name: blueprintId, endpoint: `sample-${blueprintId}` },
      );
      const { webhook, eventDefinitions } = await admin(WEBHOOK, { id: created.id });
      const signed = webhook.verification.scheme !== 'NONE';
      if (signed) await admin(`mutation($id: ID!) { addWebhookSecret(id: $id) { secret } }`, { id: created.id });
      const definition = eventDefinitions.find((candidate: { name: string }) => candidate.name === webhook.action);

      const sample = buildSampleRequest(
        {
          filter: webhook.filter,
          mapping: webhook.mapping,
          attributes: definition?.attributes,
          idempotencyKey: webhook.idempotency?.key,
          splitOn: webhook.splitOn,
        },
        { customer: MEMBER, unique: blueprintId },
      );
      const { testWebhook: result } = await admin(TEST, {
        id: created.id,
        request: { headers: sample.headers, body: JSON.stringify(sample.body), signWithSecret: signed },
      });

      const context = JSON.stringify({ sample, result }, null, 2);
      expect(result.filterPassed, context).not.toBe(false);
      expect(result.issues, context).toEqual([]);
      for (const item of result.items) expect(item.issues, context).toEqual([]);
      expect(result.outcome, context).toBe('PROCESSED');
      expect(result.events.length, context).toBeGreaterThan(0);
      for (const event of result.events) expect(event.customer, context).toBe(MEMBER);
    },
  );
});
