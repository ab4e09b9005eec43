import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/application/ingestion/ports.js';
import { startIngestion, type StartedIngestion } from '../../src/app.js';
import { DEFAULT_INGESTION_TUNING } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { eventually, Sql } from './support.js';

/**
 * Lost database connections are logged, not swallowed: the change listener's (warn, then info once it listens
 * again) and the ingestion pool's idle ones (warn). The server terminates them, as a restart or a failover would.
 */

interface Line {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

let database: TestDatabase;
let sql: Sql;
let ingestion: StartedIngestion;
const lines: Line[] = [];
const logger: Logger = {
  info: (details, message) => lines.push({ level: 'info', details, message }),
  warn: (details, message) => lines.push({ level: 'warn', details, message }),
  error: (details, message) => lines.push({ level: 'error', details, message }),
};

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new Sql(database.url);
  ingestion = startIngestion(database.url, DEFAULT_INGESTION_TUNING, logger);
  await ingestion.ready;
});

afterAll(async () => {
  await ingestion?.close();
  await sql?.close();
  await database?.drop();
});

function terminate(applicationName: string) {
  return sql.rows(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
    [applicationName],
  );
}

describe('a lost database connection', () => {
  it('of the change listener: a warning, then a line when it listens again', async () => {
    expect(lines).toEqual([]);
    await terminate('intake-webhook-cache');
    await eventually(async () =>
      expect(lines.map((line) => [line.level, line.message])).toEqual([
        ['warn', expect.stringMatching(/^webhook change listener: no database connection/)],
        ['info', 'webhook change listener: listening again'],
      ]),
    );
    expect(lines[0].details).toHaveProperty('err');
  });

  it('of an idle pooled connection: a warning; the pool replaces it', async () => {
    lines.length = 0;
    expect(await ingestion.store.findRoute('nobody', 'nothing')).toBeNull();
    await terminate('intake-ingestion');
    await eventually(async () =>
      expect(lines).toEqual([
        {
          level: 'warn',
          details: { err: expect.any(Error) },
          message: 'ingestion: an idle database connection failed; the pool replaces it',
        },
      ]),
    );
    expect(await ingestion.store.findRoute('nobody', 'nothing')).toBeNull();
  });
});
