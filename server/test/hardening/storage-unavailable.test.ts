import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { eventually } from '../ingestion/support.js';
import { parsePrometheusText, valueOf } from '../operations/prometheus-text.js';
import { TcpProxy } from './tcp-proxy.js';

/**
 * Issue 13, item 14 (GraphQL part): while the database cannot be used — unreachable, or a statement cut off under a
 * query — GraphQL answers UNAVAILABLE with HTTP 503 and Retry-After (retry), not INTERNAL_SERVER_ERROR 500 (a bug).
 * The faults are injected here: a proxy in front of PostgreSQL that the test cuts, and a backend terminated while
 * its query waits on a lock.
 */

let database: TestDatabase;
let proxy: TcpProxy;
let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  t = await startTestApp({ database, orm: { clientUrl: proxy.urlFor(database.url) } });
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await t?.close();
  await proxy?.cut();
  await database?.drop();
});

function expectUnavailable(result: Awaited<ReturnType<typeof gql>>) {
  expect(result.status).toBe(503);
  expect(result.headers.get('retry-after')).toBe('5');
  expect(result.errors!.length).toBeGreaterThan(0);
  for (const error of result.errors!) {
    expect(error.extensions).toEqual({ code: 'UNAVAILABLE', retryAfterSeconds: 5 });
    expect(error.message).toMatch(/unavailable for a moment/);
    expect(error.message).not.toMatch(/ECONN|select|relation|terminat/i);
  }
}

describe('GraphQL while the database is unreachable', () => {
  it('answers UNAVAILABLE with 503 + Retry-After, then serves again once the database is back', async () => {
    const before = await gql(t.url, '{ me { role } }', {}, { apiKey: tenant.readerKey });
    expect(before.data).toEqual({ me: { role: 'READER' } });

    const unavailable = async () => {
      const samples = parsePrometheusText(await (await fetch(`${t.url}/metrics`)).text());
      return valueOf(samples, 'intake_graphql_operations_total', {
        operation: '(anonymous)',
        error_code: 'UNAVAILABLE',
      });
    };
    const countedBefore = (await unavailable()) ?? 0;
    await proxy.cut();
    try {
      // The reader key was just verified (cached); its query's own read fails.
      expectUnavailable(await gql(t.url, '{ me { role } }', {}, { apiKey: tenant.readerKey }));
      // The admin key was never seen: its credentials are read first, that read fails, so the whole request is
      // unavailable — and still counted in the metrics, though no GraphQL plugin saw it.
      expectUnavailable(await gql(t.url, '{ webhooks { nodes { id } } }', {}, { apiKey: tenant.adminKey }));
      expect(await unavailable()).toBe(countedBefore + 2);
    } finally {
      await proxy.restore();
    }

    const after = await gql(t.url, '{ me { role } }', {}, { apiKey: tenant.readerKey });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ me: { role: 'READER' } });
  });
});

describe('GraphQL when its statement is cut off', () => {
  it('a query whose backend is terminated while it waits answers UNAVAILABLE with 503, not a 500', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const webhooks = await gql(
      t.url,
      'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }',
      {
        input: {
          name: 'Orders',
          method: 'POST',
          endpoint: 'orders',
          action: 'point_add',
          mapping: [{ from: 'customer', to: 'customer' }],
        },
      },
      { apiKey: tenant.adminKey },
    );
    const id = webhooks.data!.createWebhook.id as string;
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE request_logs IN ACCESS EXCLUSIVE MODE');
      const pending = gql(
        t.url,
        'query ($id: ID!) { webhook(id: $id) { logs { nodes { id } } } }',
        { id },
        {
          apiKey: tenant.adminKey,
        },
      );
      // The server's read of the logs now waits on the lock: end that backend, as a restart or an operator would.
      let terminated = 0;
      for (let i = 0; i < 100 && terminated === 0; i++) {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
        );
        for (const { pid } of rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        terminated = rows.length;
        if (terminated === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(terminated).toBeGreaterThan(0);
      expectUnavailable(await pending);
    } finally {
      await admin.query('ROLLBACK');
      await admin.end();
    }
    // Serving again: the pool may hand the next statement a connection that died with the terminated backend
    // (answered UNAVAILABLE, retry); it is discarded, and a retry succeeds.
    await eventually(async () => {
      const again = await gql(
        t.url,
        'query ($id: ID!) { webhook(id: $id) { logs { nodes { id } } } }',
        { id },
        {
          apiKey: tenant.adminKey,
        },
      );
      expect(again.errors).toBeUndefined();
      expect(again.data!.webhook.logs.nodes).toEqual([]);
    }, 5_000);
  });

  it('a failure that is our bug stays INTERNAL_SERVER_ERROR (a missing table is not "retry later")', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE webhooks RENAME TO webhooks_gone');
      const result = await gql(t.url, '{ webhooks { nodes { id } } }', {}, { apiKey: tenant.adminKey });
      expect(result.status).toBe(200);
      expect(result.headers.get('retry-after')).toBeNull();
      expect(result.errors![0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await admin.query('ALTER TABLE webhooks_gone RENAME TO webhooks');
      await admin.end();
    }
  });
});
