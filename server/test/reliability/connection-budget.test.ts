import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connectionBudget, loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { withAdminClient } from '../support/postgres-admin.js';
import { createTenant, gql, TEST_SECRET_KEY } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from '../ingestion/support.js';
import { withClient } from './support.js';

/**
 * Item 14: the connection budget. The fault: the server connects as a role whose CONNECTION LIMIT the test sets
 * (PostgreSQL's own refusal, as with max_connections). An instance opens at most DB_POOL_SIZE + INGEST_POOL_SIZE
 * + 1 connections, so a limit of exactly that serves a load of GraphQL and ingestion without a refusal; and a
 * start while every slot is taken waits, saying why and what the instance needs, until one frees up.
 */

const role = `intake_limited_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const password = 'limited-role-password';
let database: TestDatabase;
let roleUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await withAdminClient(inject('databaseAdminUrl'), (c) =>
    c.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}' NOSUPERUSER CONNECTION LIMIT 5`),
  );
  await withClient(database.url, async (c) => {
    await c.query(`GRANT ALL ON SCHEMA public TO "${role}"`);
    await c.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO "${role}"`);
    await c.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
  });
  const url = new URL(database.url);
  url.username = role;
  url.password = password;
  roleUrl = url.toString();
});

afterAll(async () => {
  await database?.drop();
  await withAdminClient(inject('databaseAdminUrl'), (c) => c.query(`DROP ROLE IF EXISTS "${role}"`));
});

const setLimit = (limit: number) =>
  withAdminClient(inject('databaseAdminUrl'), (c) => c.query(`ALTER ROLE "${role}" CONNECTION LIMIT ${limit}`));

const connectionsOfRole = () =>
  withAdminClient(inject('databaseAdminUrl'), async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`,
      [role],
    );
    return rows[0].n;
  });

describe('pool sizes within the budget', () => {
  let opened: Database | undefined;

  afterAll(async () => {
    await opened?.close();
  });

  it('DB_POOL_SIZE=2, INGEST_POOL_SIZE=2: a limit of 5 connections serves GraphQL and ingestion under load', async () => {
    const config = loadConfig({
      DATABASE_URL: roleUrl,
      DB_POOL_SIZE: '2',
      INGEST_POOL_SIZE: '2',
      INGEST_BATCHES_IN_FLIGHT: '2',
      LOG_LEVEL: 'silent',
    });
    expect(connectionBudget(config)).toBe(5);
    await setLimit(5);
    opened = await openDatabase(config, () => {});
    const { app, deps } = await buildApp({ config: { ...config, secretKey: TEST_SECRET_KEY }, orm: opened.orm });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const sql = new Sql(database.url);
    try {
      const tenant = await createTenant(deps);
      await createWebhook(url, tenant, {
        endpoint: 'points',
        action: 'point_add',
        mapping: [
          { from: 'customer_id', to: 'customer' },
          { from: 'points', to: 'data.points' },
        ],
      });
      for (let i = 0; i < 20; i++) await sql.enrol(tenant.accountId, `m${i}`, 0);
      let most = 0;
      let loading = true;
      const watching = (async () => {
        while (loading) {
          most = Math.max(most, await connectionsOfRole());
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const [queries, ingested] = await Promise.all([
        Promise.all(
          Array.from({ length: 60 }, () =>
            gql(
              url,
              '{ me { account { slug } } webhooks(first: 5) { nodes { id } } }',
              {},
              { apiKey: tenant.adminKey },
            ),
          ),
        ),
        Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            send(url, hookPath(tenant, 'points'), { customer_id: `m${i % 20}`, points: 1 }),
          ),
        ),
      ]);
      loading = false;
      await watching;
      expect(queries.filter((q) => q.status !== 200 || q.errors).map((q) => q.errors?.[0]?.message)).toEqual([]);
      expect(ingested.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
      expect(most).toBeLessThanOrEqual(5);
    } finally {
      await sql.close();
      await app.close();
    }
  });
});

describe('a start while every connection slot is taken', () => {
  it('waits, says which limit and how many connections an instance needs, and starts once one frees up', async () => {
    await setLimit(2);
    const holders = await Promise.all(
      [0, 1].map(async () => {
        const client = new pg.Client({ connectionString: roleUrl });
        client.on('error', () => {});
        await client.connect();
        return client;
      }),
    );
    const lines: string[] = [];
    let released = false;
    const config = loadConfig({
      DATABASE_URL: roleUrl,
      DB_POOL_SIZE: '1',
      INGEST_POOL_SIZE: '1',
      INGEST_BATCHES_IN_FLIGHT: '1',
      LOG_LEVEL: 'silent',
    });
    const starting = openDatabase(config, (line) => {
      lines.push(line);
      // Once it has said why it waits, the slots free up.
      if (!released && /too many connections/.test(line)) {
        released = true;
        void Promise.all(holders.map((client) => client.end()));
      }
    });
    const opened = await starting;
    await opened.close();
    expect(released).toBe(true);
    expect(lines[0]).toMatch(
      /^waiting for PostgreSQL at [\d.]+:\d+\/\S+: PostgreSQL refused a connection: too many connections \(max_connections, or the CONNECTION LIMIT of the role or database\)\. Each instance opens up to 3 \(DB_POOL_SIZE \+ INGEST_POOL_SIZE \+ 1 listener\): raise the limit or lower the pool sizes; retrying for up to \d+(\.\d)? s \(DB_STARTUP_WAIT_MS\)$/,
    );
    expect(lines[lines.length - 1]).toMatch(/answers after \d/);
  });
});
