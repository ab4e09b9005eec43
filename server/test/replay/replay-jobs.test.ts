import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createTenant, gql, ok, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, eventually, hookPath, send, Sql, updateWebhook } from '../ingestion/support.js';
import { TcpProxy, viaPort } from '../reliability/support.js';

/**
 * Bulk replays with two instances on one database: instance A reaches PostgreSQL through a proxy that the test
 * closes mid-job (every connection of A dropped, as if its host died); B takes the job over.
 */

const LOGS = 1_000;
const POLL_MS = 50;

let database: TestDatabase;
let proxy: TcpProxy;
let a: TestApp;
let b: TestApp;
let sql: Sql;
let tenant: TestTenant;
let webhookId: string;

const JOB = `id status total done processed createdAt finishedAt`;
const REPLAY_ALL = `mutation($selection: LogSelectionInput!) { replayRequests(selection: $selection) { ${JOB} } }`;
const GET_JOB = `query($id: ID!) { replayJob(id: $id) { ${JOB} } }`;
const CANCEL = `mutation($id: ID!) { cancelReplayJob(id: $id) { ${JOB} } }`;

const admin = (app: TestApp, query: string, variables: Record<string, unknown>) =>
  gql(app.url, query, variables, { apiKey: tenant.adminKey }).then(ok);
const job = async (app: TestApp, id: string) => (await admin(app, GET_JOB, { id })).replayJob;
const filterOn = (kind: string) => ({
  join: 'AND',
  conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: kind }],
});

beforeAll(async () => {
  database = await createTestDatabase();
  const { hostname, port } = new URL(database.url);
  proxy = new TcpProxy({ host: hostname, port: Number(port || 5432) });
  a = await startTestApp({
    database: { ...database, url: viaPort(database.url, await proxy.listen()) },
    config: { replayPollMs: POLL_MS },
  });
  b = await startTestApp({ database, config: { replayPollMs: POLL_MS } });
  sql = new Sql(database.url);
  tenant = await createTenant(b.deps);
  webhookId = await createWebhook(b.url, tenant, {
    endpoint: 'bulk',
    action: 'point_add',
    filter: filterOn('purchase'),
    mapping: [
      { from: 'member', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
  await sql.rows(
    `INSERT INTO customers (id, account_id, external_id, points)
     SELECT gen_random_uuid(), $1, 'm-' || i, 0 FROM generate_series(0, $2 - 1) i`,
    [tenant.accountId, LOGS],
  );
  // Every request is refused by the filter ("order" is not "purchase").
  const queue = Array.from({ length: LOGS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const sent = await send(b.url, hookPath(tenant, 'bulk'), { kind: 'order', member: `m-${i}`, points: 1 });
        expect(sent.headers.get('x-webhook-error')).toBe('FILTERED');
      }
    }),
  );
}, 120_000);

afterAll(async () => {
  await b?.close();
  await a?.close().catch(() => {});
  await proxy?.close().catch(() => {});
  await sql?.close();
  await database?.drop();
});

describe('replayRequests', () => {
  it('replays every matching log exactly once, though the instance running the job dies mid-way', async () => {
    await updateWebhook(b.url, tenant, webhookId, { filter: filterOn('order') });
    const counted = await admin(a, `query($s: LogSelectionInput!) { replayCount(selection: $s) }`, {
      s: { webhookId, outcome: 'FILTERED' },
    });
    expect(counted.replayCount).toBe(LOGS);
    // Created on A: A's runner claims it at once.
    const created = (await admin(a, REPLAY_ALL, { selection: { webhookId, outcome: 'FILTERED' } })).replayRequests;
    expect(created).toMatchObject({ total: LOGS, done: 0, processed: 0 });
    expect(['QUEUED', 'RUNNING']).toContain(created.status);

    await eventually(async () => expect((await job(b, created.id)).done).toBeGreaterThanOrEqual(200), 60_000, 5);
    await proxy.close();
    // Killed mid-way: the job was not finished when its instance died.
    const [atKill] = await sql.rows(`SELECT status, done FROM replay_jobs WHERE id = $1`, [created.id]);
    expect(atKill!.status).not.toBe('DONE');

    const finished = await eventually(
      async () => {
        const current = await job(b, created.id);
        expect(current.status).toBe('DONE');
        return current;
      },
      120_000,
      50,
    );
    expect(finished).toMatchObject({ total: LOGS, done: LOGS, processed: LOGS });
    expect(finished.finishedAt).not.toBeNull();

    const [replays] = await sql.rows(
      `SELECT count(*)::int AS logs, count(DISTINCT replay_of)::int AS originals,
         count(*) FILTER (WHERE outcome = 'PROCESSED')::int AS processed
       FROM request_logs WHERE replay_job_id = $1`,
      [created.id],
    );
    expect(replays).toEqual({ logs: LOGS, originals: LOGS, processed: LOGS });
    const [events] = await sql.rows(
      `SELECT count(*)::int AS n, count(DISTINCT customer_id)::int AS members
      FROM customer_events WHERE account_id = $1`,
      [tenant.accountId],
    );
    expect(events).toEqual({ n: LOGS, members: LOGS });
  }, 180_000);

  it('stops at the next chunk when cancelled', async () => {
    // The same FILTERED originals again: each replay is now a DUPLICATE of the first job's.
    const created = (await admin(b, REPLAY_ALL, { selection: { webhookId, outcome: 'FILTERED' } })).replayRequests;
    await eventually(async () => expect((await job(b, created.id)).done).toBeGreaterThan(0), 30_000, 5);
    const cancelled = (await admin(b, CANCEL, { id: created.id })).cancelReplayJob;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.done).toBeLessThan(cancelled.total);

    // A job created after it runs to its end: the runner has passed the cancelled job by then.
    const later = (await admin(b, REPLAY_ALL, { selection: { webhookId, receivedAfter: new Date().toISOString() } }))
      .replayRequests;
    await eventually(async () => expect((await job(b, later.id)).status).toBe('DONE'), 30_000, 20);

    const after = await job(b, created.id);
    expect(after).toMatchObject({ status: 'CANCELLED', done: cancelled.done });
    const [replays] = await sql.rows(
      `SELECT count(*)::int AS logs, count(*) FILTER (WHERE outcome = 'DUPLICATE')::int AS duplicates
       FROM request_logs WHERE replay_job_id = $1`,
      [created.id],
    );
    expect(replays).toEqual({ logs: cancelled.done, duplicates: cancelled.done });
  }, 60_000);
});
