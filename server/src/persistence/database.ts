import path from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { migrate, openOrm } from './orm.js';

const EMBEDDED_DATABASE = 'intake';

export interface Database {
  url: string;
  orm: MikroORM;
  /** True when this process started the embedded PostgreSQL. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data directory, then applies migrations.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'embeddedPostgresPort'>,
  log: (line: string) => void,
): Promise<Database> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const dataDir = path.join(config.dataDir, 'postgres');
    log(
      `DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${dataDir}, port ${config.embeddedPostgresPort})`,
    );
    embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPostgresPort });
    url = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
  }
  let orm: MikroORM;
  try {
    orm = await openOrm(url);
    await migrate(orm);
  } catch (error) {
    await embedded?.stop();
    throw new Error(
      `Cannot use the database at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return {
    url,
    orm,
    embedded: embedded !== undefined,
    close: async () => {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
