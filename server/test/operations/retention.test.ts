import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPartitionsDetails } from '../../src/application/maintenance/log-partitions.js';
import { MaintenanceSchedule } from '../../src/application/maintenance/maintenance-schedule.js';
import type { MaintenanceReport } from '../../src/application/maintenance/run-maintenance.js';
import { pgMaintenance } from '../../src/persistence/maintenance/index.js';
import { killSpawnedServers, freePort, spawnServer } from '../reliability/support.js';
import { archiveWebhook, createWebhook, hookPath, send, Sql } from '../ingestion/support.js';
import { createTestDatabase } from '../support/database.js';
import {
  createTenant,
  gql,
  startTestApp,
  TEST_SECRET_KEY,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

/**
 * Issue 9, retention (LOG_RETENTION_DAYS): the maintenance drops the partitions of expired days and only those,
 * keeps today's and the days ahead, moves rows out of the default partition, and leaves customer events alone —
 * the API then says their log has expired. Run against the real schema; "the past" is made by running the
 * maintenance with a clock set back, as it would have run then.
 */

const DAY_MS = 86_400_000;
const RETENTION = 30;
const MAPPING = [
  { from: 'customer', to: 'customer' },
  { from: 'points', to: 'data.points' },
];

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let webhookId: string;
let archivedId: string;

const startOfDay = (offset: number) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + offset * DAY_MS);
const day = (offset: number) => startOfDay(offset).toISOString().slice(0, 10);
const partition = (offset: number) => `request_logs_p${day(offset).replaceAll('-', '')}`;

function maintenance(clock?: () => number) {
  return pgMaintenance(t.database.url, { logRetentionDays: RETENTION }, { clock });
}

function details(report: MaintenanceReport): LogPartitionsDetails & { problems: string[] } {
  expect(report.ran).toBe(true);
  if (!report.ran) throw new Error('skipped');
  const [step] = report.steps;
  return { ...(step!.details as LogPartitionsDetails), problems: step!.problems };
}

async function partitions(): Promise<string[]> {
  const rows = await sql.rows<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'request_logs'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** A log written as ingestion writes it (the rows of the past cannot be sent now), with an event of `member`. */
async function insertLog(webhook: string, at: Date, member: string | null = 'm-1'): Promise<string> {
  const id = randomUUID();
  const eventId = member ? randomUUID() : null;
  await sql.rows(
    `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, status_code,
       response_body, response_headers, duration_ms, outcome, event_id)
     VALUES ($1, $2, $3, $4, 'POST', '/webhooks/custom/x/y', '{}', 200, '{"ok":true}', '{}', 1, 'PROCESSED', $5)`,
    [id, tenant.accountId, webhook, at, eventId],
  );
  if (member) {
    await sql.rows(
      `INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, webhook_id,
         request_log_id, created_at)
       SELECT $1, $2, c.id, c.external_id, 'point_add', '{"points":1}', $3, $4, $5
       FROM customers c WHERE c.account_id = $2 AND c.external_id = $6`,
      [eventId, tenant.accountId, webhook, id, at, member],
    );
  }
  return id;
}

const at = (offset: number, hours = 12) => new Date(startOfDay(offset).getTime() + hours * 3_600_000);

const EVENTS = `query { customer(id: "m-1") { events(first: 100) { nodes {
  id requestLog { id } requestLogExpired webhook { id }
} } } }`;

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  webhookId = await createWebhook(t.url, tenant, { endpoint: 'points', action: 'point_add', mapping: MAPPING });
  archivedId = await createWebhook(
    t.url,
    tenant,
    { endpoint: 'old-points', action: 'point_add', mapping: MAPPING },
    false,
  );
  await sql.enrol(tenant.accountId, 'm-1', 0);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('retention', () => {
  const logs: Record<string, string> = {};

  it('prepares the partitions of the days ahead, as it would have 37 days ago', async () => {
    const report = details(await maintenance(() => at(-37).getTime())());
    expect(report.created).toEqual([-37, -36, -35, -34, -33, -32, -31, -30].map(partition));
    expect(report.dropped).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it('drops the expired days only; moves default rows; keeps events, whose logs the API says expired', async () => {
    // Days −37 and −31 have expired (their partitions end at or before 00:00 UTC 30 days ago); day −30 has not.
    logs.old = await insertLog(webhookId, at(-37));
    logs.lastExpired = await insertLog(webhookId, at(-31, 23.99));
    logs.firstKept = await insertLog(webhookId, startOfDay(-30));
    logs.archived = await insertLog(archivedId, at(-35));
    // No partition for these days: the default partition takes them.
    logs.defaultExpired = await insertLog(webhookId, at(-45), null);
    logs.defaultKept = await insertLog(webhookId, at(-20));
    logs.defaultAhead = await insertLog(webhookId, at(20), null);
    const sent = await send(t.url, hookPath(tenant, 'points'), { customer: 'm-1', points: 5 });
    expect(sent.status).toBe(200);
    logs.today = sent.headers.get('x-request-id')!;
    await archiveWebhook(t.url, tenant, archivedId);
    const inDefault = await sql.rows(`SELECT id FROM request_logs_default ORDER BY received_at`);
    expect(inDefault.map((row) => row.id)).toEqual([logs.defaultExpired, logs.defaultKept, logs.defaultAhead]);
    const eventsBefore = await sql.one(`SELECT count(*)::int AS n FROM customer_events`);
    expect(eventsBefore.n).toBe(6);

    const report = details(await maintenance()());
    expect(report.problems).toEqual([]);
    expect(report.created).toEqual(expect.arrayContaining([partition(-20), partition(20)]));
    expect(report.moved).toEqual([
      { partition: partition(-20), rows: 1 },
      { partition: partition(20), rows: 1 },
    ]);
    expect(report.deletedFromDefault).toBe(1);
    expect(report.dropped).toEqual([-37, -36, -35, -34, -33, -32, -31].map(partition));

    const kept = [-30, -20, 0, 1, 2, 3, 4, 5, 6, 7, 20].map(partition);
    expect(await partitions()).toEqual([...kept, 'request_logs_default'].sort());
    const rows = await sql.rows(
      `SELECT id, tableoid::regclass::text AS partition FROM request_logs ORDER BY received_at`,
    );
    expect(rows).toEqual([
      { id: logs.firstKept, partition: partition(-30) },
      { id: logs.defaultKept, partition: partition(-20) },
      { id: logs.today, partition: partition(0) },
      { id: logs.defaultAhead, partition: partition(20) },
    ]);
    // Events are kept forever.
    expect((await sql.one(`SELECT count(*)::int AS n FROM customer_events`)).n).toBe(6);

    const admin = await gql(t.url, EVENTS, {}, { apiKey: tenant.adminKey });
    expect(admin.errors).toBeUndefined();
    const byLog = new Map(
      (await sql.rows(`SELECT id, request_log_id FROM customer_events`)).map((row) => [row.request_log_id, row.id]),
    );
    const seen = new Map<string, any>(admin.data!.customer.events.nodes.map((event: any) => [event.id, event]));
    const eventOf = (log: string) => seen.get(byLog.get(log)!);
    for (const expired of [logs.old, logs.lastExpired, logs.archived])
      expect(eventOf(expired!)).toMatchObject({ requestLog: null, requestLogExpired: true });
    for (const present of [logs.firstKept, logs.defaultKept, logs.today])
      expect(eventOf(present!)).toMatchObject({ requestLog: { id: present }, requestLogExpired: false });
    // A reader may not see the archived webhook nor its logs: neither is its log said to have expired.
    const reader = await gql(t.url, EVENTS, {}, { apiKey: tenant.readerKey });
    const readerEvent = reader.data!.customer.events.nodes.find((event: any) => event.id === byLog.get(logs.archived!));
    expect(readerEvent).toMatchObject({ webhook: null, requestLog: null, requestLogExpired: false });
    const expiredLog = await gql(
      t.url,
      `query($id: ID!) { requestLog(id: $id) { id } }`,
      { id: logs.old },
      {
        apiKey: tenant.adminKey,
      },
    );
    expect(expiredLog.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('has nothing to do on the next run, and ingestion and paging go on across the partitions', async () => {
    const again = await maintenance()();
    expect(again.ran && again.steps[0]).toMatchObject({ summary: '', problems: [] });

    for (let i = 0; i < 3; i++)
      expect((await send(t.url, hookPath(tenant, 'points'), { customer: 'm-1', points: 1 })).status).toBe(200);
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page = await gql(
        t.url,
        `query($id: ID!, $after: String) { webhook(id: $id) {
          logs(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
        { id: webhookId, after },
        { apiKey: tenant.adminKey },
      );
      expect(page.errors).toBeUndefined();
      const connection: any = page.data!.webhook.logs;
      ids.push(...connection.nodes.map((node: any) => node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    const expected = await sql.rows(
      `SELECT id FROM request_logs WHERE webhook_id = $1 ORDER BY received_at DESC, id DESC`,
      [webhookId],
    );
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(ids).toHaveLength(7);
  });

  it("stores requests in the default partition while today's is missing, and moves them into it", async () => {
    // As if the maintenance had not run for more than the days prepared ahead.
    await sql.rows(`ALTER TABLE request_logs DETACH PARTITION ${partition(0)}`);
    await sql.rows(`ALTER TABLE ${partition(0)} RENAME TO aside_today`);
    const sent = await send(t.url, hookPath(tenant, 'points'), { customer: 'm-1', points: 2 });
    expect(sent.status).toBe(200);
    const id = sent.headers.get('x-request-id');
    expect(await sql.one(`SELECT tableoid::regclass::text AS p FROM request_logs WHERE id = $1`, [id])).toEqual({
      p: 'request_logs_default',
    });

    const report = details(await maintenance()());
    expect(report).toMatchObject({
      created: [partition(0)],
      moved: [{ partition: partition(0), rows: 1 }],
      dropped: [],
    });
    expect(await sql.one(`SELECT tableoid::regclass::text AS p FROM request_logs WHERE id = $1`, [id])).toEqual({
      p: partition(0),
    });
    expect((await sql.one(`SELECT count(*)::int AS n FROM request_logs_default`)).n).toBe(0);
    expect((await send(t.url, hookPath(tenant, 'points'), { customer: 'm-1', points: 2 })).status).toBe(200);
  });

  it('keeps one day with LOG_RETENTION_DAYS=1: yesterday, today and the days ahead', async () => {
    const report = details(await pgMaintenance(t.database.url, { logRetentionDays: 1 })());
    expect(report.problems).toEqual([]);
    expect(report.dropped).toEqual([-30, -20].map(partition));
    const left = await partitions();
    expect(left).toEqual(expect.arrayContaining([0, 1, 7, 20].map(partition)));
    expect(left).toContain('request_logs_default');
  });
});

describe('the schedule', () => {
  it('runs at start and then every interval, logs what it did, and stops', async () => {
    await sql.rows(`ALTER TABLE request_logs DETACH PARTITION ${partition(7)}`);
    await sql.rows(`DROP TABLE ${partition(7)}`);
    const lines: string[] = [];
    const logger = {
      info: (_: object, message: string) => lines.push(message),
      warn: (_: object, message: string) => lines.push(`WARN ${message}`),
      error: (_: object, message: string) => lines.push(`ERROR ${message}`),
    };
    let runs = 0;
    const run = maintenance();
    const schedule = new MaintenanceSchedule(
      () => {
        runs++;
        return run();
      },
      logger,
      100,
    );
    schedule.start();
    await expect.poll(() => runs, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await schedule.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toBe(stoppedAt);
    expect(lines[0]).toBe(`maintenance: request log partitions: created ${partition(7)}`);
    expect(lines.filter((line) => line.startsWith('WARN') || line.startsWith('ERROR'))).toEqual([]);
  });

  it('logs a failure and carries on', async () => {
    const lines: string[] = [];
    const logger = {
      info: (_: object, message: string) => lines.push(message),
      warn: (_: object, message: string) => lines.push(`WARN ${message}`),
      error: (_: object, message: string) => lines.push(`ERROR ${message}`),
    };
    const unreachable = pgMaintenance('postgres://postgres@127.0.0.1:1/nowhere', { logRetentionDays: RETENTION });
    const schedule = new MaintenanceSchedule(unreachable, logger, 60_000);
    expect(await schedule.runNow()).toBeNull();
    await schedule.stop();
    expect(lines).toEqual([
      expect.stringMatching(/^WARN maintenance: could not run \(.*\); retrying at the next run$/),
    ]);
  });
});

describe('the server process', () => {
  it('runs the maintenance at start, after the migrations, and stops it on SIGTERM', async () => {
    const database = await createTestDatabase();
    try {
      const direct = new Sql(database.url);
      const last = `request_logs_p${new Date(Date.now() + 7 * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
      await direct.rows(`ALTER TABLE request_logs DETACH PARTITION ${last}`);
      await direct.rows(`DROP TABLE ${last}`);
      await direct.close();
      const server = spawnServer({
        DATABASE_URL: database.url,
        PORT: String(await freePort()),
        INTAKE_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
        LOG_LEVEL: 'info',
        LOG_RETENTION_DAYS: '10',
      });
      await server.waitFor(new RegExp(`maintenance: request log partitions: created ${last}`));
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      killSpawnedServers();
      await database.drop();
    }
  });
});
