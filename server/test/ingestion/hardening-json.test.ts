import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/**
 * Issue 13, items 4 and 9: deep JSON is refused at parse time (400 INVALID_JSON, logged, with X-Request-Id), by
 * the route and the dry run alike; stored logs redact the secrets the issue found leaking.
 */

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let webhookId: string;

const DEEP = '{"id":"c","points":1,"x":' + '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000) + '}';
const DEEP_LISTS = '{"id":"c","points":1,"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
const DEPTH_MESSAGE = 'The JSON nests objects and lists more than 64 levels deep; at most 64 are allowed.';

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  webhookId = await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    mapping: [
      { from: 'id', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('deep JSON', () => {
  it.each([
    ['5,000 levels of objects', DEEP],
    ['100,000 levels of lists', DEEP_LISTS],
  ])('%s: 400 INVALID_JSON with X-Request-Id and a log row', async (_name, body) => {
    const response = await send(t.url, hookPath(tenant, 'points'), body);
    expect(response.status, response.text).toBe(400);
    expect(response.json).toEqual({ ok: false, error: { code: 'INVALID_JSON', message: DEPTH_MESSAGE } });
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({
      status_code: 400,
      outcome: 'INVALID_REQUEST',
      error_code: 'INVALID_JSON',
      error: DEPTH_MESSAGE,
    });
  });

  it('the dry run answers the same instead of INTERNAL_SERVER_ERROR', async () => {
    const result = await gql(
      t.url,
      `query ($id: ID!, $request: TestRequestInput!) {
        testWebhook(id: $id, request: $request) { statusCode outcome errorCode reason }
      }`,
      { id: webhookId, request: { body: DEEP } },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.data!.testWebhook).toEqual({
      statusCode: 400,
      outcome: 'INVALID_REQUEST',
      errorCode: 'INVALID_JSON',
      reason: DEPTH_MESSAGE,
    });
  });
});

describe('secrets in stored logs', () => {
  it('are redacted: X-Authorization-style and signature headers, ?auth=, a line break before the colon, JSON in a string', async () => {
    const body = '{"id": "c", "password"\n: "hunter2", "payload": "{\\"api_key\\":\\"s3cret-in-string\\"}", "x": 1,}';
    const response = await send(t.url, `${hookPath(tenant, 'points')}?auth=qs-secret&sig=qs-sig&page=2`, body, {
      headers: {
        'x-authorization': 'Bearer header-secret',
        'x-shopify-hmac-sha256': 'hmac-secret',
        'stripe-signature': 't=1,v1=sig-secret',
        'x-trace': 'kept',
      },
    });
    expect(response.status, response.text).toBe(400);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log.query).toBe('auth=[REDACTED]&sig=[REDACTED]&page=2');
    expect(log.request_headers).toMatchObject({
      'x-authorization': '[REDACTED]',
      'x-shopify-hmac-sha256': '[REDACTED]',
      'stripe-signature': '[REDACTED]',
      'x-trace': 'kept',
    });
    expect(log.request_body).toBe(
      '{"id": "c", "password"\n: "[REDACTED]", "payload": "{\\"api_key\\":\\"[REDACTED]\\"}", "x": 1,}',
    );
    const stored = JSON.stringify(log);
    for (const secret of [
      'hunter2',
      's3cret-in-string',
      'qs-secret',
      'qs-sig',
      'header-secret',
      'hmac-secret',
      'sig-secret',
    ]) {
      expect(stored).not.toContain(secret);
    }
  });

  it('in valid JSON too: a string holding JSON is redacted inside', async () => {
    await sql.enrol(tenant.accountId, 'c');
    const response = await send(t.url, hookPath(tenant, 'points'), {
      id: 'c',
      points: 1,
      payload: JSON.stringify({ token: 'tok-in-string', keep: 1 }),
    });
    expect(response.status, response.text).toBe(200);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(JSON.parse(log.request_body)).toEqual({
      id: 'c',
      points: 1,
      payload: JSON.stringify({ token: '[REDACTED]', keep: 1 }),
    });
  });
});
