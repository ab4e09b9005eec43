/**
 * What both benchmarks (`ingest.ts`, `isolation.ts`) need around the servers they measure: a PostgreSQL server,
 * throwaway databases on it, child processes stopped in order, percentiles.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type Cleanups = (() => Promise<void>)[];

/**
 * What a run set up, undone in reverse order when it ends or is interrupted (Ctrl-C): databases dropped, children
 * stopped, the embedded PostgreSQL removed. A failing step is reported and the others still run.
 */
export function cleanupsOnExit(): { cleanups: Cleanups; cleanup: () => Promise<void> } {
  const cleanups: Cleanups = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse())
      await step().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  return { cleanups, cleanup };
}

/** A new database named `<prefix>_<pid>_<time>` on the server, dropped by the cleanups; returns its URL. */
export async function createBenchDatabase(serverUrl: string, prefix: string, cleanups: Cleanups): Promise<string> {
  const database = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  await admin(serverUrl, `CREATE DATABASE "${database}"`);
  cleanups.push(() => admin(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).then(() => undefined));
  return withDatabase(serverUrl, database);
}

/** DATABASE_URL's server, else an embedded PostgreSQL with durable settings, removed by the cleanups. */
export async function startDatabaseServer(cleanups: Cleanups): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const { startEmbeddedPostgres, isPortFree } = await import('../src/persistence/embedded-postgres.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'intake-bench-pg-'));
  // Run as root, the cluster belongs to the system user "postgres", which must be able to enter this directory.
  chmodSync(dir, 0o755);
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  let port = 0;
  for (let attempt = 0; attempt < 50 && port === 0; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 20_000);
    if (await isPortFree(candidate)) port = candidate;
  }
  if (port === 0) throw new Error('no free port for the embedded PostgreSQL');
  process.stdout.write(
    `DATABASE_URL is not set: starting the embedded PostgreSQL (durable settings) on 127.0.0.1:${port}\n`,
  );
  // Not ephemeral: fsync and synchronous_commit stay on, as in production.
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port });
  cleanups.push(() => embedded.stop());
  return embedded.url;
}

/** "PostgreSQL 15.x (fsync=on, synchronous_commit=on)": what the figures were measured against. */
export async function describePostgres(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('server_version') AS v, current_setting('fsync') AS f,
      current_setting('synchronous_commit') AS s`);
    return `PostgreSQL ${rows[0].v} (fsync=${rows[0].f}, synchronous_commit=${rows[0].s})`;
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a transaction block). */
export async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** SIGTERM, then SIGKILL after 10 s: a benchmark must end even when a child hangs. */
export async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => {
    process.stderr.write(`a child process (pid ${proc.pid}) did not stop within 10 s: killing it\n`);
    proc.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** The nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The key every benchmark server seals secrets with (throwaway databases; never a real key). */
export const BENCH_SECRET_KEY = Buffer.alloc(32, 7);

/** The app configuration every benchmark server shares; each adds what it measures (guards, log level). */
export function benchAppConfig(logLevel = 'warn') {
  return {
    publicUrl: 'http://127.0.0.1',
    sessionTtlMs: 3_600_000,
    secureCookies: false,
    logLevel,
    consoleDist: null,
    ingestBodyLimit: 1024 * 1024,
    secretKey: BENCH_SECRET_KEY,
  };
}
