import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, eventually, hookPath, send, Sql } from '../ingestion/support.js';
import { TcpProxy, viaPort } from './support.js';

/**
 * A connection killed under a statement: the request's batch is waiting on a member's lock when its backend is
 * terminated (pg_terminate_backend, as a failover or an administrator would), or when the network drops the
 * connection (the server reaches PostgreSQL through a proxy that the test makes drop every connection). The
 * outcome is unknown to the client, so the FAILED log settles it: 503 + Retry-After, nothing stored; the process
 * lives on and the next request is stored.
 */

let database: TestDatabase;
let proxy: TcpProxy;
let t: TestApp;
let tenant: TestTenant;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  const { hostname, port } = new URL(database.url);
  proxy = new TcpProxy({ host: hostname, port: Number(port || 5432) });
  t = await startTestApp({ database: { ...database, url: viaPort(database.url, await proxy.listen()) } });
  tenant = await createTenant(t.deps);
  // The test's own connections go straight to PostgreSQL: the proxy's faults are the server's alone.
  sql = new Sql(database.url);
  await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
  await sql.enrol(tenant.accountId, 'm1', 0);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
  await proxy?.close();
  await database?.drop();
});

const waitingBackends = `SELECT pid FROM pg_stat_activity
  WHERE datname = current_database() AND application_name = 'intake-ingestion' AND wait_event_type = 'Lock'`;

/**
 * Sends a request for m1 while the test holds m1's lock, runs `fault` once its batch waits on that lock, and
 * releases the lock `holdMs` later. Checks the 503 rule on the answer, and that the next request is stored.
 */
async function underFault(
  fault: () => Promise<unknown>,
  holdMs = 0,
  afterRelease: () => Promise<unknown> = async () => {},
) {
  const before = Number((await sql.member(tenant.accountId, 'm1')).points);
  const events = (await sql.eventsOf(tenant.accountId, 'm1')).length;
  const locker = new pg.Client({ connectionString: database.url });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query(`SELECT 1 FROM customers WHERE account_id = $1 AND external_id = 'm1' FOR UPDATE`, [
    tenant.accountId,
  ]);
  const pending = send(t.url, hookPath(tenant, 'points'), { customer_id: 'm1', points: 5 });
  try {
    await eventually(async () => expect(await sql.rows(waitingBackends)).toHaveLength(1));
    await fault();
    await new Promise((resolve) => setTimeout(resolve, holdMs));
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
  await afterRelease();
  const response = await pending;
  const stored = response.status === 200 ? 1 : 0;
  if (!stored) {
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  }
  expect(await sql.eventsOf(tenant.accountId, 'm1')).toHaveLength(events + stored);
  expect(Number((await sql.member(tenant.accountId, 'm1')).points)).toBe(before + 5 * stored);
  const next = await send(t.url, hookPath(tenant, 'points'), { customer_id: 'm1', points: 1 });
  expect(next.status).toBe(200);
  expect(Number((await sql.member(tenant.accountId, 'm1')).points)).toBe(before + 5 * stored + 1);
  return response;
}

describe('a connection lost under a waiting batch', () => {
  it('terminated by the server: 503 + Retry-After, only the FAILED log stored, and the server keeps serving', async () => {
    const response = await underFault(() => sql.rows(`SELECT pg_terminate_backend(pid) FROM (${waitingBackends}) w`));
    expect(response.status).toBe(503);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({ outcome: 'FAILED' });
  });

  it('dropped by the network while the lock is held on: the FAILED log comes first, and the batch, when it goes on alone, can no longer commit', async () => {
    // PostgreSQL does not notice a client gone while its statement waits: the batch goes on once the lock is free.
    const response = await underFault(async () => proxy.dropConnections(), 500);
    expect(response.status).toBe(503);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({ outcome: 'FAILED' });
  });

  it('dropped by the network just before the batch commits on its own: the FAILED log finds it, and the sender gets 200', async () => {
    // The proxy holds new connections until the lock is released and the batch, on its own, has committed: only
    // then can the FAILED log (on a new connection) get there.
    const response = await underFault(
      async () => {
        proxy.dropConnections();
        proxy.pause();
      },
      0,
      async () => {
        await eventually(async () => expect(await sql.rows(waitingBackends)).toHaveLength(0));
        await new Promise((resolve) => setTimeout(resolve, 200));
        proxy.resume();
      },
    );
    expect(response.status).toBe(200);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({ outcome: 'PROCESSED' });
  });
});
