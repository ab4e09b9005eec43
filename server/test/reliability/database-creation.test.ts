import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_DATABASE_SETTINGS, DEFAULT_INGESTION_TUNING } from '../../src/config.js';
import { isPortFree } from '../../src/persistence/embedded-postgres.js';
import { openDatabase } from '../../src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { withAdminClient, withDatabase } from '../support/postgres-admin.js';
import { TEST_SECRET_KEY } from '../support/test-app.js';
import { freePort, killSpawnedServers, spawnServer, withClient } from './support.js';

/**
 * Item 17: a mistyped database name in DATABASE_URL must not start an empty service. The database DATABASE_URL
 * names is never created (a missing one stops the start with its name); the demo account is created only on
 * the embedded default, or when asked (INTAKE_INIT_DEMO=1, --init). The embedded default still creates its own
 * `intake` database and prints the demo credentials, as the README's `pnpm start` promises.
 */

const missing = `intake_typo_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const secretKey = TEST_SECRET_KEY.toString('base64');
let database: TestDatabase;
let tempDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'intake-reliability-'));
  // The embedded PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
  chmodSync(tempDir, 0o755);
});

afterAll(async () => {
  killSpawnedServers();
  await withAdminClient(inject('databaseAdminUrl'), (c) => c.query(`DROP DATABASE IF EXISTS "${missing}"`));
  await database?.drop();
  rmSync(tempDir, { recursive: true, force: true });
});

const databaseExists = (name: string) =>
  withAdminClient(inject('databaseAdminUrl'), async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  });

const accounts = () =>
  withClient(database.url, async (c) => (await c.query<{ slug: string }>('SELECT slug FROM accounts')).rows);

describe('DATABASE_URL naming a database that does not exist', () => {
  it('stops the start with a message naming it, and does not create it', async () => {
    const url = withDatabase(inject('databaseAdminUrl'), missing);
    await expect(
      openDatabase(
        {
          databaseUrl: url,
          dataDir: tempDir,
          embeddedPostgresPort: 5488,
          database: DEFAULT_DATABASE_SETTINGS,
          ingestion: DEFAULT_INGESTION_TUNING,
        },
        () => {},
      ),
    ).rejects.toThrow(
      `The database "${missing}" does not exist on ${new URL(url).hostname}:${new URL(url).port || 5432}. Intake never creates the database DATABASE_URL names`,
    );
    expect(await databaseExists(missing)).toBe(false);
  });

  it('the server process exits 1 with that message', async () => {
    const server = spawnServer({
      DATABASE_URL: withDatabase(inject('databaseAdminUrl'), missing),
      PORT: String(await freePort()),
      INTAKE_SECRET_KEY: secretKey,
      INTAKE_DATA_DIR: tempDir,
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(
      new RegExp(`\\[intake\\] failed to start: The database "${missing}" does not exist on .*createdb ${missing}`),
    );
    expect(await databaseExists(missing)).toBe(false);
  });
});

describe('the demo account on a database of your own', () => {
  const start = async (extra: Record<string, string>, args: string[] = []) => {
    const server = spawnServer(
      {
        DATABASE_URL: database.url,
        PORT: String(await freePort()),
        INTAKE_SECRET_KEY: secretKey,
        INTAKE_DATA_DIR: tempDir,
        ...extra,
      },
      args,
    );
    await server.waitFor(/\[intake\] listening on /);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    return server.output();
  };

  it('is not created on an empty database unless asked; the start says how to make an account', async () => {
    const output = await start({});
    expect(output).toContain('This database has no account yet: create one with `pnpm cli account:create <slug>`');
    expect(output).not.toContain('Created the demo account');
    expect(await accounts()).toEqual([]);
  });

  it('is created with INTAKE_INIT_DEMO=1, and its credentials printed', async () => {
    const output = await start({ INTAKE_INIT_DEMO: '1' });
    expect(output).toContain('Created the demo account on this empty database. These credentials are shown once:');
    expect(output).toMatch(/API key: {2}ik_\S+/);
    expect(await accounts()).toEqual([{ slug: 'demo' }]);
  });

  it('with --init on a database that has accounts: nothing is created again', async () => {
    const output = await start({}, ['--init']);
    expect(output).not.toContain('Created the demo account');
    expect(output).not.toContain('no account yet');
    expect(await accounts()).toEqual([{ slug: 'demo' }]);
  });
});

describe('the embedded default (no DATABASE_URL)', () => {
  it('creates its own database and the demo account, prints the credentials, and stops PostgreSQL on SIGTERM', async () => {
    const pgPort = await freePort();
    const server = spawnServer({
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(pgPort),
      INTAKE_DATA_DIR: path.join(tempDir, 'embedded'),
    });
    await server.waitFor(/\[intake\] listening on /, 120_000);
    const output = server.output();
    expect(output).toContain('DATABASE_URL is not set: starting the embedded PostgreSQL');
    expect(output).toContain('Created the demo account on this empty database. These credentials are shown once:');
    expect(output).toMatch(/email: admin@demo\.local {3}password: \S+/);
    expect(await isPortFree(pgPort)).toBe(false);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // Stopped last, and stopped: its port is free again.
    expect(await isPortFree(pgPort)).toBe(true);
  }, 150_000);
});
