import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookPath, send, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * The server's own log (Fastify's logger, at its most verbose) while secrets are given, generated, rotated, removed,
 * refused and used: no secret value appears in it, nor in the stored request logs.
 */
let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
const lines: string[] = [];
const values: string[] = [];

const GIVEN_SECRET = 'given-secret-value-7Qm2xZ';
const FILTER_TOKEN = 'filter-token-value-9Kd3';
const REFUSED_SECRET = ' refused-because-of-spaces-42 ';

beforeAll(async () => {
  t = await startTestApp({ logStream: { write: (line) => void lines.push(line) }, logLevel: 'trace' });
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  values.push(GIVEN_SECRET, FILTER_TOKEN, REFUSED_SECRET.trim());
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

async function admin(query: string, variables: Record<string, unknown>) {
  const result = await gql(t.url, query, variables, { apiKey: tenant.adminKey });
  return result;
}

describe('the server log', () => {
  it('holds no secret value after every secret operation and ingestion', async () => {
    const created = await admin(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, {
      input: {
        name: 'Logged',
        method: 'POST',
        endpoint: 'logged',
        action: 'point_add',
        verification: { scheme: 'API_KEY', header: 'x-intake-key' },
        filter: {
          join: 'AND',
          conditions: [{ attribute: 'headers.x-filter-token', operator: 'EQUALS', value: FILTER_TOKEN }],
          groups: [],
        },
        mapping: [
          { from: 'customer', to: 'customer' },
          { from: 'points', to: 'data.points' },
        ],
      },
    });
    const id = created.data!.createWebhook.id;
    const ADD = `mutation($id: ID!, $secret: String, $grace: Int) {
      addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $grace) {
        secret webhook { verification { secrets { id hint } } }
      }
    }`;
    const given = await admin(ADD, { id, secret: GIVEN_SECRET });
    expect(given.data!.addWebhookSecret.secret).toBe(GIVEN_SECRET);
    const generated = await admin(ADD, { id, grace: 0 });
    values.push(generated.data!.addWebhookSecret.secret);
    const refused = await admin(ADD, { id, secret: REFUSED_SECRET });
    expect(refused.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    await admin(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id });
    await admin(`mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }`, {
      id,
      input: { name: 'Logged, renamed' },
    });
    const removable = generated.data!.addWebhookSecret.webhook.verification.secrets[0].id;
    await admin(`mutation($id: ID!, $secretId: ID!) { removeWebhookSecret(id: $id, secretId: $secretId) { id } }`, {
      id,
      secretId: removable,
    });
    // Requests carrying the secrets, right and wrong, as a sender sends them.
    await sql.enrol(tenant.accountId, 'member-1');
    for (const key of [GIVEN_SECRET, generated.data!.addWebhookSecret.secret, 'not-the-key']) {
      await send(
        t.url,
        hookPath(tenant, 'logged'),
        { customer: 'member-1', points: 1 },
        {
          headers: { 'x-intake-key': key, 'x-filter-token': FILTER_TOKEN, authorization: `Bearer ${key}` },
        },
      );
    }
    // Something was logged: the requests to /graphql at least, so an empty log cannot pass for a clean one.
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((line) => line.includes('/graphql'))).toBe(true);

    const log = lines.join('');
    for (const value of values) expect(log, value).not.toContain(value);

    const stored = JSON.stringify(await sql.rows(`SELECT * FROM request_logs WHERE webhook_id = $1`, [id]));
    expect(stored.length).toBeGreaterThan(100);
    for (const value of values) expect(stored, value).not.toContain(value);
    const history = JSON.stringify(await sql.rows(`SELECT * FROM webhook_changes WHERE webhook_id = $1`, [id]));
    for (const value of values) expect(history, value).not.toContain(value);
  });
});
