import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPartitionsDetails } from '../../src/application/maintenance/log-partitions.js';
import {
  runMaintenance,
  type MaintenanceReport,
  type MaintenanceStep,
} from '../../src/application/maintenance/run-maintenance.js';
import { maintenanceSteps } from '../../src/application/maintenance/steps.js';
import { MAINTENANCE_LOCK_KEY, PgMaintenanceRunner } from '../../src/persistence/maintenance/index.js';
import { createWebhook, hookPath, send, Sql } from '../ingestion/support.js';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 9, retention: the maintenance runs under a PostgreSQL advisory lock, so that of all the instances on one
 * database exactly one does it at a time. Each runner here has connections of its own, as two instances would.
 */

const DAY_MS = 86_400_000;

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let webhookId: string;

const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const partition = (offset: number) => `request_logs_p${day(offset).replaceAll('-', '')}`;
const now = () => new Date();

/** A maintenance "instance": a runner of its own (its own connection) with the real steps. */
function instance(options: { lockTimeoutMs?: number } = {}) {
  const runner = new PgMaintenanceRunner(t.database.url, options);
  const steps = maintenanceSteps({ logRetentionDays: 30 });
  return () => runMaintenance(runner, steps, now);
}

function partitionsDetails(report: MaintenanceReport): (LogPartitionsDetails & { problems: string[] }) | null {
  if (!report.ran) return null;
  return { ...(report.steps[0]!.details as LogPartitionsDetails), problems: report.steps[0]!.problems };
}

async function partitions(): Promise<string[]> {
  const rows = await sql.rows<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'request_logs'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** Drops a partition as the maintenance does (request_logs locked first: no deadlock with ingestion). */
async function dropPartition(offset: number): Promise<void> {
  await sql.rows(`DO $$ BEGIN
    LOCK TABLE ONLY request_logs IN ACCESS EXCLUSIVE MODE;
    DROP TABLE ${partition(offset)};
  END $$`);
}

async function insertLog(at: Date): Promise<string> {
  const id = randomUUID();
  await sql.rows(
    `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, status_code,
       response_body, response_headers, duration_ms, outcome)
     VALUES ($1, $2, $3, $4, 'POST', '/x', '{}', 200, '{}', '{}', 1, 'PROCESSED')`,
    [id, tenant.accountId, webhookId, at],
  );
  return id;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: t.database.url });
  // A test may terminate this connection's backend: its 'error' event must not end the test process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  webhookId = await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    mapping: [
      { from: 'customer', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
  await sql.enrol(tenant.accountId, 'm-1', 0);
  // Partitions of today and the 7 days ahead, whenever the template was migrated.
  await instance()();
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('the maintenance lock', () => {
  it('skips, changing nothing, while another session holds the lock; runs once it is released', async () => {
    await dropPartition(7);
    await withClient(async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [MAINTENANCE_LOCK_KEY]);
      // The documented key, as pg_locks shows it.
      const lock = await sql.one(
        `SELECT classid::int8 AS classid, objid::int8 AS objid, objsubid FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`,
      );
      expect(lock).toEqual({ classid: '26990', objid: '1952541541', objsubid: 1 });
      const skipped = await instance()();
      expect(skipped).toEqual({ ran: false, reason: 'another instance holds the maintenance lock' });
      expect(await partitions()).not.toContain(partition(7));
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [MAINTENANCE_LOCK_KEY]);
    });
    expect(partitionsDetails(await instance()())?.created).toEqual([partition(7)]);
  });

  it('is released when its holder loses its connection', async () => {
    await withClient(async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [MAINTENANCE_LOCK_KEY]);
      const { rows } = await holder.query('SELECT pg_backend_pid() AS pid');
      expect((await instance()()).ran).toBe(false);
      await sql.rows('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await expect.poll(async () => (await instance()()).ran, { timeout: 5_000 }).toBe(true);
    }).catch((error: unknown) => {
      // The holder's connection was terminated: ending it may fail.
      if (!/terminat|Connection/i.test(String(error))) throw error;
    });
  });

  it('lets exactly one of two instances started at once work, and never both at the same time', async () => {
    const intervals: { runner: string; start: number; end: number }[] = [];
    const probe = (runner: string): MaintenanceStep => ({
      name: 'probe',
      async run() {
        const start = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 150));
        intervals.push({ runner, start, end: performance.now() });
        return { summary: 'probed', problems: [], details: null };
      },
    });
    const [a, b] = [new PgMaintenanceRunner(t.database.url), new PgMaintenanceRunner(t.database.url)];
    for (let round = 0; round < 15; round++) {
      const reports = await Promise.all([runMaintenance(a, [probe('a')], now), runMaintenance(b, [probe('b')], now)]);
      expect(reports.filter((report) => report.ran)).toHaveLength(1);
      expect(reports.filter((report) => !report.ran)).toEqual([
        { ran: false, reason: 'another instance holds the maintenance lock' },
      ]);
    }
    expect(intervals).toHaveLength(15);
    const sorted = [...intervals].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
  });

  it('leaves a consistent state when instances race, many times, while requests are being stored', async () => {
    const sent: Promise<number>[] = [];
    let sending = true;
    const sender = (async () => {
      while (sending) {
        const batch = Array.from({ length: 5 }, () =>
          send(t.url, hookPath(tenant, 'points'), { customer: 'm-1', points: 1 }).then((r) => r.status),
        );
        sent.push(...batch);
        await Promise.all(batch);
      }
    })();
    try {
      for (let round = 1; round <= 8; round++) {
        // Work for the maintenance: days ahead missing, rows in the default partition (to move, and expired), an
        // expired day's partition with a row.
        await dropPartition(6);
        await dropPartition(7);
        const ahead = await insertLog(new Date(Date.now() + (10 + round) * DAY_MS));
        await insertLog(new Date(Date.now() - (100 + round) * DAY_MS));
        const [from, to] = [day(-40 - round), day(-39 - round)];
        await sql.rows(`CREATE TABLE ${partition(-40 - round)} PARTITION OF request_logs
          FOR VALUES FROM ('${from} 00:00:00+00') TO ('${to} 00:00:00+00')`);
        const expired = await insertLog(new Date(`${from}T12:00:00Z`));
        const reports = await Promise.all([instance()(), instance()(), instance()()]);
        const worked = reports.map(partitionsDetails).filter((details) => details !== null);
        for (const details of worked) expect(details.problems).toEqual([]);
        const created = worked.flatMap((details) => details.created);
        expect(created.sort()).toEqual([partition(6), partition(7), partition(10 + round)].sort());
        expect(worked.flatMap((details) => details.moved)).toEqual([{ partition: partition(10 + round), rows: 1 }]);
        expect(worked.reduce((sum, details) => sum + details.deletedFromDefault, 0)).toBe(1);
        expect(worked.flatMap((details) => details.dropped)).toEqual([partition(-40 - round)]);
        expect(await sql.rows(`SELECT id FROM request_logs WHERE id = $1`, [expired])).toEqual([]);
        expect((await sql.one(`SELECT count(*)::int AS n FROM request_logs_default`)).n).toBe(0);
        expect((await sql.log(ahead)).id).toBe(ahead);
      }
    } finally {
      sending = false;
      await sender;
    }
    const statuses = await Promise.all(sent);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Every request answered 200 is logged, and registered its event once.
    const stored = await sql.one(`SELECT count(*)::int AS logs FROM request_logs WHERE path LIKE '/webhooks/%'`);
    expect(stored.logs).toBe(statuses.length);
    const events = await sql.one(`SELECT count(*)::int AS n FROM customer_events`);
    expect(events.n).toBe(statuses.length);
    const member = await sql.member(tenant.accountId, 'm-1');
    expect(Number(member!.points)).toBe(statuses.length);
  });

  it('gives up a change it cannot lock quickly (ingestion must not queue behind it), and does it next time', async () => {
    await dropPartition(7);
    await withClient(async (reader) => {
      // A long read of the default partition: attaching a partition must lock it exclusively.
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM request_logs_default');
      const started = performance.now();
      const report = partitionsDetails(await instance({ lockTimeoutMs: 200 })());
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(report?.created).toEqual([]);
      expect(report?.problems).toEqual([
        expect.stringMatching(new RegExp(`^creating the partition of ${day(7)}: .*lock timeout`)),
      ]);
      // Nothing half done: no table left behind.
      expect((await sql.one(`SELECT to_regclass($1) AS t`, [partition(7)])).t).toBeNull();
      await reader.query('COMMIT');
    });
    expect(partitionsDetails(await instance()())?.created).toEqual([partition(7)]);
  });
});
