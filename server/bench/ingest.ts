/**
 * Ingestion benchmark: `pnpm bench:ingest`.
 *
 * Starts PostgreSQL (DATABASE_URL's server, else the embedded one with its durable defaults), creates a fresh
 * database, seeds an account, an active point_add webhook and 1,000 members, then drives two servers in turn with
 * autocannon (50 connections, a short warm-up, then 10 s):
 *   1. baseline — a bare `node:http` server doing two inserts per request with `pg` (an event and a request log)
 *      in one transaction: BEGIN, INSERT, INSERT, COMMIT;
 *   2. intake — the real application (`buildApp`), full pipeline: route, config cache, filter, mapping,
 *      conversion, event rules, redaction, and the event + balance update + request log in one statement.
 * Each server runs in a child process of its own, so autocannon (in this process) does not share its event loop.
 * Afterwards it checks that every 2xx was stored, prints a table, and removes everything it created.
 * Only loopback addresses are used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const MEASURE_SECONDS = 10;
const MEMBERS = 1_000;
const POOL_SIZE = 20;
const TARGET_RATIO = 1.5;
const TARGET_P99_MS = 20;
const SHARED_SECRET = 'bench-secret-7f3a';

const THIS_FILE = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// autocannon has no type declarations: the part used here.

interface Histogram { average: number; p50: number; p99: number; max: number }
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string }
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  requests: { setupRequest(request: AutocannonRequest): AutocannonRequest }[];
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------------------------------------------------------------------------------------------------------------
// Shared by both servers: one request body per member, in turn.

function makeBody(i: number): string {
  return JSON.stringify({ customer_id: `member-${i % MEMBERS}`, points: 5, reason: 'bench purchase', order: { id: `o-${i}`, total: 42.5 } });
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes.

async function serveBaseline(url: string, accountId: string, webhookId: string): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const insertEvent = `INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, webhook_id, request_log_id)
    SELECT $1, $2, c.id, $3, 'point_add', $4::jsonb, $5, $6 FROM customers c WHERE c.account_id = $2 AND c.external_id = $3`;
  const insertLog = `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, query, request_headers,
    request_body, status_code, response_body, response_headers, duration_ms, outcome, event_id)
    VALUES ($1, $2, $3, $4, $5, $6, NULL, $7::jsonb, $8, 200, $9, '{}'::jsonb, $10, 'PROCESSED', $11)`;
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const receivedAt = new Date();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const eventId = randomUUID();
        const logId = randomUUID();
        const response = JSON.stringify({ ok: true, eventId });
        const client = await pool.connect();
        try {
          const body = JSON.parse(raw) as { customer_id: string; points: number; reason: string };
          await client.query('BEGIN');
          await client.query({ name: 'event', text: insertEvent, values: [eventId, accountId, body.customer_id, JSON.stringify({ points: body.points, reason: body.reason }), webhookId, logId] });
          await client.query({ name: 'log', text: insertLog, values: [logId, accountId, webhookId, receivedAt, req.method, req.url, JSON.stringify(req.headers), raw, response, performance.now() - started, eventId] });
          await client.query('COMMIT');
          res.writeHead(200, { 'content-type': 'application/json' }).end(response);
        } catch {
          await client.query('ROLLBACK').catch(() => {});
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"ok":false}');
        } finally {
          client.release();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  };
}

async function serveIntake(url: string): Promise<() => Promise<void>> {
  await import('reflect-metadata');
  const { openOrm } = await import('../src/persistence/orm.js');
  const { buildApp } = await import('../src/app.js');
  const orm = await openOrm(url);
  // The production logger, at "warn": no access-log lines per request (an operational choice, not ingestion).
  const { ingestionRuntimeFor } = await import('../src/application/ingestion/ingestion-runtime.js');
  const { app, deps } = await buildApp({
    orm,
    config: {
      publicUrl: 'http://127.0.0.1', sessionTtlMs: 3_600_000, secureCookies: false, logLevel: 'warn', consoleDist: null,
      ingestBodyLimit: 1024 * 1024,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.server.address() as AddressInfo).port}\n`);
  return async () => {
    process.stdout.write(`STATS ${JSON.stringify(ingestionRuntimeFor(deps).store.stats)}\n`);
    await app.close();
    await orm.close(true);
  };
}

async function child(role: string): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL!;
  const stop = role === 'baseline'
    ? await serveBaseline(url, process.env.BENCH_ACCOUNT_ID!, process.env.BENCH_WEBHOOK_ID!)
    : await serveIntake(url);
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
}

interface Child { process: ChildProcess; port: number; output(): string }

function startChild(role: string, env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, [...process.execArgv, THIS_FILE, 'serve', role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`the ${role} server did not start within 60 s`)), 60_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /READY (\d+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve({ process: proc, port: Number(match[1]), output: () => buffered });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${role} server exited with code ${code}`));
    });
  });
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

interface Row {
  name: string;
  result: AutocannonResult;
  stored: string;
  commits: string;
}

async function load(port: number, urlPath: string, seconds: number, offset: number): Promise<AutocannonResult> {
  let next = offset;
  return autocannon({
    url: `http://127.0.0.1:${port}${urlPath}`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-intake-secret': SHARED_SECRET },
    requests: [{ setupRequest: (request) => ({ ...request, body: makeBody(next++) }) }],
  });
}

async function measure(name: string, port: number, urlPath: string, offset: number): Promise<AutocannonResult> {
  process.stdout.write(`  ${name}: warm-up ${WARMUP_SECONDS} s, then ${MEASURE_SECONDS} s at ${CONNECTIONS} connections\n`);
  await load(port, urlPath, WARMUP_SECONDS, offset);
  return load(port, urlPath, MEASURE_SECONDS, offset + 1_000_000);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return child(process.argv[3]);

  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    const serverUrl = await startDatabaseServer(cleanups);
    const database = `intake_bench_${process.pid}_${Date.now().toString(36)}`;
    await admin(serverUrl, `CREATE DATABASE "${database}"`);
    cleanups.push(() => admin(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).then(() => undefined));
    const url = withDatabase(serverUrl, database);
    const seed = await seedDatabase(url);
    const settings = await describeServer(url);

    process.stdout.write(`\nIngestion benchmark — node ${process.version}, ${os.cpus().length} CPUs, ${settings}\n`);
    const rows: Row[] = [];
    for (const [name, role, urlPath] of [
      ['baseline: node:http + pg, BEGIN/INSERT/INSERT/COMMIT', 'baseline', '/ingest'],
      ['intake: full pipeline + balance update', 'intake', `/webhooks/custom/${seed.slug}/purchase`],
    ] as const) {
      const before = await counts(url);
      const server = await startChild(role, { BENCH_DATABASE_URL: url, BENCH_ACCOUNT_ID: seed.accountId, BENCH_WEBHOOK_ID: seed.webhookId });
      let result: AutocannonResult;
      try {
        result = await measure(role, server.port, urlPath, rows.length * 10_000_000);
      } finally {
        await stopChild(server.process);
      }
      const after = await counts(url);
      rows.push({ name, result, stored: await checkStored(role, before, after), commits: commitsOf(role, server.output(), after.logs - before.logs) });
    }
    printTable(rows);
  } finally {
    await cleanup();
  }
}

async function startDatabaseServer(cleanups: (() => Promise<void>)[]): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const { startEmbeddedPostgres, isPortFree } = await import('../src/persistence/embedded-postgres.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'intake-bench-pg-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  let port = 0;
  for (let attempt = 0; attempt < 50 && port === 0; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 20_000);
    if (await isPortFree(candidate)) port = candidate;
  }
  if (port === 0) throw new Error('no free port for the embedded PostgreSQL');
  process.stdout.write(`DATABASE_URL is not set: starting the embedded PostgreSQL (durable settings) on 127.0.0.1:${port}\n`);
  // Not ephemeral: fsync and synchronous_commit stay on, as in production.
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port });
  cleanups.push(() => embedded.stop());
  return embedded.url;
}

async function seedDatabase(url: string): Promise<{ accountId: string; webhookId: string; slug: string }> {
  await import('reflect-metadata');
  const { openOrm, migrate } = await import('../src/persistence/orm.js');
  const { createAccount } = await import('../src/application/accounts/create-account.js');
  const { createWebhook } = await import('../src/application/webhooks/create-webhook.js');
  const { changeWebhookStatus } = await import('../src/application/webhooks/change-webhook-status.js');
  const orm = await openOrm(url);
  try {
    await migrate(orm);
    const deps = { orm, publicUrl: 'http://127.0.0.1', sessionTtlMs: 3_600_000 };
    const account = await createAccount(deps, 'bench', 'Benchmark');
    const actor = { accountId: account.id, accountSlug: account.slug, role: 'ADMIN' as const, label: 'bench' };
    const webhook = await createWebhook(deps, actor, {
      name: 'Purchase points',
      method: 'POST',
      endpoint: 'purchase',
      action: 'point_add',
      filter: {
        join: 'AND',
        conditions: [
          { attribute: 'headers.x-intake-secret', operator: 'EQUALS', value: SHARED_SECRET },
          { attribute: 'body.points', operator: 'GREATER_THAN', value: 0 },
        ],
        groups: [],
      },
      mapping: [
        { from: 'customer_id', to: 'customer', replace: [] },
        { from: 'points', to: 'data.points', replace: [] },
        { from: 'reason', to: 'data.reason', default: 'purchase', replace: [] },
        { from: 'order.id', to: 'data.order_id', replace: [] },
      ],
      successResponse: null,
      errorResponse: null,
    });
    await changeWebhookStatus(deps, actor, webhook.id, 'ACTIVATE');
    await orm.em.getConnection().execute(
      `INSERT INTO customers (id, account_id, external_id, points) SELECT gen_random_uuid(), ?, 'member-' || i, 0 FROM generate_series(0, ?) AS i`,
      [account.id, MEMBERS - 1],
    );
    return { accountId: account.id, webhookId: webhook.id, slug: account.slug };
  } finally {
    await orm.close(true);
  }
}

interface Counts { logs: number; processed: number; events: number; points: number }

async function counts(url: string): Promise<Counts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT
      (SELECT count(*) FROM request_logs)::int AS logs,
      (SELECT count(*) FROM request_logs WHERE outcome = 'PROCESSED')::int AS processed,
      (SELECT count(*) FROM customer_events)::int AS events,
      (SELECT coalesce(sum(points), 0) FROM customers)::float8 AS points`);
    return rows[0] as Counts;
  } finally {
    await client.end();
  }
}

/** Every 2xx must be stored: compares the rows written during the run with the responses (warm-up included). */
async function checkStored(role: string, before: Counts, after: Counts): Promise<string> {
  const events = after.events - before.events;
  const processed = after.processed - before.processed;
  const points = after.points - before.points;
  if (role === 'baseline') return `${events} events, ${processed} logs`;
  const consistent = events === processed && points === events * 5;
  return `${events} events, ${processed} logs, +${points} points${consistent ? '' : '  (INCONSISTENT)'}`;
}

/** Requests per commit: one for the baseline; the group commit's batches for intake (from the server's stats). */
function commitsOf(role: string, output: string, requests: number): string {
  if (role === 'baseline') return `${requests} (1 request each)`;
  const match = /STATS (\{.*\})/.exec(output);
  if (!match) return '?';
  const stats = JSON.parse(match[1]) as { batches: number; requests: number; largestBatch: number };
  return `${stats.batches} (${(stats.requests / stats.batches).toFixed(1)} requests each, up to ${stats.largestBatch})`;
}

async function describeServer(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('server_version') AS v, current_setting('fsync') AS f,
      current_setting('synchronous_commit') AS s`);
    return `PostgreSQL ${rows[0].v} (fsync=${rows[0].f}, synchronous_commit=${rows[0].s}), pools of ${POOL_SIZE} connections`;
  } finally {
    await client.end();
  }
}

function printTable(rows: Row[]): void {
  const header = ['server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors', 'stored during run (incl. warm-up)', 'commits'];
  const lines = rows.map(({ name, result, stored, commits }) => [
    name,
    result.requests.average.toFixed(0),
    result.latency.p50.toFixed(1),
    result.latency.p99.toFixed(1),
    result.latency.max.toFixed(1),
    String(result['2xx']),
    String(result.non2xx),
    String(result.errors + result.timeouts),
    stored,
    commits,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= cells.length - 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
  const [baseline, ours] = rows.map((r) => r.result);
  const ratio = ours.requests.average / baseline.requests.average;
  const ratioOk = ratio >= TARGET_RATIO;
  const p99Ok = ours.latency.p99 <= TARGET_P99_MS;
  const clean = ours.non2xx === 0 && ours.errors === 0 && ours.timeouts === 0;
  process.stdout.write(`\nintake / baseline: ${ratio.toFixed(2)}× requests/s (target ≥ ${TARGET_RATIO}×: ${ratioOk ? 'met' : 'NOT met'}); `
    + `intake p99 ${ours.latency.p99.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms: ${p99Ok ? 'met' : 'NOT met'})`
    + `${clean ? '' : '; intake had non-2xx answers or errors'}\n`);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
