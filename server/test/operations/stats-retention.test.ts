import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsExpiry } from '../../src/application/maintenance/stats-retention.js';
import type { StatsRetentionDetails } from '../../src/application/maintenance/stats-retention.js';
import { pgMaintenance } from '../../src/persistence/maintenance/index.js';
import { createWebhook, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 9: the statistics rollup lives alongside the partitioned logs. Minute rows expire with the logs
 * (LOG_RETENTION_DAYS), hour rows after 400 days, so charts of older periods by hour or day survive the logs; and
 * the maintenance moving rows out of the default partition does not count them twice.
 */

const DAY_MS = 86_400_000;
const RETENTION = 30;

const STATS = `query Stats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {
  webhook(id: $id) { stats(from: $from, to: $to, interval: $interval) { start total } }
}`;

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let webhookId: string;

const at = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - daysAgo * DAY_MS + 12 * 3_600_000);

async function insertLogs(when: Date, count: number): Promise<void> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await sql.rows(
    `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, status_code,
       response_body, response_headers, duration_ms, outcome)
     SELECT id, $2, $3, $4, 'POST', '/x', '{}', 200, '', '{}', 1, 'PROCESSED' FROM unnest($1::uuid[]) AS id`,
    [ids, tenant.accountId, webhookId, when],
  );
}

async function total(from: Date, to: Date, interval: 'MINUTE' | 'HOUR' | 'DAY'): Promise<number> {
  const result = await gql<{ webhook: { stats: { total: number }[] } }>(
    t.url,
    STATS,
    { id: webhookId, from: from.toISOString(), to: to.toISOString(), interval },
    { apiKey: tenant.adminKey },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.webhook.stats.reduce((sum, bucket) => sum + bucket.total, 0);
}

const dayOf = (when: Date): [Date, Date] => {
  const start = new Date(Math.floor(when.getTime() / DAY_MS) * DAY_MS);
  return [start, new Date(start.getTime() + DAY_MS)];
};

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  webhookId = await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'opt_in',
    mapping: [{ from: 'customer', to: 'customer' }],
  });
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('statistics rollup retention', () => {
  it('computes the boundaries in whole UTC days', () => {
    const { minutesBefore, hoursBefore } = statsExpiry(new Date('2026-12-01T15:30:00Z'), 30);
    expect(minutesBefore.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(hoursBefore.toISOString()).toBe('2025-10-27T00:00:00.000Z');
    expect(statsExpiry(new Date('2026-12-01T00:00:00Z'), 500).hoursBefore.toISOString()).toBe(
      '2025-07-19T00:00:00.000Z',
    );
  });

  it('drops expired minutes with the logs, keeps hours, and never counts a moved row twice', async () => {
    // 45 and 35 days ago: expired; 10 days ago: kept, but no partition exists for that day, so its rows wait in
    // the default partition until the maintenance gives the day a partition and moves them there.
    await insertLogs(at(45), 3);
    await insertLogs(at(35), 2);
    await insertLogs(at(10), 4);
    const inDefault = await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM request_logs_default`);
    expect(inDefault.n).toBe(9);
    for (const [daysAgo, n] of [
      [45, 3],
      [35, 2],
      [10, 4],
    ] as const) {
      expect(await total(...dayOf(at(daysAgo)), 'MINUTE')).toBe(n);
    }

    const report = await pgMaintenance(t.database.url, { logRetentionDays: RETENTION })();
    expect(report.ran).toBe(true);
    if (!report.ran) return;
    const step = report.steps.find((s) => s.step === 'statistics rollup')!;
    expect(step.problems).toEqual([]);
    expect((step.details as StatsRetentionDetails).minutesDeleted).toBe(2);
    expect((step.details as StatsRetentionDetails).hoursDeleted).toBe(0);

    // The logs of 10 days ago were moved into their day's partition: still counted once.
    const moved = await sql.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM request_logs WHERE webhook_id = $1 AND received_at >= $2 AND received_at < $3`,
      [webhookId, ...dayOf(at(10))],
    );
    expect(moved.n).toBe(4);
    expect(await total(...dayOf(at(10)), 'MINUTE')).toBe(4);
    expect(await total(...dayOf(at(10)), 'HOUR')).toBe(4);
    // Expired days: no logs, no minutes, but their hours (and so days) remain.
    for (const [daysAgo, n] of [
      [45, 3],
      [35, 2],
    ] as const) {
      const [from, to] = dayOf(at(daysAgo));
      const logs = await sql.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM request_logs WHERE received_at >= $1 AND received_at < $2`,
        [from, to],
      );
      expect(logs.n).toBe(0);
      expect(await total(from, to, 'MINUTE')).toBe(0);
      expect(await total(from, to, 'HOUR')).toBe(n);
      expect(await total(from, to, 'DAY')).toBe(n);
    }
  });
});
