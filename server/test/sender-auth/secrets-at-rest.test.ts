import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmSecretBox } from '../../src/security/secret-box.js';
import { hookPath, send, Sql } from '../ingestion/support.js';
import {
  createTenant,
  gql,
  startTestApp,
  TEST_SECRET_KEY,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

/**
 * Secrets at rest: filter tokens are stored sealed and used as before; a filter stored in plain text before sealing
 * existed is sealed at the next start; a server whose key cannot open what is stored refuses to start.
 */
let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let webhookId: string;

const TOKEN = 'tok_live_5f1e9a77c3';
const FILTER = {
  join: 'AND',
  conditions: [
    { attribute: 'headers.x-webhook-token', operator: 'EQUALS', value: TOKEN },
    { attribute: 'body.credentials.api_key', operator: 'IN', value: ['key-one-secret', 'key-two-secret'] },
    { attribute: 'body.kind', operator: 'EQUALS', value: 'earn' },
  ],
  groups: [],
};
const READ = `query($id: ID!) {
  webhook(id: $id) {
    filter { conditions { attribute value } }
    history { nodes { kind changes { field before after } } }
  }
}`;

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  const created = await gql(
    t.url,
    `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
    {
      input: {
        name: 'Token filter',
        method: 'POST',
        endpoint: 'token-filter',
        action: 'point_add',
        filter: FILTER,
        mapping: [
          { from: 'customer', to: 'customer' },
          { from: 'points', to: 'data.points' },
        ],
      },
    },
    { apiKey: tenant.adminKey },
  );
  webhookId = created.data!.createWebhook.id;
  await gql(
    t.url,
    `mutation($id: ID!) { activateWebhook(id: $id) { id } }`,
    { id: webhookId },
    {
      apiKey: tenant.adminKey,
    },
  );
  await sql.enrol(tenant.accountId, 'member-1');
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

async function storedFilter(id: string) {
  return (await sql.one(`SELECT filter FROM webhooks WHERE id = $1`, [id])).filter;
}

describe('filter tokens at rest', () => {
  it('the filter column holds the secret values sealed (v1: ciphertext), the others as they are', async () => {
    const filter = await storedFilter(webhookId);
    const text = JSON.stringify(filter);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('key-one-secret');
    const [token, keys, kind] = filter.conditions;
    expect(token.value).toEqual({ $encrypted: expect.stringMatching(/^v1:[A-Za-z0-9+/]+=*$/) });
    expect(keys.value).toEqual({ $encrypted: expect.stringMatching(/^v1:/) });
    expect(kind.value).toBe('earn');
    const box = new AesGcmSecretBox(TEST_SECRET_KEY);
    expect(JSON.parse(box.open(token.value.$encrypted))).toBe(TOKEN);
    expect(JSON.parse(box.open(keys.value.$encrypted))).toEqual(['key-one-secret', 'key-two-secret']);
  });

  it('admins read and edit the tokens as before; readers and the history see them redacted', async () => {
    const admin = await gql(t.url, READ, { id: webhookId }, { apiKey: tenant.adminKey });
    expect(admin.data!.webhook.filter.conditions.map((c: { value: unknown }) => c.value)).toEqual([
      TOKEN,
      ['key-one-secret', 'key-two-secret'],
      'earn',
    ]);
    const reader = await gql(t.url, READ, { id: webhookId }, { apiKey: tenant.readerKey });
    expect(reader.data!.webhook.filter.conditions.map((c: { value: unknown }) => c.value)).toEqual([
      '[REDACTED]',
      '[REDACTED]',
      'earn',
    ]);
    expect(JSON.stringify(admin.data!.webhook.history)).not.toContain(TOKEN);
  });

  it('ingestion compares with the opened token: the right one passes, a wrong one is filtered', async () => {
    const path = hookPath(tenant, 'token-filter');
    const body = { customer: 'member-1', points: 5, kind: 'earn', credentials: { api_key: 'key-two-secret' } };
    const passed = await send(t.url, path, body, { headers: { 'x-webhook-token': TOKEN } });
    expect(passed.status, passed.text).toBe(200);
    const filtered = await send(t.url, path, body, { headers: { 'x-webhook-token': 'tok_wrong' } });
    expect(filtered.status).toBe(422);
    expect(filtered.headers.get('x-webhook-error')).toBe('FILTERED');
  });

  it('an edit that keeps the token stores it sealed again (a fresh IV), still unreadable in the column', async () => {
    const before = JSON.stringify(await storedFilter(webhookId));
    const rotated = { ...FILTER, conditions: [{ ...FILTER.conditions[0], value: 'tok_rotated_4411' }] };
    const { errors } = await gql(
      t.url,
      `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }`,
      { id: webhookId, input: { filter: rotated } },
      { apiKey: tenant.adminKey },
    );
    expect(errors).toBeUndefined();
    const after = JSON.stringify(await storedFilter(webhookId));
    expect(after).not.toBe(before);
    expect(after).not.toContain('tok_rotated_4411');
    const admin = await gql(t.url, READ, { id: webhookId }, { apiKey: tenant.adminKey });
    expect(admin.data!.webhook.filter.conditions[0].value).toBe('tok_rotated_4411');
  });
});

describe('starting the server', () => {
  it('seals filter tokens stored in plain text before sealing existed, without a new version', async () => {
    const created = await gql(
      t.url,
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id version } }`,
      {
        input: {
          name: 'Legacy',
          method: 'POST',
          endpoint: 'legacy',
          action: 'point_add',
          mapping: [{ from: 'customer', to: 'customer' }],
        },
      },
      { apiKey: tenant.adminKey },
    );
    const id = created.data!.createWebhook.id;
    // As an earlier release stored it: the token in plain text.
    await sql.rows(`UPDATE webhooks SET filter = $1::jsonb WHERE id = $2`, [
      JSON.stringify({
        join: 'AND',
        conditions: [{ attribute: 'headers.x-legacy-token', operator: 'EQUALS', value: 'legacy-plain-token' }],
        groups: [],
      }),
      id,
    ]);

    const restarted = await startTestApp({ database: t.database });
    try {
      const filter = await storedFilter(id);
      expect(JSON.stringify(filter)).not.toContain('legacy-plain-token');
      expect(filter.conditions[0].value.$encrypted).toMatch(/^v1:/);
      const read = await gql(restarted.url, READ, { id }, { apiKey: tenant.adminKey });
      expect(read.data!.webhook.filter.conditions[0].value).toBe('legacy-plain-token');
      const version = await sql.one(`SELECT version FROM webhooks WHERE id = $1`, [id]);
      expect(version.version).toBe(created.data!.createWebhook.version);
    } finally {
      await restarted.close();
    }
  });

  it('with another secret key it refuses to start, saying why, and serves nothing', async () => {
    const check = await sql.one(`SELECT sealed FROM secret_key_check WHERE id = 1`);
    expect(check.sealed).toMatch(/^v1:/);
    await expect(startTestApp({ database: t.database, secretKey: Buffer.alloc(32, 9) })).rejects.toThrow(
      'The secret key (INTAKE_SECRET_KEY, or secret.key in the data folder) cannot decrypt the secrets stored in this database: they were encrypted with another key.',
    );
    // The first server is untouched by the refused start.
    const read = await gql(t.url, READ, { id: webhookId }, { apiKey: tenant.adminKey });
    expect(read.data!.webhook.filter.conditions[0].value).toBe('tok_rotated_4411');
  });

  it('a second instance with the same key starts and reads the same secrets', async () => {
    const second = await startTestApp({ database: t.database });
    try {
      const read = await gql(second.url, READ, { id: webhookId }, { apiKey: tenant.adminKey });
      expect(read.data!.webhook.filter.conditions[0].value).toBe('tok_rotated_4411');
    } finally {
      await second.close();
    }
  });
});
