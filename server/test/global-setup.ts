import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  startEmbeddedPostgres,
  isPortFree,
  type EmbeddedPostgresHandle,
} from '../src/persistence/embedded-postgres.js';
import { migrate, openOrm } from '../src/persistence/orm.js';
import { uniqueDatabaseName, withAdminClient, withDatabase } from './support/postgres-admin.js';
import './support/provided.js';

/**
 * Once per test run: find a PostgreSQL server (DATABASE_URL's, else an embedded throwaway one), migrate a template
 * database, and hand both to the test files, each of which clones the template into a database of its own.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgresHandle | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'intake-test-pg-'));
    // As root the cluster runs as the `postgres` user, which must be able to enter this folder.
    chmodSync(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(tempDir, 'data'),
      port: await freePort(),
      ephemeral: true,
    });
    adminUrl = embedded.url;
  }
  const template = uniqueDatabaseName('intake_tpl');
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${template}"`));
  const orm = await openOrm(withDatabase(adminUrl, template));
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await withAdminClient(adminUrl, async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [template, `intake_t_${template.slice('intake_tpl_'.length)}%`],
      );
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
    await embedded?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}

async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if (await isPortFree(port)) return port;
  }
  throw new Error('No free port found for the embedded PostgreSQL used by the tests.');
}
