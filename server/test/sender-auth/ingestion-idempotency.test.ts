import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hookPath, send, Sql, type Sent } from '../ingestion/support.js';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createVerifiedWebhook, logOf, standardWebhooksHeaders } from './ingestion-support.js';

/**
 * Exactly-once crediting per delivery id (docs/spec/next/sender-auth.md, Idempotency), over real HTTP and
 * PostgreSQL: concurrent identical deliveries over two server instances register one event; duplicates get the
 * original answer; only PROCESSED requests hold a key; a key is forgotten after its window and purged.
 */

let a: TestApp;
let b: TestApp;
let sql: Sql;
let tenant: TestTenant;
let frozenMs: number | null = null;
const clock = () => frozenMs ?? Date.now();
const nowSeconds = () => Math.floor(clock() / 1000);

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const POINTS_MAPPING = [
  { from: 'customer', to: 'customer' },
  { from: 'points', to: 'data.points' },
];
const VERIFIED = { scheme: 'STANDARD_WEBHOOKS' };
const BY_WEBHOOK_ID = { key: 'headers.webhook-id', windowHours: 1 };

beforeAll(async () => {
  a = await startTestApp({ clock });
  // A second instance on the same database: the key, not a process, makes deliveries exactly-once.
  b = await startTestApp({ database: a.database, clock });
  sql = new Sql(a.database.url);
  tenant = await createTenant(a.deps);
});

afterAll(async () => {
  await sql?.close();
  await b?.close();
  await a?.close();
});

beforeEach(() => {
  frozenMs = null;
});

/** A delivery as a Standard Webhooks sender sends it (and resends it: same id, same body). */
function delivery(id: string, body: unknown, at = nowSeconds()) {
  const text = JSON.stringify(body);
  return { text, headers: { 'content-type': 'application/json', ...standardWebhooksHeaders(SECRET, id, at, text) } };
}

const deliver = (app: TestApp, endpoint: string, d: { text: string; headers: Record<string, string> }) =>
  send(app.url, hookPath(tenant, endpoint), d.text, { headers: d.headers });

const points = async (member: string) => Number((await sql.member(tenant.accountId, member)).points);

function expectDuplicateOf(duplicate: Sent, original: Sent) {
  expect(duplicate.status).toBe(original.status);
  expect(duplicate.text).toBe(original.text);
  expect(duplicate.headers.get('x-webhook-duplicate')).toBe('true');
  expect(duplicate.headers.get('x-webhook-original-request-id')).toBe(original.headers.get('x-request-id'));
  expect(duplicate.headers.get('x-webhook-error')).toBe('DUPLICATE');
  expect(duplicate.headers.get('x-request-id')).not.toBe(original.headers.get('x-request-id'));
}

describe('concurrent identical deliveries', () => {
  it('50 at once over two instances: one event, one balance change, 49 DUPLICATE answers with the original body', async () => {
    const webhookId = await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'credit',
        action: 'point_add',
        mapping: POINTS_MAPPING,
        verification: VERIFIED,
        idempotency: BY_WEBHOOK_ID,
      },
      SECRET,
    );
    await sql.enrol(tenant.accountId, 'm-race', 100);
    const d = delivery('msg_race_1', { customer: 'm-race', points: 5 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => deliver(i % 2 === 0 ? a : b, 'credit', d)),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const originals = responses.filter((r) => r.headers.get('x-webhook-duplicate') === null);
    expect(originals).toHaveLength(1);
    const [original] = originals;
    expect(original.json).toEqual({ ok: true, eventId: expect.any(String) });
    for (const duplicate of responses.filter((r) => r !== original)) expectDuplicateOf(duplicate, original);

    expect(await points('m-race')).toBe(105);
    const events = await sql.eventsOf(tenant.accountId, 'm-race');
    expect(events).toHaveLength(1);
    expect(events[0].id).toBe(original.json.eventId);
    const logs = await sql.logsOf(webhookId);
    expect(logs).toHaveLength(50);
    const originalId = original.headers.get('x-request-id');
    expect(logs.filter((log) => log.outcome === 'PROCESSED').map((log) => log.id)).toEqual([originalId]);
    const duplicates = logs.filter((log) => log.outcome === 'DUPLICATE');
    expect(duplicates).toHaveLength(49);
    for (const log of duplicates) {
      expect(log).toMatchObject({
        status_code: 200,
        response_body: original.text,
        error_code: 'DUPLICATE',
        event_id: null,
        duplicate_of: originalId,
        idempotency_key: 'msg_race_1',
      });
      expect(log.error).toContain(`processed by request ${originalId}`);
    }
    expect(logs.every((log) => log.idempotency_key === 'msg_race_1')).toBe(true);
    expect(
      await sql.rows(`SELECT key, request_log_id FROM idempotency_keys WHERE webhook_id = $1`, [webhookId]),
    ).toEqual([{ key: 'msg_race_1', request_log_id: originalId }]);
  });

  it('opt-ins (the enrolment statement) too: 10 at once over two instances, one event', async () => {
    const webhookId = await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'enrol',
        action: 'opt_in',
        mapping: [{ from: 'customer', to: 'customer' }],
        verification: VERIFIED,
        idempotency: BY_WEBHOOK_ID,
      },
      SECRET,
    );
    const d = delivery('msg_enrol_1', { customer: 'm-enrolled' });
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(i % 2 ? a : b, 'enrol', d)));
    const originals = responses.filter((r) => r.headers.get('x-webhook-duplicate') === null);
    expect(originals).toHaveLength(1);
    for (const duplicate of responses.filter((r) => r !== originals[0])) expectDuplicateOf(duplicate, originals[0]);
    expect(await sql.eventsOf(tenant.accountId, 'm-enrolled')).toHaveLength(1);
    const outcomes = (await sql.logsOf(webhookId)).map((log) => log.outcome).sort();
    expect(outcomes).toEqual([...Array(9).fill('DUPLICATE'), 'PROCESSED']);
  });
});

describe('the window', () => {
  it('a duplicate after the window is processed again; expired keys are purged', async () => {
    const webhookId = await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'window',
        action: 'point_add',
        mapping: POINTS_MAPPING,
        verification: VERIFIED,
        idempotency: BY_WEBHOOK_ID,
      },
      SECRET,
    );
    await sql.enrol(tenant.accountId, 'm-window');
    const start = Date.now();
    frozenMs = start;
    const first = await deliver(a, 'window', delivery('msg_window', { customer: 'm-window', points: 1 }));
    expect(first.status).toBe(200);
    frozenMs = start + 59 * 60_000;
    const within = await deliver(b, 'window', delivery('msg_window', { customer: 'm-window', points: 1 }));
    expectDuplicateOf(within, first);
    expect(await points('m-window')).toBe(1);

    // A sender retrying after the window re-signs the same delivery id with a new timestamp.
    frozenMs = start + 61 * 60_000;
    const after = await deliver(b, 'window', delivery('msg_window', { customer: 'm-window', points: 1 }));
    expect(after.status).toBe(200);
    expect(after.headers.get('x-webhook-duplicate')).toBeNull();
    expect(after.json.eventId).not.toBe(first.json.eventId);
    expect(await points('m-window')).toBe(2);
    const [key] = await sql.rows(`SELECT request_log_id, expires_at FROM idempotency_keys WHERE webhook_id = $1`, [
      webhookId,
    ]);
    expect(key.request_log_id).toBe(after.headers.get('x-request-id'));

    // Purge: keys past their window go, live ones stay.
    await deliver(a, 'window', delivery('msg_window_other', { customer: 'm-window', points: 1 }));
    frozenMs = start + 61 * 60_000 + 30 * 60_000;
    await deliver(a, 'window', delivery('msg_window_late', { customer: 'm-window', points: 1 }));
    frozenMs = start + 61 * 60_000 + 61 * 60_000;
    expect(await a.ingestion.store.purgeExpiredKeys()).toBeGreaterThanOrEqual(2);
    const left = await sql.rows(`SELECT key FROM idempotency_keys WHERE webhook_id = $1`, [webhookId]);
    expect(left.map((row) => row.key)).toEqual(['msg_window_late']);
  });
});

describe('only PROCESSED requests hold a key', () => {
  it('a FILTERED request does not reserve its key: the same delivery id is processed later', async () => {
    const webhookId = await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'filtered',
        action: 'point_add',
        mapping: POINTS_MAPPING,
        verification: VERIFIED,
        idempotency: BY_WEBHOOK_ID,
        filter: {
          join: 'AND',
          conditions: [{ attribute: 'body.points', operator: 'GREATER_THAN', value: 0 }],
          groups: [],
        },
      },
      SECRET,
    );
    await sql.enrol(tenant.accountId, 'm-filtered');
    const filtered = await deliver(a, 'filtered', delivery('msg_filtered', { customer: 'm-filtered', points: 0 }));
    expect(filtered.status).toBe(422);
    expect(await logOf(sql, filtered)).toMatchObject({ outcome: 'FILTERED', idempotency_key: 'msg_filtered' });
    expect(await sql.rows(`SELECT * FROM idempotency_keys WHERE webhook_id = $1`, [webhookId])).toEqual([]);

    const processed = await deliver(a, 'filtered', delivery('msg_filtered', { customer: 'm-filtered', points: 4 }));
    expect(processed.status).toBe(200);
    expect(processed.headers.get('x-webhook-duplicate')).toBeNull();
    expect(await points('m-filtered')).toBe(4);
  });

  it('a request refused by the member rules (INSUFFICIENT_POINTS) does not hold it either', async () => {
    await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'debit',
        action: 'point_sub',
        mapping: POINTS_MAPPING,
        verification: VERIFIED,
        idempotency: BY_WEBHOOK_ID,
      },
      SECRET,
    );
    await sql.enrol(tenant.accountId, 'm-debit', 2);
    const d = delivery('msg_debit', { customer: 'm-debit', points: 5 });
    const refused = await deliver(a, 'debit', d);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('x-webhook-error')).toBe('INSUFFICIENT_POINTS');
    await sql.rows(`UPDATE customers SET points = 10 WHERE account_id = $1 AND external_id = 'm-debit'`, [
      tenant.accountId,
    ]);
    const processed = await deliver(b, 'debit', d);
    expect(processed.status).toBe(200);
    expect(await points('m-debit')).toBe(5);
    // Now it is held: a retry repeats the 200, even though the balance would refuse it now.
    const retried = await deliver(a, 'debit', d);
    expectDuplicateOf(retried, processed);
    expect(await points('m-debit')).toBe(5);
  });

  it('a checkout_accept retried gets its original 200, not DUPLICATE_TRANSACTION', async () => {
    await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'accept',
        action: 'checkout_accept',
        mapping: [
          { from: 'customer', to: 'customer' },
          { from: 'tx', to: 'data.transaction_id' },
        ],
        verification: VERIFIED,
        idempotency: BY_WEBHOOK_ID,
      },
      SECRET,
    );
    await sql.enrol(tenant.accountId, 'm-accept');
    const d = delivery('msg_accept', { customer: 'm-accept', tx: 'T-1' });
    const first = await deliver(a, 'accept', d);
    expect(first.status).toBe(200);
    expectDuplicateOf(await deliver(b, 'accept', d), first);
    // Another delivery of the same transaction is a new request: the event rules refuse it.
    const other = await deliver(a, 'accept', delivery('msg_accept_2', { customer: 'm-accept', tx: 'T-1' }));
    expect(other.status).toBe(422);
    expect(other.headers.get('x-webhook-error')).toBe('DUPLICATE_TRANSACTION');
  });
});

describe('the delivery id', () => {
  it('missing: 400 IDEMPOTENCY_KEY_MISSING, logged INVALID_REQUEST', async () => {
    await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'needs-key',
        action: 'point_add',
        mapping: POINTS_MAPPING,
        verification: { scheme: 'API_KEY' },
        idempotency: { key: 'headers.x-delivery' },
      },
      'api-key-for-keys-0123456',
    );
    const response = await send(
      a.url,
      hookPath(tenant, 'needs-key'),
      { customer: 'x', points: 1 },
      { headers: { 'x-api-key': 'api-key-for-keys-0123456' } },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('x-webhook-error')).toBe('IDEMPOTENCY_KEY_MISSING');
    expect(response.json.error.message).toContain('headers.x-delivery');
    expect(await logOf(sql, response)).toMatchObject({
      outcome: 'INVALID_REQUEST',
      error_code: 'IDEMPOTENCY_KEY_MISSING',
      idempotency_key: null,
    });
    // Unauthenticated requests are refused before the key is looked at; a key header they carry is recorded.
    const unauthenticated = await send(
      a.url,
      hookPath(tenant, 'needs-key'),
      { customer: 'x', points: 1 },
      { headers: { 'x-delivery': 'd-401' } },
    );
    expect(unauthenticated.status).toBe(401);
    expect(await logOf(sql, unauthenticated)).toMatchObject({ outcome: 'UNAUTHENTICATED', idempotency_key: 'd-401' });
  });

  it('in the body: read from the JSON; a body that is not JSON gets the JSON step’s 400', async () => {
    const webhookId = await createVerifiedWebhook(
      a.url,
      tenant,
      {
        endpoint: 'body-key',
        action: 'point_add',
        mapping: POINTS_MAPPING,
        verification: VERIFIED,
        idempotency: { key: 'body.source_request_id' },
      },
      SECRET,
    );
    await sql.enrol(tenant.accountId, 'm-body-key');
    const body = { customer: 'm-body-key', points: 3, source_request_id: 'src-1' };
    const first = await deliver(a, 'body-key', delivery('msg_a', body));
    expect(first.status).toBe(200);
    // Another webhook-id, same delivery id in the body: a duplicate.
    expectDuplicateOf(await deliver(b, 'body-key', delivery('msg_b', body)), first);
    const numeric = await deliver(a, 'body-key', delivery('msg_c', { ...body, source_request_id: 42 }));
    expect(numeric.status).toBe(200);
    expect((await logOf(sql, numeric)).idempotency_key).toBe('42');

    const notJson = await send(a.url, hookPath(tenant, 'body-key'), 'not json', {
      headers: {
        'content-type': 'application/json',
        ...standardWebhooksHeaders(SECRET, 'msg_d', nowSeconds(), 'not json'),
      },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-webhook-error')).toBe('INVALID_JSON');
    const missing = await deliver(a, 'body-key', delivery('msg_e', { customer: 'm-body-key', points: 3 }));
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-webhook-error')).toBe('IDEMPOTENCY_KEY_MISSING');
    const object = await deliver(a, 'body-key', delivery('msg_f', { ...body, source_request_id: { id: 1 } }));
    expect(object.status).toBe(400);
    expect(object.headers.get('x-webhook-error')).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await points('m-body-key')).toBe(6);
    expect((await sql.logsOf(webhookId)).filter((log) => log.outcome === 'PROCESSED')).toHaveLength(2);
  });

  it('keys are per webhook: one delivery id on two webhooks is two deliveries', async () => {
    for (const endpoint of ['per-webhook-1', 'per-webhook-2']) {
      await createVerifiedWebhook(
        a.url,
        tenant,
        { endpoint, action: 'point_add', mapping: POINTS_MAPPING, verification: VERIFIED, idempotency: BY_WEBHOOK_ID },
        SECRET,
      );
    }
    await sql.enrol(tenant.accountId, 'm-per-webhook');
    const d = delivery('msg_shared', { customer: 'm-per-webhook', points: 1 });
    expect((await deliver(a, 'per-webhook-1', d)).headers.get('x-webhook-duplicate')).toBeNull();
    expect((await deliver(a, 'per-webhook-2', d)).headers.get('x-webhook-duplicate')).toBeNull();
    expect(await points('m-per-webhook')).toBe(2);
  });
});
