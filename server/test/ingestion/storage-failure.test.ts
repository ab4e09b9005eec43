import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRequest } from '../../src/application/ingestion/ingest-request.js';
import { startIngestion } from '../../src/app.js';
import { DEFAULT_INGESTION_TUNING } from '../../src/config.js';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/**
 * Storage failing mid-request: a real failure inside the request's statement (a test-only trigger refusing the
 * request-log insert of marked requests, after the member update and the event insert ran), or a lock wait
 * past the statement timeout. Nothing may be left behind but a FAILED log; the sender gets 503 + Retry-After.
 */

const UNAVAILABLE = '{"ok":false,"error":{"code":"UNAVAILABLE"}}';

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let pointHook: string;
let optinHook: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  pointHook = await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    filter: { join: 'AND', conditions: [{ attribute: 'body.points', operator: 'GREATER_THAN', value: 0 }] },
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'points', to: 'data.points' },
      { from: 'note', to: 'data.reason' },
    ],
  });
  optinHook = await createWebhook(t.url, tenant, {
    endpoint: 'optin',
    action: 'opt_in',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'note', to: 'data.first_name' },
    ],
  });
  await sql.enrol(tenant.accountId, 'm1', 100);
  // FAIL-STORAGE: every log of the request fails except a FAILED one; FAIL-ALL: every log fails.
  await sql.rows(`
    CREATE FUNCTION test_fail_marked_logs() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.request_body LIKE '%FAIL-ALL%' OR (NEW.request_body LIKE '%FAIL-STORAGE%' AND NEW.outcome <> 'FAILED') THEN
        RAISE EXCEPTION 'test: request log refused';
      END IF;
      RETURN NEW;
    END $$`);
  await sql.rows(
    `CREATE TRIGGER test_fail_marked_logs BEFORE INSERT ON request_logs FOR EACH ROW EXECUTE FUNCTION test_fail_marked_logs()`,
  );
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

async function snapshot() {
  const [counts] = await sql.rows(`SELECT
    (SELECT count(*)::int FROM customer_events) AS events,
    (SELECT count(*)::int FROM customers) AS members,
    (SELECT count(*)::int FROM request_logs) AS logs,
    (SELECT coalesce(sum(points), 0)::text FROM customers) AS points,
    (SELECT max(updated_at) FROM customers) AS touched`);
  return counts;
}

function expectUnavailable(response: { status: number; text: string; headers: Headers }) {
  expect(response.status).toBe(503);
  expect(response.text).toBe(UNAVAILABLE);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.headers.get('x-webhook-error')).toBe('UNAVAILABLE');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}

async function expectOnlyFailedLog(response: { headers: Headers }, webhookId: string, before: Record<string, unknown>) {
  const id = response.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const log = await sql.log(id);
  expect(log).toMatchObject({
    webhook_id: webhookId,
    status_code: 503,
    outcome: 'FAILED',
    error_code: 'UNAVAILABLE',
    response_body: UNAVAILABLE,
    event_id: null,
  });
  expect(log.error).toMatch(/could not be stored/);
  expect(await snapshot()).toEqual({ ...before, logs: (before.logs as number) + 1 });
}

describe('a failure inside the request statement', () => {
  it('point_add: the balance, the events and the member are untouched; only a FAILED log remains', async () => {
    const before = await snapshot();
    const response = await send(t.url, hookPath(tenant, 'points'), {
      customer_id: 'm1',
      points: 5,
      note: 'FAIL-STORAGE',
    });
    expectUnavailable(response);
    await expectOnlyFailedLog(response, pointHook, before);
    expect(Number((await sql.member(tenant.accountId, 'm1')).points)).toBe(100);
  });

  it('opt_in: the member is not created', async () => {
    const before = await snapshot();
    const response = await send(t.url, hookPath(tenant, 'optin'), { customer_id: 'new-one', note: 'FAIL-STORAGE' });
    expectUnavailable(response);
    await expectOnlyFailedLog(response, optinHook, before);
    expect(await sql.member(tenant.accountId, 'new-one')).toBeNull();
  });

  it('a rejection whose log cannot be written is a 503 too, not its 422', async () => {
    const before = await snapshot();
    const response = await send(t.url, hookPath(tenant, 'points'), {
      customer_id: 'm1',
      points: -1,
      note: 'FAIL-STORAGE',
    });
    expectUnavailable(response);
    await expectOnlyFailedLog(response, pointHook, before);
  });

  it('when even the FAILED log cannot be written: 503 without X-Request-Id, nothing stored', async () => {
    const before = await snapshot();
    const response = await send(t.url, hookPath(tenant, 'points'), { customer_id: 'm1', points: 5, note: 'FAIL-ALL' });
    expectUnavailable(response);
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('a failing request committed together with others (group commit) fails alone', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => sql.enrol(tenant.accountId, `batch-${i}`, 0)));
    const before = await snapshot();
    const statsBefore = t.ingestion.store.stats;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(t.url, hookPath(tenant, 'points'), {
          customer_id: `batch-${i}`,
          points: 1,
          note: i === 7 ? 'FAIL-STORAGE' : 'fine',
        }),
      ),
    );
    responses.forEach((response, i) => expect(response.status, `request ${i}`).toBe(i === 7 ? 503 : 200));
    // They were committed together: the failure was isolated by retrying the batch's requests one by one.
    const stats = t.ingestion.store.stats;
    expect(stats.jobs - statsBefore.jobs).toBeGreaterThan(stats.batches - statsBefore.batches);
    expect(await sql.member(tenant.accountId, 'batch-7')).toMatchObject({ points: '0.0000' });
    const after = await snapshot();
    expect(after.events).toBe(before.events + 19);
    expect(after.logs).toBe(before.logs + 20);
    expect(Number(after.points)).toBe(Number(before.points) + 19);
  });

  it('the next request goes through', async () => {
    const response = await send(t.url, hookPath(tenant, 'points'), { customer_id: 'm1', points: 5, note: 'fine' });
    expect(response.status).toBe(200);
    expect(Number((await sql.member(tenant.accountId, 'm1')).points)).toBe(105);
  });
});

describe('a statement that times out (the service called without HTTP)', () => {
  it('a member row locked past the statement timeout: 503, nothing changed, a FAILED log', async () => {
    const runtime = startIngestion(t.database.url, { ...DEFAULT_INGESTION_TUNING, statementTimeoutMs: 300 }, t.app.log);
    const locker = new pg.Client({ connectionString: t.database.url });
    await locker.connect();
    try {
      await runtime.ready;
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM customers WHERE account_id = $1 AND external_id = 'm1' FOR UPDATE`, [
        tenant.accountId,
      ]);
      const before = await snapshot();
      const started = performance.now();
      const result = await ingestRequest(runtime, {
        accountSlug: tenant.slug,
        endpoint: 'points',
        method: 'POST',
        path: hookPath(tenant, 'points'),
        query: null,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ customer_id: 'm1', points: 7 })),
        bodyTooLarge: false,
        bodyLimitBytes: 1024 * 1024,
        receivedAt: new Date(),
        startedAt: started,
      });
      expect(result).toMatchObject({ statusCode: 503, body: UNAVAILABLE, outcome: 'FAILED' });
      expect(result.headers['retry-after']).toBe('5');
      expect(performance.now() - started).toBeLessThan(3_000);
      await locker.query('ROLLBACK');
      const log = await sql.log(result.logId);
      expect(log).toMatchObject({ outcome: 'FAILED', status_code: 503 });
      expect(log.error).toMatch(/took too long/);
      expect(await snapshot()).toEqual({ ...before, logs: (before.logs as number) + 1 });
      expect(Number((await sql.member(tenant.accountId, 'm1')).points)).toBe(105);
    } finally {
      await locker.end();
      await runtime.close();
    }
  });
});
