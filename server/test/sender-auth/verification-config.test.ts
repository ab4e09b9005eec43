import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/** A webhook's verification and idempotency settings through the GraphQL API: stored, shown, checked, patched. */
let t: TestApp;
let tenant: TestTenant;
let endpoints = 0;

const FIELDS = `id version verification { scheme header algorithm encoding prefix timestampHeader toleranceSeconds username secrets { id } } idempotency { key windowHours }`;
const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { ${FIELDS} } }`;
const READ = `query($id: ID!) { webhook(id: $id) { ${FIELDS} history { nodes { kind changes { field before after } } } } }`;

function baseInput(extra: Record<string, unknown> = {}) {
  return {
    name: 'Verified points',
    method: 'POST',
    endpoint: `verified-${++endpoints}`,
    action: 'point_add',
    mapping: [
      { from: 'customer', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
    ...extra,
  };
}

async function create(extra: Record<string, unknown> = {}) {
  return gql(t.url, CREATE, { input: baseInput(extra) }, { apiKey: tenant.adminKey });
}

async function createOk(extra: Record<string, unknown> = {}) {
  const result = await create(extra);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.createWebhook;
}

async function update(id: string, input: Record<string, unknown>) {
  return gql(t.url, UPDATE, { id, input }, { apiKey: tenant.adminKey });
}

const NO_OPTIONS = {
  header: null,
  algorithm: null,
  encoding: null,
  prefix: null,
  timestampHeader: null,
  toleranceSeconds: null,
  username: null,
};

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await t?.close();
});

describe('verification settings round-trip for every scheme', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['NONE', { scheme: 'NONE' }, { scheme: 'NONE' }],
    ['STANDARD_WEBHOOKS', { scheme: 'STANDARD_WEBHOOKS' }, { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 300 }],
    [
      'STANDARD_WEBHOOKS with a tolerance',
      { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 60 },
      { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 60 },
    ],
    ['STRIPE', { scheme: 'STRIPE', toleranceSeconds: 600 }, { scheme: 'STRIPE', toleranceSeconds: 600 }],
    ['GITHUB', { scheme: 'GITHUB' }, { scheme: 'GITHUB' }],
    ['SHOPIFY', { scheme: 'SHOPIFY' }, { scheme: 'SHOPIFY' }],
    ['WOOCOMMERCE', { scheme: 'WOOCOMMERCE' }, { scheme: 'WOOCOMMERCE' }],
    ['SLACK', { scheme: 'SLACK' }, { scheme: 'SLACK', toleranceSeconds: 300 }],
    [
      'HMAC with defaults',
      { scheme: 'HMAC', header: 'X-Loyalty-Signature' },
      { scheme: 'HMAC', header: 'x-loyalty-signature', algorithm: 'SHA256', encoding: 'HEX' },
    ],
    [
      'HMAC with every option',
      {
        scheme: 'HMAC',
        header: 'x-sig',
        algorithm: 'SHA512',
        encoding: 'BASE64URL',
        prefix: 'sha512=',
        timestampHeader: 'X-Sig-Time',
        toleranceSeconds: 120,
      },
      {
        scheme: 'HMAC',
        header: 'x-sig',
        algorithm: 'SHA512',
        encoding: 'BASE64URL',
        prefix: 'sha512=',
        timestampHeader: 'x-sig-time',
        toleranceSeconds: 120,
      },
    ],
    ['BASIC_AUTH', { scheme: 'BASIC_AUTH', username: 'mParticle' }, { scheme: 'BASIC_AUTH', username: 'mParticle' }],
    ['API_KEY on its default header', { scheme: 'API_KEY' }, { scheme: 'API_KEY', header: 'x-api-key' }],
    [
      'API_KEY on authorization',
      { scheme: 'API_KEY', header: 'Authorization' },
      { scheme: 'API_KEY', header: 'authorization' },
    ],
  ])('%s', async (_label, given, shown) => {
    const created = await createOk({ verification: given });
    const expected = { ...NO_OPTIONS, ...shown, secrets: [] };
    expect(created.verification).toEqual(expected);
    const read = await gql(t.url, READ, { id: created.id }, { apiKey: tenant.adminKey });
    expect(read.data!.webhook.verification).toEqual(expected);
    // What was read back can be sent again unchanged: no change, no new version.
    const { secrets: _secrets, ...asInput } = read.data!.webhook.verification;
    const again = await update(created.id, { verification: asInput });
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateWebhook.version).toBe(created.version);
  });

  it('a webhook created without verification says NONE, explicitly, and has no idempotency', async () => {
    const created = await createOk();
    expect(created.verification).toEqual({ scheme: 'NONE', ...NO_OPTIONS, secrets: [] });
    expect(created.idempotency).toBeNull();
  });

  it('idempotency round-trips with its default window written out', async () => {
    const created = await createOk({
      verification: { scheme: 'GITHUB' },
      idempotency: { key: 'headers.X-GitHub-Delivery' },
    });
    expect(created.idempotency).toEqual({ key: 'headers.x-github-delivery', windowHours: 168 });
    const bodyKey = await createOk({ idempotency: { key: 'body.meta.delivery_id', windowHours: 720 } });
    expect(bodyKey.idempotency).toEqual({ key: 'body.meta.delivery_id', windowHours: 720 });
  });
});

describe('validation: every problem at its input path', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['HMAC without a header', { verification: { scheme: 'HMAC' } }, 'input.verification.header', 'HMAC needs'],
    [
      'an option the scheme does not read',
      { verification: { scheme: 'GITHUB', username: 'x' } },
      'input.verification.username',
      'username does not apply to GITHUB',
    ],
    [
      'a bad API_KEY header',
      { verification: { scheme: 'API_KEY', header: 'x api key' } },
      'input.verification.header',
      'A header name uses only letters',
    ],
    [
      'a reserved header',
      { verification: { scheme: 'API_KEY', header: 'content-type' } },
      'input.verification.header',
      'cannot carry a credential',
    ],
    [
      'a tolerance out of range',
      { verification: { scheme: 'STRIPE', toleranceSeconds: 3601 } },
      'input.verification.toleranceSeconds',
      'from 1 to 3600',
    ],
    [
      'BASIC_AUTH without a username',
      { verification: { scheme: 'BASIC_AUTH' } },
      'input.verification.username',
      'BASIC_AUTH needs a username',
    ],
    [
      'a username with a colon',
      { verification: { scheme: 'BASIC_AUTH', username: 'a:b' } },
      'input.verification.username',
      'cannot contain ":"',
    ],
    [
      'an idempotency key in no place of the request',
      { idempotency: { key: 'webhook-id' } },
      'input.idempotency.key',
      'is not a place in the request',
    ],
    [
      'an idempotency window of 0 hours',
      { idempotency: { key: 'body.id', windowHours: 0 } },
      'input.idempotency.windowHours',
      'from 1 to 720',
    ],
    [
      'an idempotency window of 721 hours',
      { idempotency: { key: 'body.id', windowHours: 721 } },
      'input.idempotency.windowHours',
      'from 1 to 720',
    ],
  ])('%s → BAD_USER_INPUT at %s', async (_label, extra, field, message) => {
    const { data, errors } = await create(extra);
    expect(data).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(errors![0]!.message).toContain(message);
  });

  it('an unknown scheme is refused by the schema itself', async () => {
    const { errors } = await create({ verification: { scheme: 'PGP' } });
    expect(errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors![0]!.message).toContain('VerificationScheme');
  });

  it('reports every problem of one input at once (extensions.issues)', async () => {
    const { errors } = await create({
      verification: { scheme: 'HMAC', username: 'u', toleranceSeconds: 5 },
      idempotency: { key: '', windowHours: 0 },
    });
    const issues = (errors![0]!.extensions.issues as { field: string }[]).map((issue) => issue.field);
    expect(issues).toEqual([
      'input.verification.username',
      'input.verification.header',
      'input.verification.toleranceSeconds',
      'input.idempotency.key',
      'input.idempotency.windowHours',
    ]);
  });

  it('the same checks apply to updates, at the same paths', async () => {
    const { id } = await createOk();
    const { errors } = await update(id, { verification: { scheme: 'HMAC', header: 'host' } });
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.verification.header' });
  });
});

describe('tri-state updates', () => {
  it('absent keeps both; a verification given replaces the whole setting; null switches idempotency off', async () => {
    const created = await createOk({
      verification: { scheme: 'HMAC', header: 'x-sig', algorithm: 'SHA1', prefix: 'sha1=' },
      idempotency: { key: 'body.id', windowHours: 24 },
    });

    const renamed = await update(created.id, { name: 'Renamed' });
    expect(renamed.data!.updateWebhook.verification).toEqual(created.verification);
    expect(renamed.data!.updateWebhook.idempotency).toEqual({ key: 'body.id', windowHours: 24 });

    // Options not given are not kept from before: the new setting is the one given (with its defaults).
    const replaced = await update(created.id, { verification: { scheme: 'HMAC', header: 'x-other' } });
    expect(replaced.data!.updateWebhook.verification).toEqual({
      ...NO_OPTIONS,
      scheme: 'HMAC',
      header: 'x-other',
      algorithm: 'SHA256',
      encoding: 'HEX',
      secrets: [],
    });

    const windowChanged = await update(created.id, { idempotency: { key: 'body.id', windowHours: 48 } });
    expect(windowChanged.data!.updateWebhook.idempotency).toEqual({ key: 'body.id', windowHours: 48 });

    const off = await update(created.id, { idempotency: null });
    expect(off.errors).toBeUndefined();
    expect(off.data!.updateWebhook.idempotency).toBeNull();
    expect(off.data!.updateWebhook.verification.header).toBe('x-other');
  });

  it('verification: null is refused and changes nothing (NONE is the explicit way)', async () => {
    const created = await createOk({ verification: { scheme: 'GITHUB' } });
    const { errors } = await update(created.id, { verification: null });
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.verification' });
    expect(errors![0]!.message).toContain('choose the scheme NONE');
    const read = await gql(t.url, READ, { id: created.id }, { apiKey: tenant.adminKey });
    expect(read.data!.webhook.verification.scheme).toBe('GITHUB');
    expect(read.data!.webhook.version).toBe(created.version);
  });

  it('the change history shows verification and idempotency changes, before and after', async () => {
    const created = await createOk({ verification: { scheme: 'GITHUB' } });
    await update(created.id, {
      verification: { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 120 },
      idempotency: { key: 'headers.webhook-id' },
    });
    const read = await gql(t.url, READ, { id: created.id }, { apiKey: tenant.adminKey });
    const [latest, first] = read.data!.webhook.history.nodes;
    expect(first.kind).toBe('CREATED');
    expect(first.changes).toContainEqual({ field: 'verification', before: null, after: { scheme: 'GITHUB' } });
    expect(latest.kind).toBe('UPDATED');
    expect(latest.changes).toEqual([
      {
        field: 'verification',
        before: { scheme: 'GITHUB' },
        after: { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 120 },
      },
      { field: 'idempotency', before: null, after: { key: 'headers.webhook-id', windowHours: 168 } },
    ]);
  });
});

describe('who may see and change it', () => {
  it('readers see verification and idempotency of active webhooks but cannot change them', async () => {
    const created = await createOk({ idempotency: { key: 'body.id' } });
    await gql(
      t.url,
      `mutation($id: ID!) { activateWebhook(id: $id) { id } }`,
      { id: created.id },
      {
        apiKey: tenant.adminKey,
      },
    );
    const read = await gql(t.url, READ, { id: created.id }, { apiKey: tenant.readerKey });
    expect(read.data!.webhook.verification.scheme).toBe('NONE');
    expect(read.data!.webhook.idempotency).toEqual({ key: 'body.id', windowHours: 168 });
    const { errors } = await gql(
      t.url,
      UPDATE,
      { id: created.id, input: { verification: { scheme: 'GITHUB' } } },
      { apiKey: tenant.readerKey },
    );
    expect(errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it("another account's admin cannot change it: NOT_FOUND", async () => {
    const created = await createOk();
    const other = await createTenant(t.deps);
    const { errors } = await gql(
      t.url,
      UPDATE,
      { id: created.id, input: { verification: { scheme: 'GITHUB' } } },
      { apiKey: other.adminKey },
    );
    expect(errors![0]!.extensions.code).toBe('NOT_FOUND');
  });
});
