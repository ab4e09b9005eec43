import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookPath, send, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createVerifiedWebhook, standardWebhooksHeaders } from './ingestion-support.js';

/**
 * The dry run (testWebhook) of verified webhooks with idempotency: the verification step (verified, or which check
 * failed, never the expected value), signing the sample server-side with the newest live secret, and the
 * idempotency step (the delivery id found or missing, and whether it was processed already: a read, nothing
 * reserved). Nothing is stored.
 */

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let verifiedId: string;
let unsignedId: string;
let apiKeyId: string;

const SECRET = `whsec_${Buffer.alloc(32, 41).toString('base64')}`;
const NEWER_SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const API_KEY = 'dry-run-api-key-0123456789';
const BODY = JSON.stringify({ customer: 'm-dry', points: 2 });
const MAPPING = [
  { from: 'customer', to: 'customer' },
  { from: 'points', to: 'data.points' },
];

const TEST = `query($id: ID!, $request: TestRequestInput!) {
  testWebhook(id: $id, request: $request) {
    statusCode outcome errorCode reason responseBody responseHeaders
    verification { scheme verified errorCode reason signed }
    idempotency { key value problem alreadyProcessed originalRequestId }
    conditions { attribute expected actual passed }
  }
}`;

const dryRun = (id: string, request: Record<string, unknown>, apiKey = tenant.adminKey) =>
  gql(t.url, TEST, { id, request: { body: BODY, ...request } }, { apiKey });

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  await sql.enrol(tenant.accountId, 'm-dry');
  verifiedId = await createVerifiedWebhook(
    t.url,
    tenant,
    {
      endpoint: 'dry',
      action: 'point_add',
      mapping: MAPPING,
      verification: { scheme: 'STANDARD_WEBHOOKS' },
      idempotency: { key: 'headers.webhook-id' },
    },
    SECRET,
  );
  // A rotation: the newer secret is the one the dry run signs with; the older one still verifies.
  const added = await gql(
    t.url,
    `mutation($id: ID!, $secret: String) { addWebhookSecret(id: $id, secret: $secret) { secret } }`,
    { id: verifiedId, secret: NEWER_SECRET },
    { apiKey: tenant.adminKey },
  );
  expect(added.errors).toBeUndefined();
  const created = await gql(
    t.url,
    `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
    {
      input: {
        name: 'no secret yet',
        method: 'POST',
        endpoint: 'dry-unsigned',
        action: 'point_add',
        mapping: MAPPING,
        verification: { scheme: 'GITHUB' },
      },
    },
    { apiKey: tenant.adminKey },
  );
  unsignedId = created.data!.createWebhook.id;
  apiKeyId = await createVerifiedWebhook(
    t.url,
    tenant,
    {
      endpoint: 'dry-api-key',
      action: 'point_add',
      mapping: MAPPING,
      verification: { scheme: 'API_KEY', header: 'x-partner-key' },
      filter: {
        join: 'AND',
        conditions: [{ attribute: 'headers.x-partner-key', operator: 'EXISTS' }],
        groups: [],
      },
    },
    API_KEY,
  );
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('the verification step', () => {
  it('an unsigned sample: which check failed, answered 401 UNAUTHENTICATED; the delivery id is not read yet', async () => {
    const result = await dryRun(verifiedId, {});
    expect(result.errors).toBeUndefined();
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 401,
      outcome: 'UNAUTHENTICATED',
      errorCode: 'SIGNATURE_MISSING',
      verification: {
        scheme: 'STANDARD_WEBHOOKS',
        verified: false,
        errorCode: 'SIGNATURE_MISSING',
        reason: expect.stringContaining('missing headers webhook-id (or svix-id)'),
        signed: false,
      },
      idempotency: null,
      responseHeaders: { 'X-Webhook-Error': 'SIGNATURE_MISSING' },
    });
  });

  it('a wrong signature: SIGNATURE_INVALID, without the expected signature anywhere in the answer', async () => {
    const at = Math.floor(Date.now() / 1000);
    const expected = standardWebhooksHeaders(NEWER_SECRET, 'msg_dry_wrong', at, BODY);
    const result = await dryRun(verifiedId, {
      headers: { ...expected, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}` },
    });
    expect(result.data!.testWebhook.verification).toMatchObject({ verified: false, errorCode: 'SIGNATURE_INVALID' });
    const answer = JSON.stringify(result);
    expect(answer).not.toContain(expected['webhook-signature'].slice(3));
    expect(answer).not.toContain(SECRET);
    expect(answer).not.toContain(NEWER_SECRET);
  });

  it('a sample signed by the admin with the older, still live secret verifies', async () => {
    const headers = standardWebhooksHeaders(SECRET, 'msg_dry_own', Math.floor(Date.now() / 1000), BODY);
    const result = await dryRun(verifiedId, { headers });
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 200,
      verification: { verified: true, signed: false },
    });
  });

  it('signWithSecret signs the sample server-side: verified, processed, the delivery id given kept', async () => {
    const result = await dryRun(verifiedId, { headers: { 'webhook-id': 'msg_dry_signed' }, signWithSecret: true });
    expect(result.errors).toBeUndefined();
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 200,
      outcome: 'PROCESSED',
      verification: { scheme: 'STANDARD_WEBHOOKS', verified: true, errorCode: null, reason: null, signed: true },
      idempotency: {
        key: 'headers.webhook-id',
        value: 'msg_dry_signed',
        problem: null,
        alreadyProcessed: false,
        originalRequestId: null,
      },
    });
    const answer = JSON.stringify(result);
    expect(answer).not.toContain(SECRET);
    expect(answer).not.toContain(NEWER_SECRET);
    // A dry run stores nothing: no log, no event, no key.
    expect(await sql.rows(`SELECT * FROM request_logs WHERE webhook_id = $1`, [verifiedId])).toEqual([]);
    expect(await sql.rows(`SELECT * FROM idempotency_keys WHERE webhook_id = $1`, [verifiedId])).toEqual([]);
  });

  it('API_KEY: the key the server signed with is not shown by the filter trace either', async () => {
    const result = await dryRun(apiKeyId, { signWithSecret: true });
    expect(result.data!.testWebhook.verification).toMatchObject({ verified: true, signed: true });
    expect(result.data!.testWebhook.conditions).toEqual([
      { attribute: 'headers.x-partner-key', expected: null, actual: '[REDACTED]', passed: true },
    ]);
    expect(JSON.stringify(result)).not.toContain(API_KEY);
  });

  it('signWithSecret on a webhook without a live secret: BAD_USER_INPUT naming the option', async () => {
    const result = await dryRun(unsignedId, { signWithSecret: true });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'request.signWithSecret' });
    expect(result.errors![0].message).toContain('no live secret');
  });

  it('readers may test but not sign with the secret (FORBIDDEN)', async () => {
    const signing = await dryRun(verifiedId, { signWithSecret: true }, tenant.readerKey);
    expect(signing.errors![0].extensions.code).toBe('FORBIDDEN');
    const plain = await dryRun(verifiedId, {}, tenant.readerKey);
    expect(plain.data!.testWebhook.verification).toMatchObject({ verified: false, errorCode: 'SIGNATURE_MISSING' });
  });
});

describe('the idempotency step', () => {
  it('a delivery id processed for real: alreadyProcessed, and the DUPLICATE answer ingestion would give', async () => {
    const at = Math.floor(Date.now() / 1000);
    const real = await send(t.url, hookPath(tenant, 'dry'), BODY, {
      headers: { 'content-type': 'application/json', ...standardWebhooksHeaders(SECRET, 'msg_dry_real', at, BODY) },
    });
    expect(real.status).toBe(200);
    const result = await dryRun(verifiedId, { headers: { 'webhook-id': 'msg_dry_real' }, signWithSecret: true });
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 200,
      outcome: 'DUPLICATE',
      errorCode: 'DUPLICATE',
      responseBody: real.text,
      responseHeaders: {
        'X-Webhook-Duplicate': 'true',
        'X-Webhook-Original-Request-Id': real.headers.get('x-request-id'),
      },
      idempotency: {
        value: 'msg_dry_real',
        alreadyProcessed: true,
        originalRequestId: real.headers.get('x-request-id'),
      },
    });
    expect(result.data!.testWebhook.reason).toContain(`processed by request ${real.headers.get('x-request-id')}`);
  });

  it('a body key that is missing: 400 IDEMPOTENCY_KEY_MISSING with the problem', async () => {
    const created = await gql(
      t.url,
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      {
        input: {
          name: 'body key',
          method: 'POST',
          endpoint: 'dry-body-key',
          action: 'point_add',
          mapping: MAPPING,
          idempotency: { key: 'body.delivery.id' },
        },
      },
      { apiKey: tenant.adminKey },
    );
    const result = await dryRun(created.data!.createWebhook.id, {});
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 400,
      outcome: 'INVALID_REQUEST',
      errorCode: 'IDEMPOTENCY_KEY_MISSING',
      verification: { scheme: 'NONE', verified: true },
      idempotency: {
        key: 'body.delivery.id',
        value: null,
        problem: expect.stringContaining('body.delivery.id'),
        alreadyProcessed: null,
      },
    });
  });
});
