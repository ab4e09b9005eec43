import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { archiveWebhook, createWebhook, hookPath, send, Sql } from './support.js';

/** Routing, methods and request-level rejections: status, body, headers and what the log says. */

const BODY_LIMIT = 8 * 1024;
const NOT_FOUND_BODY =
  '{"ok":false,"error":{"code":"NOT_FOUND","message":"No webhook accepts requests at this address."}}';

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let hook: string;

const pointAdd = (endpoint: string) => ({
  endpoint,
  action: 'point_add',
  mapping: [
    { from: 'customer_id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
});

beforeAll(async () => {
  t = await startTestApp({ ingestBodyLimit: BODY_LIMIT });
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  hook = await createWebhook(t.url, tenant, pointAdd('points'));
  await sql.enrol(tenant.accountId, 'm1', 0);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

async function logCount(): Promise<number> {
  const [row] = await sql.rows(`SELECT count(*)::int AS n FROM request_logs`);
  return row.n;
}

describe('addresses', () => {
  it('an unknown account or endpoint is a JSON 404, not logged', async () => {
    const before = await logCount();
    for (const path of [`/webhooks/custom/nobody/points`, hookPath(tenant, 'nothing-here')]) {
      const response = await send(t.url, path, { customer_id: 'm1', points: 1 });
      expect(response.status).toBe(404);
      expect(response.text).toBe(NOT_FOUND_BODY);
      expect(response.headers.get('x-webhook-error')).toBe('NOT_FOUND');
      expect(response.headers.get('x-request-id')).toBeNull();
    }
    expect(await logCount()).toBe(before);
  });

  it('other paths under /webhooks/ and GETs on them answer a JSON 404 too', async () => {
    for (const [method, path] of [
      ['GET', '/webhooks/custom'],
      ['GET', `/webhooks/custom/${tenant.slug}`],
      ['POST', '/webhooks/other/a/b'],
      ['GET', `${hookPath(tenant, 'points')}/extra`],
    ]) {
      const response = await send(t.url, path, undefined, { method });
      expect(response.status, path).toBe(404);
      expect(response.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('an unknown address with a malformed Content-Type is still a 404', async () => {
    const response = await send(t.url, '/webhooks/elsewhere', '{}', { headers: { 'content-type': 'application/' } });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('an inactive webhook answers the same 404 and logs NOT_ROUTABLE', async () => {
    const id = await createWebhook(
      t.url,
      tenant,
      { ...pointAdd('sleeping'), errorResponse: '{"custom":"error"}' },
      false,
    );
    const response = await send(t.url, hookPath(tenant, 'sleeping'), { customer_id: 'm1', points: 1 });
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND_BODY);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({
      webhook_id: id,
      status_code: 404,
      outcome: 'NOT_ROUTABLE',
      error_code: 'WEBHOOK_INACTIVE',
      response_body: NOT_FOUND_BODY,
      event_id: null,
    });
    expect(log.error).toMatch(/inactive/);
    expect(Number((await sql.member(tenant.accountId, 'm1')).points)).toBe(0);
  });

  it('an archived webhook answers 404 and logs NOT_ROUTABLE, until a new webhook takes its endpoint', async () => {
    const id = await createWebhook(t.url, tenant, pointAdd('retired'), false);
    await archiveWebhook(t.url, tenant, id);
    const response = await send(t.url, hookPath(tenant, 'retired'), { customer_id: 'm1', points: 1 });
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND_BODY);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      webhook_id: id,
      outcome: 'NOT_ROUTABLE',
      error_code: 'WEBHOOK_ARCHIVED',
    });

    const successor = await createWebhook(t.url, tenant, pointAdd('retired'));
    const next = await send(t.url, hookPath(tenant, 'retired'), { customer_id: 'm1', points: 1 });
    expect(next.status).toBe(200);
    expect(await sql.log(next.headers.get('x-request-id'))).toMatchObject({
      webhook_id: successor,
      outcome: 'PROCESSED',
    });
  });
});

describe('methods', () => {
  it.each(['PUT', 'GET', 'PATCH', 'DELETE'])(
    '%s on a POST webhook is 405 with Allow, the generic body, logged NOT_ROUTABLE',
    async (method) => {
      const response = await send(
        t.url,
        hookPath(tenant, 'points'),
        method === 'GET' ? undefined : { customer_id: 'm1', points: 1 },
        { method },
      );
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(response.headers.get('x-webhook-error')).toBe('METHOD_NOT_ALLOWED');
      expect(response.json).toEqual({
        ok: false,
        error: { code: 'METHOD_NOT_ALLOWED', message: `This webhook accepts POST requests, not ${method}.` },
      });
      const log = await sql.log(response.headers.get('x-request-id'));
      expect(log).toMatchObject({
        webhook_id: hook,
        method,
        status_code: 405,
        outcome: 'NOT_ROUTABLE',
        error_code: 'METHOD_NOT_ALLOWED',
      });
      expect(log.response_headers).toMatchObject({ allow: 'POST', 'x-webhook-error': 'METHOD_NOT_ALLOWED' });
    },
  );

  it('a PUT webhook takes PUT', async () => {
    await createWebhook(t.url, tenant, { ...pointAdd('put-points'), method: 'PUT' });
    const response = await send(
      t.url,
      hookPath(tenant, 'put-points'),
      { customer_id: 'm1', points: 1 },
      { method: 'PUT' },
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, eventId: expect.any(String) });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('bodies', () => {
  async function expectInvalid(
    body: string | Buffer | undefined,
    headers: Record<string, string>,
    status: number,
    code: string,
    message?: RegExp,
  ) {
    const response = await send(t.url, hookPath(tenant, 'points'), body, { headers });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-webhook-error')).toBe(code);
    expect(response.json).toMatchObject({ ok: false, error: { code } });
    if (message) expect(response.json.error.message).toMatch(message);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({
      webhook_id: hook,
      status_code: status,
      outcome: 'INVALID_REQUEST',
      error_code: code,
      event_id: null,
    });
    expect(log.error).toBe(response.json.error.message);
    return log;
  }

  it('invalid JSON is 400 INVALID_JSON', async () => {
    await expectInvalid(
      '{"customer_id": "m1", points: 1}',
      { 'content-type': 'application/json' },
      400,
      'INVALID_JSON',
    );
    await expectInvalid(
      "{'customer_id': 'm1'}",
      { 'content-type': 'application/json' },
      400,
      'INVALID_JSON',
      /Single quotes/,
    );
  });

  it('an empty body is 400 INVALID_JSON', async () => {
    await expectInvalid('', { 'content-type': 'application/json' }, 400, 'INVALID_JSON', /empty/);
  });

  it.each([
    ['[1,2]', 'a list'],
    ['"text"', 'a text'],
    ['42', 'a number'],
    ['null', 'null'],
    ['true', 'a boolean'],
  ])('JSON that is not an object (%s) is 400 INVALID_JSON', async (body, kind) => {
    await expectInvalid(
      body,
      { 'content-type': 'application/json' },
      400,
      'INVALID_JSON',
      new RegExp(`must be a JSON object.*it is ${kind}`),
    );
  });

  it.each([
    ['text/plain', /"text\/plain" is not supported/],
    ['multipart/form-data; boundary=x', /not supported/],
    ['application/json; charset=latin1', /charset/],
  ])('Content-Type %s is 415 UNSUPPORTED_MEDIA_TYPE', async (type, message) => {
    const log = await expectInvalid(
      '{"customer_id":"m1","points":1}',
      { 'content-type': type },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      message,
    );
    expect(log.request_body).toBe('{"customer_id":"m1","points":1}');
  });

  it('a body without Content-Type is 415', async () => {
    const response = await fetch(`${t.url}${hookPath(tenant, 'points')}`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from('{"customer_id":"m1"}')),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('x-webhook-error')).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      outcome: 'INVALID_REQUEST',
      status_code: 415,
    });
  });

  it('a malformed Content-Type header is 415 too (Fastify refuses it before any parser runs)', async () => {
    await expectInvalid(
      '{"customer_id":"m1","points":1}',
      { 'content-type': 'application/' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('application/*+json is JSON', async () => {
    const response = await send(
      t.url,
      hookPath(tenant, 'points'),
      { customer_id: 'm1', points: 1 },
      { headers: { 'content-type': 'application/vnd.sender+json; charset=UTF-8' } },
    );
    expect(response.status).toBe(200);
  });

  it('a body over the limit is 413 PAYLOAD_TOO_LARGE, logged with the start of the body, flagged truncated', async () => {
    const big = JSON.stringify({ customer_id: 'm1', points: 1, padding: 'x'.repeat(BODY_LIMIT) });
    const log = await expectInvalid(
      big,
      { 'content-type': 'application/json' },
      413,
      'PAYLOAD_TOO_LARGE',
      /larger than the limit of 8 KiB/,
    );
    expect(log.body_truncated).toBe(true);
    expect(big.startsWith(log.request_body)).toBe(true);
    expect(log.request_body.length).toBeLessThanOrEqual(BODY_LIMIT);
  });

  it('a body far over the limit, sent chunked, is 413 as well', async () => {
    const chunks = 64;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks; i++) controller.enqueue(new Uint8Array(Buffer.from(`"${'y'.repeat(16 * 1024)}",`)));
        controller.close();
      },
    });
    const response = await fetch(`${t.url}${hookPath(tenant, 'points')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      status_code: 413,
      body_truncated: true,
    });
  });

  it('a body exactly at the limit is read', async () => {
    const base = JSON.stringify({ customer_id: 'm1', points: 1, padding: '' });
    const exact = JSON.stringify({ customer_id: 'm1', points: 1, padding: 'x'.repeat(BODY_LIMIT - base.length) });
    expect(Buffer.byteLength(exact)).toBe(BODY_LIMIT);
    const response = await send(t.url, hookPath(tenant, 'points'), exact);
    expect(response.status).toBe(200);
  });

  it('the path, the query and the method are logged; the default success body carries the event id', async () => {
    const response = await send(t.url, `${hookPath(tenant, 'points')}?source=crm&batch=7`, {
      customer_id: 'm1',
      points: 2,
    });
    expect(response.status).toBe(200);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({
      method: 'POST',
      path: hookPath(tenant, 'points'),
      query: 'source=crm&batch=7',
      outcome: 'PROCESSED',
    });
    expect(response.json).toEqual({ ok: true, eventId: log.event_id });
    expect(log.response_headers).toMatchObject({
      'x-request-id': log.id,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(new Date(log.received_at).getTime()).toBeLessThanOrEqual(Date.now());
    expect(log.duration_ms).toBeGreaterThan(0);
    expect(log.duration_ms).toBeLessThan(5_000);
  });
});
