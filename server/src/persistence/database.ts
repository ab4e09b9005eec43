import path from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { connectionBudget, type Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { migrate, openOrm, ormPool } from './orm.js';

const EMBEDDED_DATABASE = 'intake';
/** One connection attempt of the start-up check: a server that accepts but does not answer counts as down. */
const ATTEMPT_TIMEOUT_MS = 5_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 2_000;

export interface Database {
  url: string;
  orm: MikroORM;
  /** True when this process started the embedded PostgreSQL. */
  embedded: boolean;
  close(): Promise<void>;
}

export type DatabaseConfig = Pick<
  Config,
  'databaseUrl' | 'dataDir' | 'embeddedPostgresPort' | 'database' | 'ingestion'
>;

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data directory (creating its `intake`
 * database), waits for the database to take connections, then applies migrations. A database that cannot be
 * reached yet (down, starting, paused, out of connections) is retried for `database.startupWaitMs`, saying
 * why; one that does not exist, or refuses the credentials, stops the start at once. `signal` abandons it.
 */
export async function openDatabase(
  config: DatabaseConfig,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<Database> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = config.databaseUrl;
  try {
    if (!url) {
      const dataDir = path.join(config.dataDir, 'postgres');
      log(
        `DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${dataDir}, port ${config.embeddedPostgresPort})`,
      );
      embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPostgresPort });
      url = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
    }
    await waitForDatabase(url, {
      waitMs: config.database.startupWaitMs,
      budget: connectionBudget(config),
      log,
      signal,
    });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  let orm: MikroORM;
  try {
    orm = await openOrm(url, { pool: ormPool(config.database.poolSize) });
    await migrate(orm);
  } catch (error) {
    await embedded?.stop();
    throw new Error(`Cannot use the database at ${redactUrl(url)}: ${describe(error)}`, { cause: error });
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

/** Why PostgreSQL cannot be used yet, or `fatal` when waiting would not help. */
interface Refusal {
  fatal: boolean;
  reason: string;
}

/**
 * Connects once and runs `SELECT 1`, retrying while the refusal is one that passes (see `classify`), for
 * `waitMs` at most. Says why it waits (once per reason), and when it got through after waiting.
 */
export async function waitForDatabase(
  url: string,
  options: { waitMs: number; budget: number; log: (line: string) => void; signal?: AbortSignal },
): Promise<void> {
  const { log, signal } = options;
  const started = Date.now();
  const deadline = started + options.waitMs;
  let lastReason: string | null = null;
  let retryMs = FIRST_RETRY_MS;
  for (;;) {
    signal?.throwIfAborted();
    const refusal = await tryConnect(url, Math.max(1_000, Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now())));
    if (refusal === null) {
      if (lastReason !== null) log(`PostgreSQL at ${where(url)} answers after ${seconds(Date.now() - started)}`);
      return;
    }
    const reason = refusal.reason === 'too many connections' ? tooManyConnections(options.budget) : refusal.reason;
    if (refusal.fatal) throw new Error(reason);
    if (Date.now() + retryMs > deadline) {
      throw new Error(
        `PostgreSQL at ${where(url)} was not available within ${seconds(options.waitMs)} (DB_STARTUP_WAIT_MS): ${reason}`,
      );
    }
    if (reason !== lastReason) {
      log(
        `waiting for PostgreSQL at ${where(url)}: ${reason}; retrying for up to ${seconds(deadline - Date.now())} (DB_STARTUP_WAIT_MS)`,
      );
      lastReason = reason;
    }
    await sleep(retryMs, signal);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
}

async function tryConnect(url: string, timeoutMs: number): Promise<Refusal | null> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'intake-start',
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return classify(error, url);
  } finally {
    void client.end().catch(() => {});
  }
}

/** What a failed connection attempt says, in words an operator can act on, and whether waiting may help. */
function classify(error: unknown, url: string): Refusal {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const database = decodeURIComponent(new URL(url).pathname.slice(1)) || '(default)';
  if (code === '3D000') {
    return {
      fatal: true,
      reason:
        `The database "${database}" does not exist on ${where(url, false)}. Intake never creates the database ` +
        'DATABASE_URL names (a mistyped name would start an empty service): create it (e.g. `createdb ' +
        `${database}\`) or correct DATABASE_URL.`,
    };
  }
  if (code === '28P01' || code === '28000') {
    return { fatal: true, reason: `PostgreSQL at ${where(url)} refused the credentials of DATABASE_URL: ${message}` };
  }
  if (code === '53300') return { fatal: false, reason: 'too many connections' };
  if (code === '57P03') return { fatal: false, reason: `PostgreSQL is not accepting connections yet (${message})` };
  if (code === 'ECONNREFUSED') return { fatal: false, reason: 'nothing accepts connections there' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { fatal: false, reason: `the host is unknown (${message})` };
  if (/timeout|terminated|ECONNRESET|EHOSTUNREACH|ETIMEDOUT/i.test(`${code} ${message}`)) {
    return { fatal: false, reason: `no answer (${message})` };
  }
  if (error instanceof pg.DatabaseError) return { fatal: true, reason: `PostgreSQL refused: ${message}` };
  return { fatal: false, reason: message };
}

function tooManyConnections(budget: number): string {
  return (
    'PostgreSQL refused a connection: too many connections (max_connections, or the CONNECTION LIMIT of the role ' +
    `or database). Each instance opens up to ${budget} (DB_POOL_SIZE + INGEST_POOL_SIZE + 1 listener): raise the ` +
    'limit or lower the pool sizes'
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
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

/** host:port/database of a URL, for messages (no credentials). */
function where(url: string, withDatabase = true): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${withDatabase ? parsed.pathname : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 100) / 10)} s`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
