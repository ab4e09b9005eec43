import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durationBucket, HISTOGRAM_BUCKETS } from '../../src/domain/stats.js';
import { activateWebhook, createWebhook, deactivateWebhook, hookPath, send, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 9, per-webhook statistics: `Webhook.stats` is served from a rollup that the database keeps as logs are
 * stored. The rollup must equal what the logs say — counts exactly, percentiles within one histogram bucket
 * (25 %) — for real traffic, for logs written by many connections at once, and for any interval.
 */

const STATS = `query Stats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {
  webhook(id: $id) {
    stats(from: $from, to: $to, interval: $interval) {
      start total processed filtered invalid rejected duplicate failed p50Ms p95Ms
    }
  }
}`;

interface Bucket {
  start: string;
  total: number;
  processed: number;
  filtered: number;
  invalid: number;
  rejected: number;
  duplicate: number;
  failed: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

const CLASS_OF = `CASE
  WHEN outcome = 'PROCESSED' THEN 'processed' WHEN outcome = 'FILTERED' THEN 'filtered'
  WHEN outcome IN ('INVALID_REQUEST', 'INVALID_EVENT') THEN 'invalid'
  WHEN outcome IN ('UNAUTHENTICATED', 'NOT_ROUTABLE') THEN 'rejected'
  WHEN outcome = 'DUPLICATE' THEN 'duplicate' ELSE 'failed' END`;

const UNIT = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day' } as const;

/** Nearest-rank quantile, the definition the rollup estimates. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('Webhook.stats', () => {
  let t: TestApp;
  let sql: Sql;
  let tenant: TestTenant;
  let webhookId: string;

  const stats = async (from: Date, to: Date, interval: keyof typeof UNIT, apiKey = tenant.adminKey) => {
    const result = await gql<{ webhook: { stats: Bucket[] } | null }>(
      t.url,
      STATS,
      { id: webhookId, from: from.toISOString(), to: to.toISOString(), interval },
      { apiKey },
    );
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!.webhook!.stats;
  };

  /** Every bucket's counters and exact percentiles, computed from the logs themselves. */
  const fromLogs = async (from: Date, to: Date, interval: keyof typeof UNIT) => {
    const rows = await sql.rows<{ start: Date; class: string; n: number; durations: number[] }>(
      `SELECT date_trunc('${UNIT[interval]}', received_at, 'UTC') AS start, ${CLASS_OF} AS class, count(*)::int AS n,
         array_agg(duration_ms ORDER BY duration_ms) AS durations
       FROM request_logs WHERE webhook_id = $1 AND received_at >= $2 AND received_at < $3 GROUP BY 1, 2`,
      [webhookId, from, to],
    );
    const byStart = new Map<string, { counts: Record<string, number>; durations: number[] }>();
    for (const row of rows) {
      const key = row.start.toISOString();
      const entry = byStart.get(key) ?? { counts: {}, durations: [] };
      entry.counts[row.class] = row.n;
      entry.durations.push(...row.durations);
      byStart.set(key, entry);
    }
    return byStart;
  };

  const expectEqualToLogs = async (from: Date, to: Date, interval: keyof typeof UNIT) => {
    const buckets = await stats(from, to, interval);
    const expected = await fromLogs(from, to, interval);
    let seen = 0;
    for (const bucket of buckets) {
      const logs = expected.get(new Date(bucket.start).toISOString());
      const counts = logs?.counts ?? {};
      for (const counter of ['processed', 'filtered', 'invalid', 'rejected', 'duplicate', 'failed'] as const) {
        expect(bucket[counter], `${bucket.start} ${counter}`).toBe(counts[counter] ?? 0);
      }
      expect(bucket.total).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
      if (!logs) {
        expect(bucket.p50Ms).toBeNull();
        expect(bucket.p95Ms).toBeNull();
        continue;
      }
      seen += bucket.total;
      const sorted = logs.durations.sort((a, b) => a - b);
      for (const [q, estimate] of [
        [0.5, bucket.p50Ms],
        [0.95, bucket.p95Ms],
      ] as const) {
        const exact = exactQuantile(sorted, q);
        // Same histogram bucket as the exact value: within a factor 1.25 (bucket 0 holds everything ≤ 0.05 ms).
        if (durationBucket(exact) === 0) expect(estimate).toBe(0.05);
        else {
          expect(estimate!).toBeGreaterThanOrEqual(exact / 1.25);
          expect(estimate!).toBeLessThanOrEqual(exact * 1.25);
        }
      }
    }
    return { buckets, seen };
  };

  beforeAll(async () => {
    t = await startTestApp();
    sql = new Sql(t.database.url);
    tenant = await createTenant(t.deps);
    webhookId = await createWebhook(t.url, tenant, {
      endpoint: 'orders',
      action: 'point_add',
      filter: { join: 'AND', conditions: [{ attribute: 'body.paid', operator: 'EQUALS', value: true }] },
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    await sql.enrol(tenant.accountId, 'alice', 0);
  });

  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  it('counts real traffic by outcome class, exactly as the logs do', async () => {
    const path = hookPath(tenant, 'orders');
    const began = new Date();
    for (let i = 0; i < 4; i++)
      expect((await send(t.url, path, { customer: 'alice', points: 5, paid: true })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await send(t.url, path, { customer: 'alice', points: 5, paid: false })).status).toBe(422);
    expect((await send(t.url, path, "{'customer': 'alice'}")).status).toBe(400);
    expect((await send(t.url, path, { customer: 'alice', paid: true })).status).toBe(422);
    expect((await send(t.url, path, { customer: 'nobody', points: 1, paid: true })).status).toBe(422);
    await deactivateWebhook(t.url, tenant, webhookId);
    expect((await send(t.url, path, { customer: 'alice', points: 5, paid: true })).status).toBe(404);

    const from = new Date(began.getTime() - 60_000);
    const to = new Date(Date.now() + 60_000);
    const { seen } = await expectEqualToLogs(from, to, 'MINUTE');
    expect(seen).toBe(11);
    const [hour] = (await stats(from, to, 'HOUR')).filter((b) => b.total > 0);
    const total = (await stats(from, to, 'HOUR')).reduce((sum, b) => sum + b.total, 0);
    expect(total).toBe(11);
    expect(hour!.processed).toBeGreaterThanOrEqual(1);
    const minutes = await stats(from, to, 'MINUTE');
    expect(minutes.reduce((sum, b) => sum + b.processed, 0)).toBe(4);
    expect(minutes.reduce((sum, b) => sum + b.filtered, 0)).toBe(3);
    // 400 (single quotes), 422 (no points), 422 (unknown member): invalid request / invalid event.
    expect(minutes.reduce((sum, b) => sum + b.invalid, 0)).toBe(3);
    expect(minutes.reduce((sum, b) => sum + b.rejected, 0)).toBe(1);
  });

  it('equals the logs for rows written by many connections at once, by minute, hour and day', async () => {
    // Three days of history, written as 40 statements over 8 connections (different shards), with durations
    // spread from 0.02 ms to 20 s.
    const day0 = Date.UTC(2026, 10, 20);
    const writers = new Sql(t.database.url);
    const outcomes = [
      'PROCESSED',
      'FILTERED',
      'INVALID_EVENT',
      'INVALID_REQUEST',
      'UNAUTHENTICATED',
      'DUPLICATE',
      'FAILED',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const statements = Array.from({ length: 40 }, () => {
      const rows = Array.from({ length: 50 }, () => ({
        id: randomUUID(),
        at: new Date(day0 + Math.floor(random() * 3 * 86_400_000)),
        outcome: outcomes[Math.floor(random() * outcomes.length)]!,
        duration: 0.02 * 10 ** (random() * 6),
      }));
      return writers.rows(
        `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, status_code,
           response_body, response_headers, duration_ms, outcome)
         SELECT r.id, $1, $2, r.at, 'POST', '/x', '{}', 200, '', '{}', r.duration, r.outcome
         FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, at timestamptz, outcome text, duration float8)`,
        [tenant.accountId, webhookId, JSON.stringify(rows)],
      );
    });
    await Promise.all(statements);
    await writers.close();
    const shards = await sql.one<{ n: number }>(
      `SELECT count(DISTINCT shard)::int AS n FROM webhook_stats_hour WHERE webhook_id = $1 AND bucket < now() - interval '1 day'`,
      [webhookId],
    );
    expect(shards.n).toBeGreaterThan(1);

    const from = new Date(day0);
    const to = new Date(day0 + 3 * 86_400_000);
    expect((await expectEqualToLogs(from, to, 'DAY')).seen).toBe(2_000);
    const hours = await expectEqualToLogs(from, to, 'HOUR');
    expect(hours.buckets).toHaveLength(72);
    expect(hours.seen).toBe(2_000);
    // A day by minute: 1,440 buckets, starting at the minute `from` falls in.
    const minutes = await expectEqualToLogs(
      new Date(day0 + 86_400_000 + 30_000),
      new Date(day0 + 2 * 86_400_000),
      'MINUTE',
    );
    expect(minutes.buckets).toHaveLength(1_440);
    expect(minutes.buckets[0]!.start).toBe(new Date(day0 + 86_400_000).toISOString());
  });

  it('answers a list page in one go, each webhook with its own figures', async () => {
    const otherId = await createWebhook(t.url, tenant, {
      endpoint: 'refunds',
      action: 'point_add',
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    for (let i = 0; i < 2; i++)
      expect((await send(t.url, hookPath(tenant, 'refunds'), { customer: 'alice', points: 1 })).status).toBe(200);
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 60_000);
    const result = await gql<{ webhooks: { nodes: { id: string; stats: Bucket[] }[] } }>(
      t.url,
      `query List($from: DateTime!, $to: DateTime!) {
        webhooks(first: 20) { nodes { id stats(from: $from, to: $to, interval: HOUR) { total processed } } }
      }`,
      { from: from.toISOString(), to: to.toISOString() },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors).toBeUndefined();
    const totals = new Map(
      result.data!.webhooks.nodes.map((node) => [node.id, node.stats.reduce((sum, b) => sum + b.total, 0)]),
    );
    const counted = await sql.rows<{ webhook_id: string; n: number }>(
      `SELECT webhook_id, count(*)::int AS n FROM request_logs WHERE received_at >= $1 AND webhook_id = ANY($2) GROUP BY 1`,
      [new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000), [webhookId, otherId]],
    );
    expect(counted).toHaveLength(2);
    for (const row of counted) expect(totals.get(row.webhook_id)).toBe(row.n);
    expect(totals.get(otherId)).toBe(2);
  });

  it('puts durations in the same histogram buckets as the domain rule', async () => {
    const samples = [0, 0.01, 0.05, 0.0500001, 0.0625, 0.07, 0.3, 1, 2.5, 17.3, 999, 12_345, 50_000, 1e9];
    const rows = await sql.rows<{ ms: number; bucket: number }>(
      `SELECT ms, intake_duration_bucket(ms) AS bucket FROM unnest($1::float8[]) AS ms`,
      [samples],
    );
    for (const row of rows) expect(row.bucket, `${row.ms} ms`).toBe(durationBucket(row.ms));
    expect(Math.max(...rows.map((r) => r.bucket))).toBe(HISTOGRAM_BUCKETS - 1);
  });

  it('is readable by a READER and invisible to another account', async () => {
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date();
    // A READER sees active webhooks (the first test left this one inactive).
    await activateWebhook(t.url, tenant, webhookId);
    expect((await stats(from, to, 'HOUR', tenant.readerKey)).reduce((sum, b) => sum + b.total, 0)).toBe(11);
    const stranger = await createTenant(t.deps);
    const result = await gql(
      t.url,
      STATS,
      { id: webhookId, from: from.toISOString(), to: to.toISOString(), interval: 'HOUR' },
      { apiKey: stranger.adminKey },
    );
    expect(result.data?.webhook ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses an empty or reversed period and more than 1,500 buckets, naming the argument', async () => {
    const ask = (from: string, to: string, interval: string) =>
      gql(t.url, STATS, { id: webhookId, from, to, interval }, { apiKey: tenant.adminKey });
    const reversed = await ask('2026-11-30T10:00:00Z', '2026-11-30T09:00:00Z', 'MINUTE');
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(reversed.errors?.[0]?.message).toContain('later than');
    const tooMany = await ask('2026-11-29T00:00:00Z', '2026-11-30T01:01:00Z', 'MINUTE');
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(tooMany.errors?.[0]?.message).toContain('at most 1,500');
    const justRight = await ask('2026-11-29T00:00:00Z', '2026-11-30T01:00:00Z', 'MINUTE');
    expect(justRight.errors).toBeUndefined();
    expect(justRight.data!.webhook.stats).toHaveLength(1_500);
    const badInterval = await ask('2026-11-29T00:00:00Z', '2026-11-30T00:00:00Z', 'WEEK');
    expect(badInterval.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
