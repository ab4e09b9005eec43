import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from '../ingestion/support.js';

/**
 * Item 12: two server instances on one database, concurrent point_add and point_sub on shared members. Each
 * batch statement decides with the balance it locked and writes that balance: the answers are 200 or 422
 * INSUFFICIENT_POINTS, the balance CHECK never fires (no batch fails, so no request is written a second time
 * alone), balances never go negative and the stored events are exactly the successful answers.
 *
 * The fault is made certain rather than hoped for: the test holds the members' row locks while the requests
 * arrive, so every batch takes its snapshot before the lock is free, and the additions that commit ahead of a
 * subtraction raise the balance after that snapshot was taken.
 */

let first: TestApp;
let second: TestApp;
let tenant: TestTenant;
let sql: Sql;
let locker: pg.Client;

const ROUNDS = 12;
const REQUESTS_PER_ROUND = 48;
const members = ['shared-a', 'shared-b', 'shared-c'];

beforeAll(async () => {
  first = await startTestApp();
  second = await startTestApp({ database: first.database });
  tenant = await createTenant(first.deps);
  sql = new Sql(first.database.url);
  locker = new pg.Client({ connectionString: first.database.url });
  await locker.connect();
  const mapping = [
    { from: 'customer_id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ];
  await createWebhook(first.url, tenant, { endpoint: 'add', action: 'point_add', mapping });
  await createWebhook(first.url, tenant, { endpoint: 'sub', action: 'point_sub', mapping });
  for (const member of members) await sql.enrol(tenant.accountId, member, 0);
});

afterAll(async () => {
  await locker?.end();
  await sql?.close();
  await second?.close();
  await first?.close();
});

interface Sent {
  member: string;
  delta: number;
  status: number;
  reason: string | null;
}

describe('concurrent point_add and point_sub through two instances on shared members', () => {
  it('answers 200 or 422 INSUFFICIENT_POINTS only, never fails a batch, and stores exactly what it answered', async () => {
    const jobsBefore = first.ingestion.store.stats.jobs + second.ingestion.store.stats.jobs;
    const sent: Sent[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM customers WHERE account_id = $1 AND external_id = ANY($2) FOR UPDATE', [
        tenant.accountId,
        members,
      ]);
      const pending = Array.from({ length: REQUESTS_PER_ROUND }, (_, i) => {
        const member = members[(i >> 1) % members.length];
        const delta = i % 2 === 0 ? (i % 3) + 1 : -((i % 4) + 1);
        return send(i % 4 < 2 ? first.url : second.url, hookPath(tenant, delta > 0 ? 'add' : 'sub'), {
          customer_id: member,
          points: Math.abs(delta),
        }).then((response) => ({
          member,
          delta,
          status: response.status,
          reason: response.headers.get('x-webhook-error'),
        }));
      });
      // Every request is now waiting on the locks with its statement's snapshot taken, or queued behind one.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await locker.query('COMMIT');
      sent.push(...(await Promise.all(pending)));
    }

    const answers = new Set(sent.map((s) => `${s.status} ${s.reason ?? ''}`.trim()));
    expect([...answers].filter((answer) => answer !== '200' && answer !== '422 INSUFFICIENT_POINTS')).toEqual([]);
    expect(sent.filter((s) => s.delta > 0).every((s) => s.status === 200)).toBe(true);
    // One statement per batch, none failed: no request was run again on its own.
    const jobsAfter = first.ingestion.store.stats.jobs + second.ingestion.store.stats.jobs;
    expect(jobsAfter - jobsBefore).toBe(sent.length);

    for (const member of members) {
      const accepted = sent.filter((s) => s.member === member && s.status === 200);
      const row = await sql.member(tenant.accountId, member);
      expect(Number(row.points), member).toBe(accepted.reduce((sum, s) => sum + s.delta, 0));
      expect(Number(row.points), member).toBeGreaterThanOrEqual(0);
      expect(await sql.eventsOf(tenant.accountId, member), member).toHaveLength(accepted.length);
    }
  });
});
