import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/** Hostile input: prototype keys in bodies and paths, secrets that must not reach stored logs, unstorable text. */

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let guarded: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  await createWebhook(t.url, tenant, {
    endpoint: 'profile',
    action: 'opt_in',
    mapping: [
      { from: 'id', to: 'customer' },
      { from: 'meta', to: 'data.meta' },
      { from: 'first', to: 'data.first_name' },
    ],
  });
  guarded = await createWebhook(t.url, tenant, {
    endpoint: 'guarded',
    action: 'opt_in',
    // x-sender does not look secret by its name: it is redacted because the filter reads it.
    filter: {
      join: 'AND',
      conditions: [
        { attribute: 'headers.x-sender', operator: 'EQUALS', value: 'crm-7f3a' },
        { attribute: 'body.auth.token', operator: 'EQUALS', value: 'tok-9c1d' },
      ],
    },
    mapping: [{ from: 'id', to: 'customer' }],
  });
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

function expectPrototypesClean() {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect(typeof {}.toString).toBe('function');
}

afterEach(expectPrototypesClean);

describe('prototype keys', () => {
  it('__proto__ and constructor keys in a body stay plain data, stored as such', async () => {
    const body =
      '{"id":"p1","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
      '"meta":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"plain":1},"first":"Ann"}';
    const response = await send(t.url, hookPath(tenant, 'profile'), body);
    expect(response.status, response.text).toBe(200);
    const log = await sql.log(response.headers.get('x-request-id'));
    const event = await sql.one(`SELECT data FROM customer_events WHERE id = $1`, [log.event_id]);
    // The JSON text as PostgreSQL has it: the keys are there as keys.
    const [{ text }] = await sql.rows(`SELECT data::text AS text FROM customer_events WHERE id = $1`, [log.event_id]);
    expect(text).toContain('"__proto__": {"polluted": "yes"}');
    expect(text).toContain('"constructor": {"prototype": {"polluted": "yes"}}');
    expect(event.data.first_name).toBe('Ann');
    expect(log.request_body).toBe(body);
  });

  it('prototype names in the address are just unknown addresses', async () => {
    for (const path of [
      '/webhooks/custom/__proto__/polluted',
      '/webhooks/custom/constructor/prototype',
      `/webhooks/custom/${tenant.slug}/__proto__`,
      `/webhooks/custom/${tenant.slug}/constructor`,
      '/webhooks/custom/toString/hasOwnProperty',
      '/webhooks/custom/%5F%5Fproto%5F%5F/constructor',
    ]) {
      const response = await send(t.url, path, { id: 'p2', polluted: 'yes' });
      expect(response.status, path).toBe(404);
      expect(response.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    // And the route still works afterwards.
    expect((await send(t.url, hookPath(tenant, 'profile'), { id: 'p2' })).status).toBe(200);
  });

  it('prototype names as header names and query keys change nothing', async () => {
    const response = await send(
      t.url,
      `${hookPath(tenant, 'profile')}?__proto__[polluted]=yes&constructor.prototype.polluted=yes`,
      { id: 'p3' },
      {
        // Parsed, so that "__proto__" is an own key (an object literal would set the prototype instead).
        headers: JSON.parse('{"__proto__":"polluted","constructor":"polluted"}'),
      },
    );
    expect(response.status).toBe(200);
    const log = await sql.log(response.headers.get('x-request-id'));
    // Node's HTTP parser drops a "__proto__" header before any of our code sees it; "constructor" is a plain header.
    expect(Object.hasOwn(log.request_headers, '__proto__')).toBe(false);
    expect(log.request_headers.constructor).toBe('polluted');
    expect(log.query).toBe('__proto__[polluted]=yes&constructor.prototype.polluted=yes');
  });
});

describe('secrets in stored logs', () => {
  const SECRETS = [
    'crm-7f3a',
    'tok-9c1d',
    'Bearer sk_live_123',
    'session=abc123',
    'hunter2',
    'k-5566',
    'sig-7788',
    'q-token-1',
  ];

  async function sendGuarded(headers: Record<string, string>, body: object) {
    return send(t.url, `${hookPath(tenant, 'guarded')}?access_token=q-token-1&page=2`, body, {
      headers: {
        authorization: 'Bearer sk_live_123',
        cookie: 'session=abc123',
        'x-api-key': 'k-5566',
        'x-hub-signature': 'sig-7788',
        ...headers,
      },
    });
  }

  function expectNoSecret(log: Record<string, unknown>) {
    const stored = JSON.stringify(log);
    for (const secret of SECRETS) expect(stored, secret).not.toContain(secret);
  }

  it('are redacted from headers, body and query, whatever the outcome', async () => {
    const body = {
      id: 's1',
      auth: { token: 'tok-9c1d' },
      password: 'hunter2',
      nested: [{ clientSecret: 'hunter2' }],
      visible: 'kept',
    };
    const accepted = await sendGuarded({ 'x-sender': 'crm-7f3a' }, body);
    expect(accepted.status, accepted.text).toBe(200);
    const log = await sql.log(accepted.headers.get('x-request-id'));
    expect(log.request_headers).toMatchObject({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-hub-signature': '[REDACTED]',
      'x-sender': '[REDACTED]',
      'content-type': 'application/json',
    });
    expect(JSON.parse(log.request_body)).toEqual({
      id: 's1',
      auth: { token: '[REDACTED]' },
      password: '[REDACTED]',
      nested: [{ clientSecret: '[REDACTED]' }],
      visible: 'kept',
    });
    expect(log.query).toBe('access_token=[REDACTED]&page=2');
    expectNoSecret(log);

    // A failing filter names the condition without showing the header's value.
    const refused = await sendGuarded({ 'x-sender': 'crm-7f3a-wrong' }, body);
    expect(refused.status).toBe(422);
    const refusedLog = await sql.log(refused.headers.get('x-request-id'));
    expect(refusedLog.outcome).toBe('FILTERED');
    expect(refusedLog.error).toMatch(/^headers\.x-sender EQUALS \[REDACTED\]/);
    expectNoSecret(refusedLog);
    expect(JSON.stringify(refusedLog)).not.toContain('crm-7f3a-wrong');
  });

  it('are redacted from bodies that are not JSON', async () => {
    const text = await send(
      t.url,
      hookPath(tenant, 'guarded'),
      'password=hunter2&token: tok-9c1d, "api_key": "k-5566",',
      {
        headers: { 'x-sender': 'crm-7f3a' },
      },
    );
    expect(text.status).toBe(400);
    const log = await sql.log(text.headers.get('x-request-id'));
    expect(log.outcome).toBe('INVALID_REQUEST');
    expectNoSecret(log);
  });

  it('are redacted when a JSON name spells a secret word with escapes', async () => {
    // No secret word appears literally in this body: only the escapes spell them.
    const body = '{"id":"s3","p\\u0061ssword":"hunter2","k\\u0065y":"k-5566"}';
    expect(JSON.parse(body)).toMatchObject({ password: 'hunter2', key: 'k-5566' });
    const response = await send(t.url, hookPath(tenant, 'profile'), body);
    expect(response.status).toBe(200);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(JSON.parse(log.request_body)).toMatchObject({ password: '[REDACTED]', key: '[REDACTED]' });
    expectNoSecret(log);
  });

  it('stored bodies past 64 KiB are cut and flagged', async () => {
    const body = { id: 's2', auth: { token: 'tok-9c1d' }, padding: 'p'.repeat(100 * 1024) };
    const response = await sendGuarded({ 'x-sender': 'crm-7f3a' }, body);
    expect(response.status).toBe(200);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log.body_truncated).toBe(true);
    expect(Buffer.byteLength(log.request_body)).toBeLessThanOrEqual(64 * 1024);
    expectNoSecret(log);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('a NUL character or an unpaired surrogate in the event is 422 INVALID_ATTRIBUTE, not a storage failure', async () => {
    for (const body of [
      '{"id":"n\\u0000ul"}',
      '{"id":"n1","first":"a\\u0000b"}',
      '{"id":"n1","meta":{"k":"\\ud800"}}',
    ]) {
      const response = await send(t.url, hookPath(tenant, 'profile'), body);
      expect(response.status, body).toBe(422);
      expect(response.headers.get('x-webhook-error')).toBe('INVALID_ATTRIBUTE');
      const log = await sql.log(response.headers.get('x-request-id'));
      expect(log).toMatchObject({ outcome: 'INVALID_EVENT', error_code: 'INVALID_ATTRIBUTE' });
      expect(log.error).toMatch(/NUL character or an unpaired surrogate/);
    }
  });

  it('a raw NUL byte in a body is logged (as U+FFFD) with its 400', async () => {
    const response = await send(t.url, hookPath(tenant, 'profile'), Buffer.from('{"id":"a\u0000"}'));
    expect(response.status).toBe(400);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log.request_body).toBe('{"id":"a\uFFFD"}');
  });
});

it('the guarded webhook registered only the requests that passed its filter', async () => {
  const logs = await sql.logsOf(guarded);
  expect(logs.filter((l) => l.outcome === 'PROCESSED')).toHaveLength(2);
});
