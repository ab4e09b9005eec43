import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmSecretBox } from '../../src/security/secret-box.js';
import { Sql } from '../ingestion/support.js';
import {
  createTenant,
  gql,
  startTestApp,
  TEST_SECRET_KEY,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

/** Write-only sender secrets: added (given or generated) and shown once, rotated with a grace period, removed. */
let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let other: TestTenant;
let endpoints = 0;
/** Every secret value any test saw: none may appear in a later answer. */
const valuesSeen: string[] = [];

const SECRETS = `verification { scheme secrets { id hint createdAt expiresAt } }`;
const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id version status } }`;
const ADD = `mutation($id: ID!, $secret: String, $grace: Int) {
  addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $grace) {
    secret
    webhook { id version ${SECRETS} }
  }
}`;
const REMOVE = `mutation($id: ID!, $secretId: ID!) { removeWebhookSecret(id: $id, secretId: $secretId) { id version ${SECRETS} } }`;
const ACTIVATE = `mutation($id: ID!) { activateWebhook(id: $id) { id status version } }`;
const READ = `query($id: ID!) {
  webhook(id: $id) {
    id version status ${SECRETS}
    history { nodes { kind version actor changes { field before after } } }
  }
}`;

async function createWebhook(scheme: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { data, errors } = await gql(
    t.url,
    CREATE,
    {
      input: {
        name: `Signed ${scheme}`,
        method: 'POST',
        endpoint: `signed-${++endpoints}`,
        action: 'point_add',
        mapping: [
          { from: 'customer', to: 'customer' },
          { from: 'points', to: 'data.points' },
        ],
        verification: { scheme, ...extra },
      },
    },
    { apiKey: tenant.adminKey },
  );
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data!.createWebhook.id;
}

async function addSecret(id: string, variables: { secret?: string; grace?: number } = {}, apiKey = tenant.adminKey) {
  const result = await gql(t.url, ADD, { id, ...variables }, { apiKey });
  if (result.data?.addWebhookSecret) valuesSeen.push(result.data.addWebhookSecret.secret);
  return result;
}

const read = (id: string, apiKey = tenant.adminKey) => gql(t.url, READ, { id }, { apiKey });

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  other = await createTenant(t.deps);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('activation fails closed', () => {
  it('a webhook that verifies its senders cannot be activated without a live secret: INVALID_TRANSITION saying what to do', async () => {
    const id = await createWebhook('STANDARD_WEBHOOKS');
    const { data, errors } = await gql(t.url, ACTIVATE, { id }, { apiKey: tenant.adminKey });
    expect(data).toBeNull();
    expect(errors![0]!.extensions.code).toBe('INVALID_TRANSITION');
    expect(errors![0]!.message).toContain('STANDARD_WEBHOOKS but has no live secret');
    expect(errors![0]!.message).toContain('addWebhookSecret');
    const after = await read(id);
    expect(after.data!.webhook).toMatchObject({ status: 'INACTIVE', version: 1 });
  });

  it('with a secret it can; NONE never needs one', async () => {
    const id = await createWebhook('GITHUB');
    await addSecret(id);
    const activated = await gql(t.url, ACTIVATE, { id }, { apiKey: tenant.adminKey });
    expect(activated.errors).toBeUndefined();
    expect(activated.data!.activateWebhook).toMatchObject({ status: 'ACTIVE', version: 3 });

    const none = await createWebhook('NONE');
    const plain = await gql(t.url, ACTIVATE, { id: none }, { apiKey: tenant.adminKey });
    expect(plain.data!.activateWebhook.status).toBe('ACTIVE');
  });

  it('only live secrets count: with every secret expired, activation is refused again', async () => {
    const id = await createWebhook('API_KEY');
    const first = await addSecret(id);
    // The new secret expires the first at once; then the new one is removed: nothing live is left.
    const second = await addSecret(id, { grace: 0 });
    const secondId = second.data!.addWebhookSecret.webhook.verification.secrets[0].id;
    expect(second.data!.addWebhookSecret.webhook.verification.secrets).toHaveLength(1);
    await gql(t.url, REMOVE, { id, secretId: secondId }, { apiKey: tenant.adminKey });
    const { errors } = await gql(t.url, ACTIVATE, { id }, { apiKey: tenant.adminKey });
    expect(errors![0]!.extensions.code).toBe('INVALID_TRANSITION');
    expect(first.data!.addWebhookSecret.secret).not.toBe(second.data!.addWebhookSecret.secret);
  });
});

describe('addWebhookSecret', () => {
  it('generates a Standard Webhooks secret (whsec_ + base64 of 32 bytes), returns it once, shows only its hint', async () => {
    const id = await createWebhook('STANDARD_WEBHOOKS');
    const { data, errors } = await addSecret(id);
    expect(errors).toBeUndefined();
    const { secret, webhook } = data!.addWebhookSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(webhook.version).toBe(2);
    expect(webhook.verification.secrets).toEqual([
      { id: expect.any(String), hint: `…${secret.slice(-4)}`, createdAt: expect.any(String), expiresAt: null },
    ]);
    const later = await read(id);
    expect(JSON.stringify(later.data)).not.toContain(secret);
    expect(later.data!.webhook.verification.secrets).toEqual(webhook.verification.secrets);
  });

  it.each(['GITHUB', 'STRIPE', 'SHOPIFY', 'WOOCOMMERCE', 'SLACK'])(
    'generates 32 random bytes as hex for %s',
    async (scheme) => {
      const { data } = await addSecret(await createWebhook(scheme));
      expect(data!.addWebhookSecret.secret).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it('stores a given secret (a BASIC_AUTH password with ":" in it) as it was given', async () => {
    const id = await createWebhook('BASIC_AUTH', { username: 'shop' });
    const password = 'pa:ss:word-with-colons-123';
    const { data } = await addSecret(id, { secret: password });
    expect(data!.addWebhookSecret.secret).toBe(password);
    const box = new AesGcmSecretBox(TEST_SECRET_KEY);
    const row = await sql.one(`SELECT ciphertext FROM webhook_secrets WHERE webhook_id = $1`, [id]);
    expect(box.open(row.ciphertext)).toBe(password);
  });

  it('the database holds ciphertext (v1: + base64, AES-GCM under the server key), never the value', async () => {
    const id = await createWebhook('HMAC', { header: 'x-signature' });
    const { data } = await addSecret(id);
    const secret = data!.addWebhookSecret.secret;
    const rows = await sql.rows(`SELECT * FROM webhook_secrets WHERE webhook_id = $1`, [id]);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.ciphertext).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.ciphertext).not.toContain(Buffer.from(secret).toString('base64'));
    expect(row.hint).toBe(`…${secret.slice(-4)}`);
    expect(row.account_id).toBe(tenant.accountId);
    // It is the value sealed, not something else: the server's key opens it, another key does not.
    expect(new AesGcmSecretBox(TEST_SECRET_KEY).open(row.ciphertext)).toBe(secret);
    expect(() => new AesGcmSecretBox(Buffer.alloc(32, 1)).open(row.ciphertext)).toThrow();
  });

  it.each<[string, Record<string, unknown>, string, string, string]>([
    ['a secret that is too short', {}, 'short', 'secret', 'at least 16 characters'],
    ['whitespace around it', {}, ' 0123456789abcdef0123 ', 'secret', 'whitespace'],
    ['a control character', {}, '0123456789abcdef\u0007', 'secret', 'control characters'],
  ])('refuses %s for GITHUB: BAD_USER_INPUT at %s', async (_label, extra, secret, field, message) => {
    const id = await createWebhook('GITHUB', extra);
    const { data, errors } = await addSecret(id, { secret });
    expect(data).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(errors![0]!.message).toContain(message);
    expect(errors![0]!.message).not.toContain(secret.trim());
    const after = await read(id);
    expect(after.data!.webhook.verification.secrets).toEqual([]);
    expect(after.data!.webhook.version).toBe(1);
  });

  it('refuses a Standard Webhooks secret that is not base64 of 24 to 64 bytes', async () => {
    const { errors } = await addSecret(await createWebhook('STANDARD_WEBHOOKS'), {
      secret: 'whsec_not-base64-at-all!!',
    });
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'secret' });
    expect(errors![0]!.message).toContain('base64 of 24 to 64 bytes');
  });

  it('refuses a secret for a webhook that verifies nothing (NONE), saying to choose a scheme', async () => {
    const { errors } = await addSecret(await createWebhook('NONE'));
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(errors![0]!.message).toContain('choose a verification scheme first');
  });

  it.each([-1, 7_776_001])('refuses expirePreviousInSeconds %i', async (grace) => {
    const { errors } = await addSecret(await createWebhook('GITHUB'), { grace });
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expirePreviousInSeconds' });
  });
});

describe('rotation', () => {
  it('a new secret leaves the older ones live for a day by default, listed newest first', async () => {
    const id = await createWebhook('STANDARD_WEBHOOKS');
    const first = await addSecret(id);
    const before = Date.now();
    const second = await addSecret(id);
    const secrets = second.data!.addWebhookSecret.webhook.verification.secrets;
    expect(secrets.map((s: { hint: string }) => s.hint)).toEqual([
      `…${second.data!.addWebhookSecret.secret.slice(-4)}`,
      `…${first.data!.addWebhookSecret.secret.slice(-4)}`,
    ]);
    expect(secrets[0].expiresAt).toBeNull();
    const expiresAt = Date.parse(secrets[1].expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 86_400_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 86_400_000 + 1_000);
  });

  it('a grace period never extends an older secret: the earlier expiry stays', async () => {
    const id = await createWebhook('GITHUB');
    await addSecret(id);
    const second = await addSecret(id, { grace: 60 });
    const firstExpiry = second.data!.addWebhookSecret.webhook.verification.secrets[1].expiresAt;
    const third = await addSecret(id, { grace: 3600 });
    const secrets = third.data!.addWebhookSecret.webhook.verification.secrets;
    expect(secrets).toHaveLength(3);
    expect(secrets[2].expiresAt).toBe(firstExpiry);
    expect(Date.parse(secrets[1].expiresAt)).toBeGreaterThan(Date.parse(firstExpiry));
  });

  it('expirePreviousInSeconds 0 stops the older secrets at once: they are left out of the list, kept in storage', async () => {
    const id = await createWebhook('SLACK');
    await addSecret(id);
    const rotated = await addSecret(id, { grace: 0 });
    expect(rotated.data!.addWebhookSecret.webhook.verification.secrets).toHaveLength(1);
    const rows = await sql.rows(`SELECT expires_at FROM webhook_secrets WHERE webhook_id = $1 ORDER BY created_at`, [
      id,
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.expires_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(rows[1]!.expires_at).toBeNull();
  });
});

describe('removeWebhookSecret', () => {
  it('deletes the secret, bumps the version and keeps the others', async () => {
    const id = await createWebhook('SHOPIFY');
    await addSecret(id);
    const second = await addSecret(id);
    const [newest, older] = second.data!.addWebhookSecret.webhook.verification.secrets;
    const { data, errors } = await gql(t.url, REMOVE, { id, secretId: newest.id }, { apiKey: tenant.adminKey });
    expect(errors).toBeUndefined();
    expect(data!.removeWebhookSecret.version).toBe(4);
    expect(data!.removeWebhookSecret.verification.secrets).toEqual([older]);
    expect(await sql.rows(`SELECT id FROM webhook_secrets WHERE id = $1`, [newest.id])).toEqual([]);
  });

  it('an active webhook may lose its last secret (requests are then refused): allowed, not hidden', async () => {
    const id = await createWebhook('GITHUB');
    const added = await addSecret(id);
    await gql(t.url, ACTIVATE, { id }, { apiKey: tenant.adminKey });
    const secretId = added.data!.addWebhookSecret.webhook.verification.secrets[0].id;
    const { data } = await gql(t.url, REMOVE, { id, secretId }, { apiKey: tenant.adminKey });
    expect(data!.removeWebhookSecret.verification.secrets).toEqual([]);
    expect((await read(id)).data!.webhook.status).toBe('ACTIVE');
  });

  it('an unknown secret, or one of another webhook, is NOT_FOUND', async () => {
    const id = await createWebhook('GITHUB');
    const elsewhere = await createWebhook('GITHUB');
    const added = await addSecret(elsewhere);
    const foreignSecret = added.data!.addWebhookSecret.webhook.verification.secrets[0].id;
    for (const secretId of [foreignSecret, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const { errors } = await gql(t.url, REMOVE, { id, secretId }, { apiKey: tenant.adminKey });
      expect(errors![0]!.extensions.code, secretId).toBe('NOT_FOUND');
    }
    expect((await read(elsewhere)).data!.webhook.verification.secrets).toHaveLength(1);
  });
});

describe('who may do what', () => {
  it('readers see the hints of an active webhook but can neither add nor remove secrets (FORBIDDEN)', async () => {
    const id = await createWebhook('GITHUB');
    const added = await addSecret(id);
    await gql(t.url, ACTIVATE, { id }, { apiKey: tenant.adminKey });
    const secret = added.data!.addWebhookSecret.webhook.verification.secrets[0];
    const seen = await read(id, tenant.readerKey);
    expect(seen.data!.webhook.verification.secrets).toEqual([secret]);

    const add = await addSecret(id, {}, tenant.readerKey);
    expect(add.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const remove = await gql(t.url, REMOVE, { id, secretId: secret.id }, { apiKey: tenant.readerKey });
    expect(remove.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await read(id)).data!.webhook.verification.secrets).toEqual([secret]);
  });

  it("another account's admin finds nothing: NOT_FOUND for add and remove, null for the webhook", async () => {
    const id = await createWebhook('GITHUB');
    const added = await addSecret(id);
    const secretId = added.data!.addWebhookSecret.webhook.verification.secrets[0].id;
    const add = await addSecret(id, {}, other.adminKey);
    expect(add.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const remove = await gql(t.url, REMOVE, { id, secretId }, { apiKey: other.adminKey });
    expect(remove.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const seen = await read(id, other.adminKey);
    expect(seen.data?.webhook ?? null).toBeNull();
    expect((await read(id)).data!.webhook.verification.secrets).toHaveLength(1);
  });

  it('an archived webhook takes no secret (INVALID_TRANSITION)', async () => {
    const id = await createWebhook('GITHUB');
    await gql(t.url, `mutation($id: ID!) { archiveWebhook(id: $id) { id } }`, { id }, { apiKey: tenant.adminKey });
    const { errors } = await addSecret(id);
    expect(errors![0]!.extensions.code).toBe('INVALID_TRANSITION');
  });

  it('unauthenticated callers are refused', async () => {
    const id = await createWebhook('GITHUB');
    const { errors } = await gql(t.url, ADD, { id });
    expect(errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('the change history', () => {
  it('records additions, rotations and removals by hint and expiry, with the actor and the version', async () => {
    const id = await createWebhook('STANDARD_WEBHOOKS');
    const first = await addSecret(id);
    const second = await addSecret(id, { grace: 600 });
    const [newest, older] = second.data!.addWebhookSecret.webhook.verification.secrets;
    await gql(t.url, REMOVE, { id, secretId: older.id }, { apiKey: tenant.adminKey });

    const { data } = await read(id);
    const [removed, rotated, added, created] = data!.webhook.history.nodes;
    expect(created.kind).toBe('CREATED');
    expect(added).toMatchObject({ kind: 'SECRET_ADDED', version: 2, actor: 'api-key:admin key' });
    expect(added.changes).toEqual([
      {
        field: 'secrets',
        before: [],
        after: [{ id: older.id, hint: older.hint, createdAt: expect.any(String), expiresAt: null }],
      },
    ]);
    expect(rotated).toMatchObject({ kind: 'SECRET_ADDED', version: 3 });
    expect(rotated.changes[0].after).toEqual([
      { id: newest.id, hint: newest.hint, createdAt: expect.any(String), expiresAt: null },
      { id: older.id, hint: older.hint, createdAt: expect.any(String), expiresAt: older.expiresAt },
    ]);
    expect(removed).toMatchObject({ kind: 'SECRET_REMOVED', version: 4 });
    expect(removed.changes[0].after).toEqual([
      { id: newest.id, hint: newest.hint, createdAt: expect.any(String), expiresAt: null },
    ]);
    const text = JSON.stringify(data);
    expect(text).not.toContain(first.data!.addWebhookSecret.secret);
    expect(text).not.toContain(second.data!.addWebhookSecret.secret);
  });
});

describe('no secret value in any later answer', () => {
  it('neither admins nor readers get one back from any webhook, list or history read', async () => {
    expect(valuesSeen.length).toBeGreaterThan(10);
    const list = `query($status: WebhookStatus) {
      webhooks(first: 100, status: $status) {
        nodes { id name verification { scheme header username secrets { id hint createdAt expiresAt } } }
      }
    }`;
    for (const apiKey of [tenant.adminKey, tenant.readerKey]) {
      const answers: unknown[] = [];
      for (const status of [null, 'ARCHIVED']) {
        const listed = await gql(t.url, list, { status }, { apiKey });
        expect(listed.errors).toBeUndefined();
        answers.push(listed.data);
        for (const { id } of listed.data!.webhooks.nodes) answers.push((await read(id, apiKey)).data);
      }
      const text = JSON.stringify(answers);
      expect(text.length).toBeGreaterThan(apiKey === tenant.adminKey ? 10_000 : 1_000);
      for (const value of valuesSeen) expect(text).not.toContain(value);
    }
  });
});
