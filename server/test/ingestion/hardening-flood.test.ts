import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../support/test-app.js';
import { logEntries, postHead, RawConnection, startHardenedApp } from './hardening-support.js';
import { archiveWebhook, createWebhook, hookPath, send, Sql, type Sent } from './support.js';

/**
 * Issue 13, item 5: nobody can fill the logs or the database. Requests to webhooks that take none keep no body
 * and are sampled; each webhook has a rate limit (429 + Retry-After, counted, not logged), shared through Redis
 * when REDIS_URL is set; an instance sheds load past its in-flight cap (503 + Retry-After) instead of queueing
 * on the database.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const POINTS = {
  action: 'point_add',
  mapping: [
    { from: 'id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
};

const guards = (perSecond: number, burst: number, maxInFlight = 256) => ({
  rateLimit: { perSecond, burst },
  maxInFlight,
  bodyTimeoutMs: 10_000,
});

function countStatuses(responses: Sent[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

describe('requests to a webhook that takes none', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let sql: Sql;

  beforeAll(async () => {
    t = await startHardenedApp();
    tenant = await createTenant(t.deps);
    sql = new Sql(t.database.url);
  });

  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  it('inactive: 404, the body is not kept, and past 20 a minute they are answered without a log', async () => {
    const id = await createWebhook(t.url, tenant, { endpoint: 'idle', ...POINTS }, false);
    const body = JSON.stringify({ id: 'c', points: 1, filler: 'x'.repeat(10_000) });
    const responses: Sent[] = [];
    for (let i = 0; i < 30; i++) responses.push(await send(t.url, hookPath(tenant, 'idle'), body));

    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('NOT_FOUND');
    }
    const logged = responses.filter((response) => response.headers.get('x-request-id') !== null);
    expect(logged).toHaveLength(20);
    const logs = await sql.logsOf(id);
    expect(logs).toHaveLength(20);
    for (const log of logs) {
      expect(log).toMatchObject({ outcome: 'NOT_ROUTABLE', status_code: 404, request_body: null });
      expect(log.error).toBe(
        `The webhook is inactive; activate it to accept requests. The body (${Buffer.byteLength(body)} bytes) is not kept.`,
      );
    }
  });

  it('archived: the same', async () => {
    const id = await createWebhook(t.url, tenant, { endpoint: 'gone', ...POINTS }, false);
    await archiveWebhook(t.url, tenant, id);
    const response = await send(t.url, hookPath(tenant, 'gone'), { id: 'c', points: 1, password: 'p' });
    expect(response.status).toBe(404);
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({ outcome: 'NOT_ROUTABLE', request_body: null });
    expect(log.error).toMatch(
      /^The webhook is archived; it accepts no requests\. The body \(\d+ bytes\) is not kept\.$/,
    );
  });

  it('another method: 405 + Allow, the body is not kept', async () => {
    const id = await createWebhook(t.url, tenant, { endpoint: 'post-only', ...POINTS });
    const response = await send(t.url, hookPath(tenant, 'post-only'), { id: 'c', points: 1 }, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.json.error.code).toBe('METHOD_NOT_ALLOWED');
    const [log] = await sql.logsOf(id);
    expect(log).toMatchObject({ outcome: 'NOT_ROUTABLE', status_code: 405, request_body: null });
    expect(log.error).toBe('This webhook accepts POST requests, not PUT. The body (21 bytes) is not kept.');
  });
});

describe('the per-webhook rate limit, counted per process (no REDIS_URL)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let sql: Sql;
  let stopped = false;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await startHardenedApp({ guards: guards(2, 3), logLines });
    tenant = await createTenant(t.deps);
    other = await createTenant(t.deps);
    sql = new Sql(t.database.url);
  });

  afterAll(async () => {
    if (stopped) return;
    await sql?.close();
    await t?.close();
  });

  it('answers 429 + Retry-After past the rate and its burst, logs none of them, and counts them', async () => {
    const id = await createWebhook(t.url, tenant, { endpoint: 'busy', ...POINTS });
    await sql.enrol(tenant.accountId, 'c');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => send(t.url, hookPath(tenant, 'busy'), { id: 'c', points: 1 })),
    );
    const statuses = countStatuses(responses);
    // 2 a second and a burst of 3: at least 5 pass, 7 at most should a second begin meanwhile.
    expect(statuses[200]).toBeGreaterThanOrEqual(5);
    expect(statuses[200]).toBeLessThanOrEqual(7);
    expect(statuses[200] + statuses[429]).toBe(20);
    for (const refused of responses.filter((response) => response.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('x-webhook-error')).toBe('RATE_LIMITED');
      expect(refused.headers.get('x-request-id')).toBeNull();
      expect(refused.json).toEqual({
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'Too many requests to this webhook; retry after the given delay.' },
      });
    }
    expect(await sql.logsOf(id)).toHaveLength(statuses[200]);

    // Another webhook (of another account) has its own budget.
    await createWebhook(t.url, other, { endpoint: 'calm', ...POINTS });
    await sql.enrol(other.accountId, 'c');
    for (let i = 0; i < 4; i++)
      expect((await send(t.url, hookPath(other, 'calm'), { id: 'c', points: 1 })).status).toBe(200);

    // The refusals are counted in one server log line per period (written at the latest when the server stops).
    stopped = true;
    await sql.close();
    await t.close();
    const counted = logEntries(logLines, /requests answered without a request log/);
    const total = counted.reduce((sum, entry) => sum + (entry.refused['rate-limited']?.[id] ?? 0), 0);
    expect(total).toBe(statuses[429]);
  });
});

describe('the rate limit across instances', () => {
  async function burstOnTwoInstances(redisUrl: string | undefined): Promise<Record<number, number>> {
    const a = await startHardenedApp({ guards: guards(1, 4), redisUrl });
    const b = await startHardenedApp({ guards: guards(1, 4), redisUrl, database: a.database });
    const sql = new Sql(a.database.url);
    try {
      const tenant = await createTenant(a.deps);
      await createWebhook(a.url, tenant, { endpoint: 'shared', ...POINTS });
      await sql.enrol(tenant.accountId, 'c');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          send(i % 2 === 0 ? a.url : b.url, hookPath(tenant, 'shared'), { id: 'c', points: 1 }),
        ),
      );
      return countStatuses(responses);
    } finally {
      await sql.close();
      await b.close();
      await a.close();
    }
  }

  it('with REDIS_URL, two instances share one budget', async () => {
    const statuses = await burstOnTwoInstances(REDIS_URL);
    // 1 a second and a burst of 4 in all: 5, or 6 should a second begin meanwhile (each instance alone: 10).
    expect(statuses[200]).toBeGreaterThanOrEqual(5);
    expect(statuses[200]).toBeLessThanOrEqual(6);
  });

  it('without REDIS_URL, each instance counts on its own', async () => {
    const statuses = await burstOnTwoInstances(undefined);
    expect(statuses[200]).toBeGreaterThanOrEqual(10);
    expect(statuses[200]).toBeLessThanOrEqual(12);
  });

  it('with Redis unreachable, each process counts on its own and ingestion goes on', async () => {
    const statuses = await burstOnTwoInstances('redis://127.0.0.1:1');
    expect(statuses[200]).toBeGreaterThanOrEqual(10);
    expect(statuses[200]).toBeLessThanOrEqual(12);
    expect(statuses[429]).toBeGreaterThan(0);
  });
});

describe('the in-flight cap', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let sql: Sql;

  beforeAll(async () => {
    t = await startHardenedApp({ guards: guards(1_000, 1_000, 2) });
    tenant = await createTenant(t.deps);
    sql = new Sql(t.database.url);
  });

  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  it('sheds requests past it with 503 + Retry-After, at once, while the admitted ones wait on the database', async () => {
    const id = await createWebhook(t.url, tenant, { endpoint: 'slow', ...POINTS });
    await sql.enrol(tenant.accountId, 'locked');
    await sql.enrol(tenant.accountId, 'free');
    const lock = new pg.Client({ connectionString: t.database.url });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query(`SELECT 1 FROM customers WHERE account_id = $1 AND external_id = 'locked' FOR UPDATE`, [
        tenant.accountId,
      ]);
      const waiting = [1, 2].map(() => send(t.url, hookPath(tenant, 'slow'), { id: 'locked', points: 1 }));
      // Both admitted requests are now waiting on the member's lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const shed = await send(t.url, hookPath(tenant, 'slow'), { id: 'free', points: 1 });
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.headers.get('x-request-id')).toBeNull();
      expect(shed.json).toEqual({ ok: false, error: { code: 'UNAVAILABLE' } });
      await lock.query('COMMIT');
      for (const response of await Promise.all(waiting)) expect(response.status).toBe(200);
      // Nothing of the shed request was stored.
      expect(await sql.eventsOf(tenant.accountId, 'free')).toEqual([]);
      expect(await sql.logsOf(id)).toHaveLength(2);
      // Once answered, they no longer count.
      expect((await send(t.url, hookPath(tenant, 'slow'), { id: 'free', points: 1 })).status).toBe(200);
    } finally {
      await lock.end();
    }
  });

  it('counts from the moment a body is read: senders trickling their bodies take no place', async () => {
    await createWebhook(t.url, tenant, { endpoint: 'trickled', ...POINTS });
    const trickling = await Promise.all([1, 2, 3].map(() => RawConnection.open(t.url)));
    try {
      for (const connection of trickling) {
        connection.write(postHead(hookPath(tenant, 'trickled'), 100));
        connection.write('{');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await send(t.url, hookPath(tenant, 'trickled'), { id: 'free', points: 1 });
      expect(response.status, response.text).toBe(200);
    } finally {
      for (const connection of trickling) connection.destroy();
    }
  });
});
