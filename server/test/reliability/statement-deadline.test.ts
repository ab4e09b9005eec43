import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql, type Sent } from '../ingestion/support.js';

/**
 * Item 15: the statement timeout (5 s by default) bounds every answer, whatever waits behind what. The fault: the
 * members table is locked for 15 s while requests keep arriving, more of them than the batches in flight can
 * take. No request is retried after a timeout (it would only wait again), queued requests give up at their own
 * deadline, and every answer follows the 503 rule (nothing stored but the FAILED log).
 */

const LOCK_MS = 15_000;
/** The statement timeout, plus the FAILED log and scheduling: "within about 6 s". */
const ANSWER_BOUND_MS = 6_500;

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
  for (let i = 0; i < 60; i++) await sql.enrol(tenant.accountId, `m${i}`, 0);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

interface Timed {
  response: Sent;
  ms: number;
}

describe('a 15 s lock on the members table', () => {
  it(
    'every answer arrives within about 6 s, is 503 + Retry-After, and nothing is stored',
    { timeout: 40_000 },
    async () => {
      const locker = new pg.Client({ connectionString: t.database.url });
      await locker.connect();
      const lockedAt = performance.now();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE customers IN EXCLUSIVE MODE');
      const pending: Promise<Timed>[] = [];
      try {
        // Six waves, half a second apart: the first four fill every batch slot, the last two queue behind them.
        for (let wave = 0; wave < 6; wave++) {
          for (let i = 0; i < 10; i++) {
            const started = performance.now();
            pending.push(
              send(t.url, hookPath(tenant, 'points'), { customer_id: `m${wave * 10 + i}`, points: 1 }).then(
                (response) => ({ response, ms: performance.now() - started }),
              ),
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const answers = await Promise.all(pending);
        const slowest = Math.max(...answers.map((a) => a.ms));
        expect(slowest).toBeLessThan(ANSWER_BOUND_MS);
        expect(performance.now() - lockedAt).toBeLessThan(LOCK_MS);
        for (const { response } of answers) {
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toBe('5');
        }
        await new Promise((resolve) => setTimeout(resolve, LOCK_MS - (performance.now() - lockedAt)));
      } finally {
        await locker.query('COMMIT');
        await locker.end();
      }
      // Nothing stored: no event, no balance, only FAILED logs (one per answer that named one).
      const [counts] = await sql.rows(`SELECT
      (SELECT count(*)::int FROM customer_events) AS events,
      (SELECT coalesce(sum(points), 0)::int FROM customers) AS points,
      (SELECT count(*)::int FROM request_logs WHERE outcome <> 'FAILED') AS other_logs`);
      expect(counts).toEqual({ events: 0, points: 0, other_logs: 0 });
      const after = await send(t.url, hookPath(tenant, 'points'), { customer_id: 'm0', points: 1 });
      expect(after.status).toBe(200);
    },
  );
});
