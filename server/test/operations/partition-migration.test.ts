import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../src/persistence/orm.js';
import { withAdminClient, withDatabase } from '../support/postgres-admin.js';
import { createTenant, gql, startTestApp, type TestApp } from '../support/test-app.js';
import type { TestDatabase } from '../support/database.js';

/**
 * Issue 9, retention: the migration that partitions request_logs by UTC day, run over a database that holds logs
 * of several days (and events pointing at them), migrated up to the migration before it. Every row is kept as it
 * was, in the partition of its UTC day whatever the session's TimeZone, and the API reads them across partitions.
 */

const BEFORE = 'Migration20261130000002LeanIdempotencyKeys';
const PARTITIONING = 'Migration20261201000001PartitionRequestLogs';
const DAY_MS = 86_400_000;

let database: TestDatabase;
let client: pg.Client;
let accountId: string;
let webhookId: string;
const logIds: string[] = [];
let before: { count: number; ids: string; rows: string };

/** A database of its own with no migration applied (the template has them all); dropped by the test run too. */
async function emptyDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const template = inject('templateDatabase');
  const name = `intake_t_${template.slice('intake_tpl_'.length)}_mig_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  // A session TimeZone far from UTC (+14) and a day-first DateStyle: partitions must not depend on either.
  await withAdminClient(adminUrl, async (c) => {
    await c.query(`ALTER DATABASE "${name}" SET timezone TO 'Pacific/Kiritimati'`);
    await c.query(`ALTER DATABASE "${name}" SET datestyle TO 'SQL, DMY'`);
  });
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () =>
      withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function migrate(options: { to?: string } = {}): Promise<void> {
  const orm: MikroORM = await openOrm(database.url);
  try {
    const [{ TimeZone }] = await orm.em.getConnection().execute('SHOW timezone');
    expect(TimeZone).toBe('Pacific/Kiritimati');
    await orm.getMigrator().up(options);
  } finally {
    await orm.close(true);
  }
}

/**
 * Count, ids and every column of every row, as text: equal before and after means nothing was lost or changed.
 * The columns added by later migrations (null on these rows) are left out: the customer, and replay's.
 */
async function fingerprint(): Promise<{ count: number; ids: string; rows: string }> {
  const { rows } = await client.query(`SELECT count(*)::int AS count,
      md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) AS ids,
      md5(coalesce(string_agg((to_jsonb(l) - 'customer_external_id' - 'original_sealed' - 'replay_of' - 'replayed_by' - 'replay_job_id')::text, '|' ORDER BY id), '')) AS rows
    FROM request_logs l`);
  return rows[0];
}

const utcMidnight = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - daysAgo * DAY_MS);

beforeAll(async () => {
  database = await emptyDatabase();
  await migrate({ to: BEFORE });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // This connection's own text of the rows (fingerprints) in UTC; the migration's sessions keep the database's +14.
  await client.query(`SET timezone TO 'UTC'`);
  await client.query(`SET datestyle TO 'ISO, YMD'`);
  accountId = randomUUID();
  webhookId = randomUUID();
  await client.query(`INSERT INTO accounts (id, slug, name) VALUES ($1, $2, 'Migrated')`, [
    accountId,
    `migrated-${accountId.slice(0, 8)}`,
  ]);
  await client.query(
    `INSERT INTO webhooks (id, account_id, name, method, endpoint, status, action, mapping)
     VALUES ($1, $2, 'Points', 'POST', 'points', 'ACTIVE', 'point_add', '[]')`,
    [webhookId, accountId],
  );
  // Six past days, each with a request at its first and at its last millisecond (UTC) and one at noon; one day
  // 90 days ago (older than any retention: the migration keeps it, only the maintenance expires logs).
  const times: Date[] = [new Date(utcMidnight(90).getTime() + 3_600_000)];
  for (let daysAgo = 6; daysAgo >= 1; daysAgo--) {
    const start = utcMidnight(daysAgo).getTime();
    times.push(new Date(start), new Date(start + DAY_MS / 2), new Date(start + DAY_MS - 1));
  }
  for (const [i, at] of times.entries()) {
    const id = randomUUID();
    logIds.push(id);
    await client.query(
      `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, query, request_headers,
         request_body, body_truncated, status_code, response_body, response_headers, duration_ms, outcome, error_code,
         error, event_id, idempotency_key, duplicate_of)
       VALUES ($1, $2, $3, $4, 'POST', '/webhooks/custom/x/points', $5, $6, $7, $8, $9, '{"ok":true}', $10, $11, $12,
         $13, $14, NULL, $15, NULL)`,
      [
        id,
        accountId,
        webhookId,
        at,
        i % 2 ? 'a=1' : null,
        { 'content-type': 'application/json', n: String(i) },
        `{"n":${i}}`,
        i % 3 === 0,
        i % 4 ? 200 : 422,
        { 'x-request-id': id },
        i + 0.25,
        i % 4 ? 'PROCESSED' : 'INVALID_EVENT',
        i % 4 ? null : 'INVALID_ATTRIBUTE',
        i % 4 ? null : 'points must be a number',
        i % 5 ? null : `delivery-${i}`,
      ],
    );
  }
  // A member with events registered by some of those requests, and one whose log is gone already.
  const customerId = randomUUID();
  await client.query(`INSERT INTO customers (id, account_id, external_id) VALUES ($1, $2, 'c-1')`, [
    customerId,
    accountId,
  ]);
  for (const logId of [logIds[0], logIds[5], logIds[18], randomUUID()]) {
    await client.query(
      `INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, webhook_id,
         request_log_id, created_at)
       VALUES (gen_random_uuid(), $1, $2, 'c-1', 'point_add', '{"points":1}', $3, $4, now())`,
      [accountId, customerId, webhookId, logId],
    );
  }
  before = await fingerprint();
  await migrate();
  // The application reads timestamps as ISO text (the server's default); only the migration had to do without it.
  await withAdminClient(inject('databaseAdminUrl'), async (c) => {
    await c.query(`ALTER DATABASE "${database.name}" RESET timezone`);
    await c.query(`ALTER DATABASE "${database.name}" RESET datestyle`);
  });
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('partitioning an existing request log table', () => {
  it('keeps every row and every column of it', async () => {
    expect(before.count).toBe(19);
    expect(await fingerprint()).toEqual(before);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM customer_events`);
    expect(rows[0].n).toBe(4);
  });

  it('puts each row into the partition of its UTC day, whatever the session TimeZone', async () => {
    const { rows } = await client.query(`SELECT tableoid::regclass::text AS partition,
        'request_logs_p' || to_char(received_at AT TIME ZONE 'UTC', 'YYYYMMDD') AS expected
      FROM request_logs`);
    expect(rows).toHaveLength(19);
    for (const row of rows) expect(row.partition).toBe(row.expected);
  });

  it('creates partitions for the days with rows, today and 7 days ahead, and an empty default one', async () => {
    const { rows } = await client.query<{ name: string; bound: string }>(`SELECT c.relname AS name,
        pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'request_logs'::regclass ORDER BY 1`);
    const name = (daysAgo: number) =>
      `request_logs_p${utcMidnight(daysAgo).toISOString().slice(0, 10).replaceAll('-', '')}`;
    const expected = [90, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7].map(name);
    expect(rows.map((row) => row.name)).toEqual([...expected, 'request_logs_default'].sort());
    expect(rows.find((row) => row.name === 'request_logs_default')?.bound).toBe('DEFAULT');
    // Bounds at 00:00 UTC (this session shows them in UTC).
    const { rows: today } = await client.query(
      `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE c.relname = $1`,
      [name(0)],
    );
    const day = (daysAgo: number) => utcMidnight(daysAgo).toISOString().slice(0, 10);
    expect(today[0].bound).toBe(`FOR VALUES FROM ('${day(0)} 00:00:00+00') TO ('${day(-1)} 00:00:00+00')`);
    const { rows: inDefault } = await client.query(`SELECT count(*)::int AS n FROM request_logs_default`);
    expect(inDefault[0].n).toBe(0);
  });

  it('has the primary key (id, received_at) and the same indexes; the foreign keys are gone', async () => {
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'request_logs' ORDER BY 1`,
    );
    expect(indexes.map((index) => index.name)).toEqual([
      'request_logs_account_customer_index',
      'request_logs_account_received_at_index',
      'request_logs_pkey',
      'request_logs_replay_job_index',
      'request_logs_webhook_id_received_at_id_index',
      'request_logs_webhook_outcome_index',
      'request_logs_webhook_status_index',
    ]);
    expect(indexes.find((index) => index.name === 'request_logs_pkey')!.definition).toContain('(id, received_at)');
    const { rows: keys } = await client.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = 'request_logs'::regclass AND contype = 'f' ORDER BY 1`,
    );
    // The partitioning recreated both keys; Migration20261213000001IngestionSpeed, which follows, drops them (its
    // delete triggers do what their ON DELETE did: test/operations/ingestion-speed-migration.test.ts).
    expect(keys).toEqual([]);
    const { rows: old } = await client.query(`SELECT to_regclass('request_logs_unpartitioned') AS old`);
    expect(old[0].old).toBeNull();
  });

  it('goes down to one plain table and up again with every row', async () => {
    const orm = await openOrm(database.url);
    try {
      // Down to the one before (the statistics' migration, which follows, goes down first).
      await orm.getMigrator().down({ to: PARTITIONING });
      const { rows } = await client.query(`SELECT relkind FROM pg_class WHERE relname = 'request_logs'`);
      expect(rows[0].relkind).toBe('r');
      expect(await fingerprint()).toEqual(before);
      await orm.getMigrator().up();
      const executed = (await orm.getMigrator().getExecutedMigrations()).map((migration) => migration.name);
      expect(executed).toContain(PARTITIONING);
    } finally {
      await orm.close(true);
    }
    expect(await fingerprint()).toEqual(before);
  });
});

describe('the API over the migrated logs', () => {
  let t: TestApp;
  let adminKey: string;

  beforeAll(async () => {
    t = await startTestApp({ database });
    // An API key of the migrated account (a fresh tenant's key is for another account).
    const tenant = await createTenant(t.deps);
    await client.query(`UPDATE api_keys SET account_id = $1 WHERE account_id = $2 AND role = 'ADMIN'`, [
      accountId,
      tenant.accountId,
    ]);
    adminKey = tenant.adminKey;
  });

  afterAll(async () => {
    await t?.close();
  });

  const LOGS = `query($id: ID!, $first: Int, $after: String) {
    webhook(id: $id) { logs(first: $first, after: $after) { nodes { id receivedAt } pageInfo { hasNextPage endCursor } } }
  }`;

  it('pages through every log, newest first, with pages that span a day boundary', async () => {
    const pages: { id: string; receivedAt: string }[][] = [];
    let after: string | null = null;
    do {
      const result = await gql(t.url, LOGS, { id: webhookId, first: 2, after }, { apiKey: adminKey });
      expect(result.errors).toBeUndefined();
      const connection: any = result.data!.webhook.logs;
      pages.push(connection.nodes);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    const { rows } = await client.query(
      `SELECT id FROM request_logs WHERE webhook_id = $1 ORDER BY received_at DESC, id DESC`,
      [webhookId],
    );
    expect(pages.flat().map((log) => log.id)).toEqual(rows.map((row) => row.id));
    const spanning = pages.filter((page) => new Set(page.map((log) => log.receivedAt.slice(0, 10))).size > 1);
    expect(spanning.length).toBeGreaterThan(0);
    // The last millisecond of a day and the first of the next are neighbours.
    const all = pages.flat();
    const midnight = utcMidnight(3).toISOString();
    const at = all.findIndex((log) => log.receivedAt === midnight);
    expect(all[at + 1]!.receivedAt).toBe(new Date(utcMidnight(3).getTime() - 1).toISOString());
  });

  it('links events to their logs across partitions, and says which log is gone', async () => {
    const result = await gql(
      t.url,
      `{ customer(id: "c-1") { events { nodes { requestLog { id receivedAt } requestLogExpired } } } }`,
      {},
      { apiKey: adminKey },
    );
    expect(result.errors).toBeUndefined();
    const events: any[] = result.data!.customer.events.nodes;
    const linked = events.filter((event) => event.requestLog).map((event) => event.requestLog.id);
    expect(linked.sort()).toEqual([logIds[0], logIds[5], logIds[18]].sort());
    expect(events.filter((event) => event.requestLogExpired)).toEqual([{ requestLog: null, requestLogExpired: true }]);
    const one = await gql(
      t.url,
      `query($id: ID!) { requestLog(id: $id) { id } }`,
      { id: logIds[0] },
      { apiKey: adminKey },
    );
    expect(one.data).toEqual({ requestLog: { id: logIds[0] } });
  });
});
