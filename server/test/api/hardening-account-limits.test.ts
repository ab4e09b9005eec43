import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIVE_WEBHOOKS } from '../../src/application/webhooks/create-webhook.js';
import { Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 13, item 10 (the API's part): an account's live webhooks are bounded, with a clear LIMIT_REACHED; and a
 * member's balance can be read exactly (`pointsExact`) beside the Float that rounds the largest ones.
 */

let t: TestApp;
let sql: Sql;

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const CREATE = 'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id status } }';
const input = (endpoint: string) => ({
  name: endpoint,
  method: 'POST',
  endpoint,
  action: 'point_add',
  mapping: [{ from: 'customer', to: 'customer' }],
});

describe(`at most ${MAX_LIVE_WEBHOOKS} live webhooks per account`, () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTenant(t.deps);
    // All but one of the allowed webhooks, written directly (a precondition, not what is under test).
    await sql.rows(
      `INSERT INTO webhooks (id, account_id, name, method, endpoint, action, mapping)
       SELECT gen_random_uuid(), $1, 'w' || i, 'POST', 'w' || i, 'point_add', '[]'
       FROM generate_series(1, $2::int) AS i`,
      [tenant.accountId, MAX_LIVE_WEBHOOKS - 1],
    );
  });

  it('the last allowed one is created; the next is refused with LIMIT_REACHED saying what to do', async () => {
    const last = await gql(t.url, CREATE, { input: input('last') }, { apiKey: tenant.adminKey });
    expect(last.errors).toBeUndefined();
    const refused = await gql(t.url, CREATE, { input: input('one-too-many') }, { apiKey: tenant.adminKey });
    expect(refused.data).toBeNull();
    expect(refused.errors![0]!.extensions.code).toBe('LIMIT_REACHED');
    expect(refused.errors![0]!.message).toBe(
      `An account has at most ${MAX_LIVE_WEBHOOKS} webhooks that are not archived: archive unused ones first.`,
    );
    const [{ count }] = await sql.rows(`SELECT count(*)::int AS count FROM webhooks WHERE account_id = $1`, [
      tenant.accountId,
    ]);
    expect(count).toBe(MAX_LIVE_WEBHOOKS);
  });

  it('from a blueprint too', async () => {
    const blueprints = await gql(
      t.url,
      'query { blueprints { id template { action } } }',
      {},
      { apiKey: tenant.adminKey },
    );
    const blueprint = blueprints.data!.blueprints.find(
      (b: { template: { action: string | null } }) => b.template.action,
    );
    const refused = await gql(
      t.url,
      'mutation ($b: ID!) { createWebhookFromBlueprint(blueprintId: $b, name: "From blueprint", endpoint: "bp") { id } }',
      { b: blueprint.id },
      { apiKey: tenant.adminKey },
    );
    expect(refused.errors![0]!.extensions.code).toBe('LIMIT_REACHED');
  });

  it('archiving one makes room for another', async () => {
    const [{ id }] = await sql.rows(`SELECT id FROM webhooks WHERE account_id = $1 AND endpoint = 'w1'`, [
      tenant.accountId,
    ]);
    const archived = await gql(
      t.url,
      'mutation ($id: ID!) { archiveWebhook(id: $id) { status } }',
      { id },
      {
        apiKey: tenant.adminKey,
      },
    );
    expect(archived.data!.archiveWebhook.status).toBe('ARCHIVED');
    const created = await gql(t.url, CREATE, { input: input('after-archive') }, { apiKey: tenant.adminKey });
    expect(created.errors).toBeUndefined();
  });

  it("another account's count is its own", async () => {
    const other = await createTenant(t.deps);
    const created = await gql(t.url, CREATE, { input: input('first') }, { apiKey: other.adminKey });
    expect(created.errors).toBeUndefined();
  });
});

describe('Customer.pointsExact', () => {
  it('is the balance exactly, where the Float rounds it', async () => {
    const tenant = await createTenant(t.deps);
    await sql.enrol(tenant.accountId, 'big', 0);
    await sql.rows(`UPDATE customers SET points = '12345678901234.5678' WHERE account_id = $1`, [tenant.accountId]);
    await sql.enrol(tenant.accountId, 'small', 0);
    await sql.rows(`UPDATE customers SET points = '0.0001' WHERE account_id = $1 AND external_id = 'small'`, [
      tenant.accountId,
    ]);
    const result = await gql(
      t.url,
      'query { big: customer(id: "big") { points pointsExact } small: customer(id: "small") { points pointsExact } }',
      {},
      { apiKey: tenant.readerKey },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      big: { points: 12345678901234.568, pointsExact: '12345678901234.5678' },
      small: { points: 0.0001, pointsExact: '0.0001' },
    });
  });
});
