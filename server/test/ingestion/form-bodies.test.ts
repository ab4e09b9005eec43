import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createVerifiedWebhook, slackHeaders } from '../sender-auth/ingestion-support.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/**
 * `application/x-www-form-urlencoded` bodies over real HTTP and PostgreSQL: parsed into an object that filters and
 * mappings read like JSON (repeated names → lists), signatures verified on the raw bytes, the raw text logged,
 * malformed percent-encoding 400, other types 415, the size limit as for JSON, and the dry run reading forms too.
 */

const FORM = 'application/x-www-form-urlencoded';
const BODY_LIMIT = 4096;

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let paidId: string;

const paidPoints = {
  endpoint: 'form-paid',
  action: 'point_add',
  filter: { join: 'AND', conditions: [{ attribute: 'body.status', operator: 'EQUALS', value: 'paid' }] },
  mapping: [
    { from: 'customer_id', to: 'customer' },
    { from: 'points', to: 'data.points' },
    { from: 'note', to: 'data.reason' },
  ],
};

const postForm = (endpoint: string, body: string, headers: Record<string, string> = {}) =>
  send(t.url, hookPath(tenant, endpoint), body, { headers: { 'content-type': FORM, ...headers } });

beforeAll(async () => {
  t = await startTestApp({ ingestBodyLimit: BODY_LIMIT });
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  paidId = await createWebhook(t.url, tenant, paidPoints);
  await sql.enrol(tenant.accountId, 'form-1', 10);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('a form body', () => {
  it('passes a body filter and maps to an event; the log keeps the raw text', async () => {
    const body = 'status=paid&customer_id=form-1&points=12.5&note=Order+%2342+%E2%80%93+thanks';
    const response = await postForm('form-paid', body);
    expect(response.status, response.text).toBe(200);
    expect(response.json).toEqual({ ok: true, eventId: expect.any(String) });

    const member = await sql.member(tenant.accountId, 'form-1');
    expect(member.points).toBe('22.5000');
    const [event] = await sql.eventsOf(tenant.accountId, 'form-1');
    expect(event).toMatchObject({ id: response.json.eventId, action: 'point_add' });
    expect(event.data).toEqual({ points: 12.5, reason: 'Order #42 – thanks' });

    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({ outcome: 'PROCESSED', status_code: 200, request_body: body, webhook_id: paidId });
    expect(log.request_headers['content-type']).toBe(FORM);
  });

  it('with charset=utf-8 is read the same', async () => {
    const response = await postForm('form-paid', 'status=paid&customer_id=form-1&points=1', {
      'content-type': `${FORM}; charset=UTF-8`,
    });
    expect(response.status, response.text).toBe(200);
  });

  it('that the filter does not match is FILTERED, naming the value read from the form', async () => {
    const response = await postForm('form-paid', 'status=pending&customer_id=form-1&points=1');
    expect(response.status).toBe(422);
    expect(response.headers.get('x-webhook-error')).toBe('FILTERED');
    expect(response.json.error.message).toBe('body.status EQUALS "paid": actual "pending" is different');
  });

  it('that is empty is {}: filtered, not refused as unreadable', async () => {
    const response = await postForm('form-paid', '');
    expect(response.status).toBe(422);
    expect(response.json.error.message).toBe('body.status EQUALS "paid": missing');
  });

  it('with repeated names gives a list, in the order sent', async () => {
    await createWebhook(t.url, tenant, {
      endpoint: 'form-labels',
      action: 'opt_in',
      mapping: [
        { from: 'id', to: 'customer' },
        { from: 'label', to: 'data.labels' },
        { from: 'email', to: 'data.email' },
      ],
    });
    const response = await postForm('form-labels', 'id=form-2&label=gold&email=ann%40example.com&label=app&label=vip');
    expect(response.status, response.text).toBe(200);
    const member = await sql.member(tenant.accountId, 'form-2');
    expect(member).toMatchObject({ labels: ['gold', 'app', 'vip'], email: 'ann@example.com' });
    const [event] = await sql.eventsOf(tenant.accountId, 'form-2');
    expect(event.data.labels).toEqual(['gold', 'app', 'vip']);
  });

  it('with malformed percent-encoding is 400 INVALID_REQUEST naming the field, logged with its raw text', async () => {
    const body = 'status=paid&customer_id=form-1&points=10%zz';
    const response = await postForm('form-paid', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-webhook-error')).toBe('INVALID_REQUEST');
    const reason =
      'The form body cannot be decoded: in the value of field "points", the "%" at character 41 of the body is ' +
      'followed by "zz", not two hex digits (a literal "%" is sent as %25).';
    expect(response.json).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: reason } });
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      outcome: 'INVALID_REQUEST',
      status_code: 400,
      error_code: 'INVALID_REQUEST',
      error: reason,
      request_body: body,
      event_id: null,
    });
  });

  it('whose escapes are not UTF-8 is 400 too', async () => {
    const response = await postForm('form-paid', 'status=paid&customer_id=J%FCrgen&points=1');
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/"customer_id", the percent-escaped bytes are not UTF-8 text/);
  });

  it('in another charset is 415', async () => {
    const response = await postForm('form-paid', 'status=paid', { 'content-type': `${FORM}; charset=ISO-8859-1` });
    expect(response.status).toBe(415);
    expect(response.json.error.message).toBe(
      'The charset "ISO-8859-1" is not supported; send the body as UTF-8 (charset=utf-8).',
    );
  });

  it('larger than the limit is 413, as JSON', async () => {
    const body = `status=paid&customer_id=form-1&points=1&pad=${'x'.repeat(BODY_LIMIT)}`;
    const response = await postForm('form-paid', body);
    expect(response.status).toBe(413);
    expect(response.headers.get('x-webhook-error')).toBe('PAYLOAD_TOO_LARGE');
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      outcome: 'INVALID_REQUEST',
      body_truncated: true,
    });
  });
});

describe('other content types', () => {
  it.each([
    ['text/plain', 'Content-Type "text/plain" is not supported'],
    ['multipart/form-data; boundary=x', 'Content-Type "multipart/form-data" is not supported'],
  ])('%s is 415, naming both accepted types', async (type, start) => {
    const response = await postForm('form-paid', 'status=paid&customer_id=form-1&points=1', { 'content-type': type });
    expect(response.status).toBe(415);
    expect(response.headers.get('x-webhook-error')).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(response.json.error.message).toBe(
      `${start}; send JSON with "Content-Type: application/json" or a form with ` +
        '"Content-Type: application/x-www-form-urlencoded".',
    );
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({
      outcome: 'INVALID_REQUEST',
      status_code: 415,
      request_body: 'status=paid&customer_id=form-1&points=1',
    });
  });
});

describe('signed form bodies are verified on their raw bytes', () => {
  const mapping = [
    { from: 'user_id', to: 'customer' },
    { from: 'text', to: 'data.points' },
  ];

  it('SLACK: a slash command, signed over the bytes as sent (escapes and "+" included)', async () => {
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'form-slack', action: 'point_add', mapping, verification: { scheme: 'SLACK' } },
      secret,
    );
    await sql.enrol(tenant.accountId, 'U2CERLKJA', 0);
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&user_id=U2CERLKJA&user_name=road+runner' +
      '&command=%2Fpoints&text=7&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F1';
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await postForm('form-slack', body, slackHeaders(secret, timestamp, body));
    expect(response.status, response.text).toBe(200);
    expect((await sql.member(tenant.accountId, 'U2CERLKJA')).points).toBe('7.0000');
    // The log keeps the raw text, with Slack's token redacted.
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log.request_body).toContain('user_name=road+runner&command=%2Fpoints&text=7');
    expect(log.request_body).not.toContain('xyzz0WbapA4vBCDEFasx0q6G');

    // The same fields, encoded otherwise (a space as %20): the same object, other bytes — the signature fails.
    const reencoded = body.replace('road+runner', 'road%20runner');
    const refused = await postForm('form-slack', reencoded, slackHeaders(secret, timestamp, body));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-webhook-error')).toBe('SIGNATURE_INVALID');
  });

  it('generic HMAC over a form body', async () => {
    const secret = 'form-hmac-secret-0123456789abcdef';
    await createVerifiedWebhook(
      t.url,
      tenant,
      {
        endpoint: 'form-hmac',
        action: 'point_add',
        mapping,
        verification: { scheme: 'HMAC', header: 'x-signature', algorithm: 'SHA256', encoding: 'HEX' },
      },
      secret,
    );
    await sql.enrol(tenant.accountId, 'form-hmac-member', 0);
    const body = 'user_id=form-hmac-member&text=3';
    const signature = createHmac('sha256', secret).update(body, 'utf8').digest('hex');
    const response = await postForm('form-hmac', body, { 'x-signature': signature });
    expect(response.status, response.text).toBe(200);
    expect((await sql.member(tenant.accountId, 'form-hmac-member')).points).toBe('3.0000');
    const unsigned = await postForm('form-hmac', body);
    expect(unsigned.status).toBe(401);
  });
});

describe('the dry run', () => {
  const TEST = `query($id: ID!, $request: TestRequestInput!) {
    testWebhook(id: $id, request: $request) { statusCode outcome errorCode reason mappedEvent convertedEvent }
  }`;

  it('reads a form body when the sample says so in its Content-Type', async () => {
    const result = await gql(
      t.url,
      TEST,
      {
        id: paidId,
        request: { headers: { 'Content-Type': FORM }, body: 'status=paid&customer_id=form-1&points=4&note=a+b' },
      },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 200,
      outcome: 'PROCESSED',
      mappedEvent: { customer: 'form-1', data: { points: '4', reason: 'a b' } },
      convertedEvent: { customer: 'form-1', data: { points: 4, reason: 'a b' } },
    });
  });

  it('answers a malformed form as ingestion would', async () => {
    const result = await gql(
      t.url,
      TEST,
      { id: paidId, request: { headers: { 'content-type': FORM }, body: 'status=%' } },
      { apiKey: tenant.adminKey },
    );
    expect(result.data!.testWebhook).toMatchObject({ statusCode: 400, errorCode: 'INVALID_REQUEST' });
  });
});
