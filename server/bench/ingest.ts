/**
 * Ingestion benchmark: `pnpm bench:ingest`.
 *
 * Starts PostgreSQL (DATABASE_URL's server, else the embedded one with its durable defaults), creates a fresh
 * database, seeds an account, two active point_add webhooks (header and body filter, four mapping rows; the second
 * also verifies its sender with STANDARD_WEBHOOKS and has idempotency on `headers.webhook-id`) and 1,000 members,
 * and drives three servers with autocannon at 50 and then 100 connections:
 *   1. baseline — a bare `node:http` server doing two inserts per request with `pg` (an event and a request log)
 *      in one transaction of its own: BEGIN, INSERT, INSERT, COMMIT (the naive server the goal is relative to);
 *   2. floor — a bare `node:http` server writing the same two rows through a durable batched writer: the requests
 *      that arrive while a batch commits go into the next one, one statement and one commit for all of them. What
 *      group commit alone buys, with no pipeline at all: the bound intake is measured against;
 *   3. intake — the real application (`buildApp`), full pipeline: route, config cache, filter, mapping,
 *      conversion, event rules, redaction, and the event + balance update + request log, group-committed;
 *   4. intake, verified — the same server and pipeline on the second webhook, every request signed (a fresh
 *      webhook-id each) and its delivery id reserved with the event: the cost of sender authentication and
 *      idempotency is 4 against 3.
 * Then the cost of the statistics rollup (the trigger on request_logs): slices of 2 with the trigger enabled and
 * disabled, alternating. Then the cost of a computed mapping value: a third intake webhook, like the first but its
 * points computed by a JSONata expression (`$number($) * 1`, evaluated in a worker thread), in slices alternating
 * with the first (see "Computed mapping values" at the end of this file).
 * Each server runs in a child process of its own, so autocannon (in this process) shares neither's event loop.
 * After a warm-up, the four are measured in alternating slices (8 s each in all per number of connections), so that
 * other load on the machine weighs on all alike. CPU time per request (from /proc) is reported for the server's
 * process, PostgreSQL's processes and the load generator. Then it checks that every 2xx was stored, prints a table, and removes everything
 * it created. Only loopback addresses are used.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEFAULT_INGESTION_GUARDS, DEFAULT_INGESTION_TUNING } from '../src/config.js';
import type { Actor } from '../src/application/actor.js';
import type { Deps } from '../src/application/deps.js';
import type { NewWebhookSettings } from '../src/domain/types.js';
import {
  cleanupsOnExit,
  createBenchDatabase,
  describePostgres,
  percentile,
  startDatabaseServer,
  stopChild,
  BENCH_SECRET_KEY,
  benchAppConfig,
} from './support.js';

/** Every target is measured at each; the goal is judged at the last. */
const CONNECTION_LEVELS = [50, 100] as const;
/** The side sections (authentication, rollup, expression cost) run at this many connections. */
const CONNECTIONS = 50;
const MAX_CONNECTIONS = Math.max(...CONNECTION_LEVELS);
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = 8;
const ROUNDS = 4;
const BASELINE_PATH = '/ingest';
const FLOOR_PATH = '/floor';
const INTAKE_PATH = '/webhooks/custom/bench/purchase';
const VERIFIED_PATH = '/webhooks/custom/bench/purchase-verified';
const MEMBERS = 1_000;
/** The baseline's pool: it holds a connection for four round trips per request, so it wants many. */
const POOL_SIZE = 20;
/** Issue 14's goal, at MAX_CONNECTIONS: intake's throughput against the baseline's, and intake's p99. */
const TARGET_RATIO = 3.0;
const TARGET_P99_MS = 15;
/** The floor's writer: batches committing at the same time at most, and requests per batch at most. */
const FLOOR_BATCHES_IN_FLIGHT = 2;
const FLOOR_MAX_BATCH = 256;
/** Sender authentication + idempotency may cost at most this share of intake's throughput. */
const TARGET_AUTH_COST = 0.15;
/**
 * The cost is measured apart, in many short slices alternating between the two intake webhooks only: on a shared
 * machine, load that comes and goes must weigh on both alike, and a few long slices would not even it out.
 */
const COST_ROUNDS = 8;
const COST_SLICE_SECONDS = 1;
/** The statistics rollup may cost at most this share of intake's throughput. */
const TARGET_ROLLUP_COST = 0.1;
const ROLLUP_TRIGGER = 'request_logs_roll_up';
const SHARED_SECRET = 'bench-secret-7f3a';
/** The verified webhook's Standard Webhooks secret (the sender's side signs with it). */
const SENDER_SECRET = `whsec_${Buffer.alloc(32, 11).toString('base64')}`;
const SENDER_KEY = Buffer.alloc(32, 11);
/** Seals the filter token at rest; the seeding process and the served app must share it. */

const THIS_FILE = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// autocannon has no type declarations: the part used here.

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
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
  return JSON.stringify({
    customer_id: `member-${i % MEMBERS}`,
    points: 5,
    reason: 'bench purchase',
    order: { id: `o-${i}`, total: 42.5 },
  });
}

/** What a Standard Webhooks sender adds: a fresh delivery id, the time, and the signature of both and the body. */
function signedHeaders(i: number, body: string): Record<string, string> {
  const id = `msg_bench_${i}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SENDER_KEY).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
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
          await client.query({
            name: 'event',
            text: insertEvent,
            values: [
              eventId,
              accountId,
              body.customer_id,
              JSON.stringify({ points: body.points, reason: body.reason }),
              webhookId,
              logId,
            ],
          });
          await client.query({
            name: 'log',
            text: insertLog,
            values: [
              logId,
              accountId,
              webhookId,
              receivedAt,
              req.method,
              req.url,
              JSON.stringify(req.headers),
              raw,
              response,
              performance.now() - started,
              eventId,
            ],
          });
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

/**
 * The floor: the baseline's two rows per request, written by a durable batched writer. Requests queue; a batch
 * takes every queued one (up to FLOOR_MAX_BATCH) as one statement over arrays — the events, then the logs — so one
 * round trip and one commit serve them all, and each is answered once its batch has committed.
 */
async function serveFloor(url: string, accountId: string, webhookId: string): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: url, max: FLOOR_BATCHES_IN_FLIGHT });
  const insertBoth = `WITH ev AS (
    INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, webhook_id, request_log_id)
    SELECT j.event_id, $1, c.id, j.customer, 'point_add', j.data, $2, j.log_id
    FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::jsonb[]) AS j(event_id, log_id, customer, data)
    JOIN customers c ON c.account_id = $1 AND c.external_id = j.customer
  )
  INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, query, request_headers,
    request_body, status_code, response_body, response_headers, duration_ms, outcome, event_id)
  SELECT l.log_id, $1, $2, l.received_at, 'POST', l.path, NULL, l.headers, l.body, 200, l.response, '{}'::jsonb,
    l.duration_ms, 'PROCESSED', l.event_id
  FROM unnest($4::uuid[], $7::timestamptz[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::float8[],
    $3::uuid[]) AS l(log_id, received_at, path, headers, body, response, duration_ms, event_id)`;
  interface Pending {
    eventId: string;
    logId: string;
    customer: string;
    data: string;
    receivedAt: Date;
    path: string;
    headers: string;
    body: string;
    response: string;
    started: number;
    done(ok: boolean): void;
  }
  const queue: Pending[] = [];
  let inFlight = 0;
  const pump = () => {
    while (queue.length > 0 && inFlight < FLOOR_BATCHES_IN_FLIGHT) {
      const batch = queue.splice(0, FLOOR_MAX_BATCH);
      inFlight++;
      const column = <T>(pick: (p: Pending) => T) => batch.map(pick);
      pool
        .query({
          name: 'floor',
          text: insertBoth,
          values: [
            accountId,
            webhookId,
            column((p) => p.eventId),
            column((p) => p.logId),
            column((p) => p.customer),
            column((p) => p.data),
            column((p) => p.receivedAt),
            column((p) => p.path),
            column((p) => p.headers),
            column((p) => p.body),
            column((p) => p.response),
            column((p) => performance.now() - p.started),
          ],
        })
        .then(
          () => batch.forEach((p) => p.done(true)),
          () => batch.forEach((p) => p.done(false)),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const receivedAt = new Date();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const eventId = randomUUID();
      const response = JSON.stringify({ ok: true, eventId });
      const body = JSON.parse(raw) as { customer_id: string; points: number; reason: string };
      queue.push({
        eventId,
        logId: randomUUID(),
        customer: body.customer_id,
        data: JSON.stringify({ points: body.points, reason: body.reason }),
        receivedAt,
        path: req.url ?? '',
        headers: JSON.stringify(req.headers),
        body: raw,
        response,
        started,
        done: (ok) =>
          ok
            ? res.writeHead(200, { 'content-type': 'application/json' }).end(response)
            : res.writeHead(503, { 'content-type': 'application/json' }).end('{"ok":false}'),
      });
      pump();
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
  const { app, ingestion } = await buildApp({
    orm,
    config: {
      ...benchAppConfig(),
      // BENCH_OVERLAP_MS: try another group-commit overlap than the default.
      ingestion: {
        ...DEFAULT_INGESTION_TUNING,
        overlapAfterMs: Number(process.env.BENCH_OVERLAP_MS ?? DEFAULT_INGESTION_TUNING.overlapAfterMs),
      },
      // One webhook at full speed is what is measured: its rate limit (a guard against one sender) is lifted.
      ingestionGuards: { ...DEFAULT_INGESTION_GUARDS, rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.server.address() as AddressInfo).port}\n`);
  return async () => {
    process.stdout.write(`STATS ${JSON.stringify(ingestion.store.stats)}\n`);
    await app.close();
    await orm.close(true);
  };
}

async function child(role: string): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL!;
  const accountId = process.env.BENCH_ACCOUNT_ID!;
  const webhookId = process.env.BENCH_WEBHOOK_ID!;
  const stop =
    role === 'baseline'
      ? await serveBaseline(url, accountId, webhookId)
      : role === 'floor'
        ? await serveFloor(url, accountId, webhookId)
        : await serveIntake(url);
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
}

interface Child {
  process: ChildProcess;
  port: number;
  output(): string;
  role?: string;
}

/**
 * BENCH_CPU_PROF=<directory>: the intake server writes a V8 CPU profile there when it stops (open it in Chrome's
 * DevTools or speedscope), to see where its time per request goes.
 */
function profileArgs(role: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir && role === 'intake' ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * BENCH_INTAKE_NODE_ARGS="--flag …": Node options for the intake server (not for BENCH_BEFORE's), e.g. a garbage
 * collector setting, compared in the same run with BENCH_BEFORE set to this very file.
 */
function intakeNodeArgs(role: string, before: boolean): string[] {
  const args = process.env.BENCH_INTAKE_NODE_ARGS;
  return args && role === 'intake' && !before ? args.split(' ').filter(Boolean) : [];
}

/** `script`: another checkout's bench/ingest.ts, to serve that checkout's intake (BENCH_BEFORE, `before`). */
function startChild(role: string, env: Record<string, string>, script = THIS_FILE, before = false): Promise<Child> {
  const nodeArgs = [...process.execArgv, ...profileArgs(role), ...intakeNodeArgs(role, before)];
  const proc = spawn(process.execPath, [...nodeArgs, script, 'serve', role], {
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

// ---------------------------------------------------------------------------------------------------------------
// The run. Other work on the machine comes and goes, so the two servers are measured in alternating slices of
// the same run (both servers stay up; only the one under load works), and every response's latency is kept to
// compute exact percentiles over all slices.

interface Tally {
  latencies: number[];
  seconds: number;
  non2xx: number;
  errors: number;
  /** CPU time spent while the slices ran, in µs: the server's process, PostgreSQL's, and this one (autocannon). */
  cpu: CpuTimes | null;
}

interface CpuTimes {
  server: number;
  postgres: number;
  loadGenerator: number;
}

interface Target {
  name: string;
  role: 'baseline' | 'floor' | 'intake' | 'before';
  port: number;
  /** The server's process, for its CPU time. */
  pid: number;
  path: string;
  /** Requests signed as a Standard Webhooks sender signs them. */
  signed: boolean;
  /** The main slices, by number of connections. */
  tallies: Map<number, Tally>;
  /** The cost phase's slices (intake targets only). */
  costTally: Tally;
  /** The rollup phase's slices, with the statistics trigger enabled and disabled (the first intake target). */
  rollupTally: { on: Tally; off: Tally };
  next: number;
}

const emptyTally = (): Tally => ({ latencies: [], seconds: 0, non2xx: 0, errors: 0, cpu: null });

// CPU time per request, read from /proc: unlike throughput, it hardly depends on what else the machine does (disk
// flush latency, other tenants' load), so it compares two configurations even where req/s figures scatter.
const MICROS_PER_TICK = (() => {
  try {
    return 1_000_000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10_000;
  }
})();

/**
 * User + system CPU of the processes `select` picks, in µs, with that of their children that have exited (a
 * backend that ends moves its time into the postmaster's, so the sum over PostgreSQL never goes back); null where
 * there is no /proc (macOS).
 */
function processCpuMicros(select: (pid: number, command: string, parent: number) => boolean): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    // After the command come the fields from the third on (proc(5)): ppid is the 4th, utime, stime, cutime, cstime
    // are 14th to 17th.
    const fields = stat.slice(close + 2).split(' ');
    if (!select(Number(entry), stat.slice(stat.indexOf('(') + 1, close), Number(fields[1]))) continue;
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks * MICROS_PER_TICK;
}

/**
 * The benchmark's PostgreSQL server: its postmaster's pid (the parent of its checkpointer), so that its processes
 * alone are counted — other PostgreSQL servers on the machine (other engineers' test databases) are not.
 */
let postmasterPid: number | null = null;

async function findPostmaster(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`,
    );
    const stat = readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8');
    postmasterPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    postmasterPid = null; // not on this machine, or no /proc: every process named postgres is counted
  } finally {
    await client.end();
  }
}

function cpuNow(serverPid: number): CpuTimes | null {
  const server = processCpuMicros((pid) => pid === serverPid);
  const postgres = processCpuMicros((pid, command, parent) =>
    postmasterPid === null ? command === 'postgres' : pid === postmasterPid || parent === postmasterPid,
  );
  if (server === null || postgres === null) return null;
  const own = process.cpuUsage();
  return { server, postgres, loadGenerator: own.user + own.system };
}

function addCpu(tally: Tally, start: CpuTimes | null, end: CpuTimes | null): void {
  if (!start || !end) return;
  const sum = tally.cpu ?? { server: 0, postgres: 0, loadGenerator: 0 };
  sum.server += end.server - start.server;
  sum.postgres += end.postgres - start.postgres;
  sum.loadGenerator += end.loadGenerator - start.loadGenerator;
  tally.cpu = sum;
}

/** CPU µs per answered request, as "server + PostgreSQL (+ load generator)". */
function cpuPerRequest(tally: Tally): { server: number; postgres: number; loadGenerator: number } | null {
  if (!tally.cpu || tally.latencies.length === 0) return null;
  const n = tally.latencies.length;
  return { server: tally.cpu.server / n, postgres: tally.cpu.postgres / n, loadGenerator: tally.cpu.loadGenerator / n };
}

interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
  ): void;
}

async function slice(
  target: Target,
  seconds: number,
  tally: Tally | null,
  connections: number = CONNECTIONS,
): Promise<void> {
  const instance = autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-intake-secret': SHARED_SECRET },
    requests: [
      {
        setupRequest: (request) => {
          const i = target.next++;
          const body = makeBody(i);
          return target.signed
            ? { ...request, body, headers: { ...request.headers, ...signedHeaders(i, body) } }
            : { ...request, body };
        },
      },
    ],
  }) as unknown as AutocannonInstance;
  if (tally) {
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      tally.latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) tally.non2xx++;
    });
  }
  const cpuAtStart = tally ? cpuNow(target.pid) : null;
  const result = await instance;
  if (tally) {
    addCpu(tally, cpuAtStart, cpuNow(target.pid));
    tally.seconds += result.duration;
    tally.errors += result.errors + result.timeouts;
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return child(process.argv[3]);

  const { cleanups, cleanup } = cleanupsOnExit();

  try {
    const serverUrl = await startDatabaseServer(cleanups);
    const url = await createBenchDatabase(serverUrl, 'intake_bench', cleanups);
    const seed = await seedDatabase(url);
    await findPostmaster(url);
    const settings = await describeServer(url);
    process.stdout.write(`\nIngestion benchmark — node ${process.version}, ${os.cpus().length} CPUs, ${settings}\n`);

    const env = { BENCH_DATABASE_URL: url, BENCH_ACCOUNT_ID: seed.accountId, BENCH_WEBHOOK_ID: seed.webhookId };
    const children: Child[] = [];
    cleanups.push(async () => {
      for (const started of children) await stopChild(started.process);
    });
    const targets: Target[] = [];
    for (const [name, role, urlPath, signed] of [
      ['baseline: node:http + pg, BEGIN/INSERT/INSERT/COMMIT', 'baseline', BASELINE_PATH, false],
      ['floor: node:http + pg, the same rows group-committed', 'floor', FLOOR_PATH, false],
      ['intake: full pipeline + balance update', 'intake', INTAKE_PATH, false],
      ['intake, verified: + STANDARD_WEBHOOKS + idempotency', 'intake', VERIFIED_PATH, true],
    ] as const) {
      // Both intake targets are served by one intake server: only the webhook differs.
      const running = children.find((child) => child.role === role);
      const started = running ?? { ...(await startChild(role, env)), role };
      if (!running) children.push(started);
      targets.push({
        name,
        role,
        port: started.port,
        pid: started.process.pid!,
        path: urlPath,
        signed,
        tallies: new Map(CONNECTION_LEVELS.map((connections) => [connections, emptyTally()])),
        costTally: emptyTally(),
        rollupTally: { on: emptyTally(), off: emptyTally() },
        next: targets.length * 100_000_000,
      });
    }
    // BENCH_BEFORE=<an older checkout's server/bench/ingest.ts>: that checkout's intake server too, on the same database
    // and webhook, measured in the same slices — a change's effect before → after in one run, whatever the load.
    const beforeScript = process.env.BENCH_BEFORE;
    if (beforeScript) {
      const started = { ...(await startChild('intake', env, beforeScript, true)), role: 'before' };
      children.push(started);
      targets.push({
        name: 'intake, before (BENCH_BEFORE)',
        role: 'before',
        port: started.port,
        pid: started.process.pid!,
        path: INTAKE_PATH,
        signed: false,
        tallies: new Map(CONNECTION_LEVELS.map((connections) => [connections, emptyTally()])),
        costTally: emptyTally(),
        rollupTally: { on: emptyTally(), off: emptyTally() },
        next: 500_000_000,
      });
    }

    const sliceSeconds = MEASURE_SECONDS / ROUNDS;
    process.stdout.write(
      `  warm-up ${WARMUP_SECONDS} s each at ${MAX_CONNECTIONS} connections; then at ${CONNECTION_LEVELS.join(' and ')} connections ` +
        `${ROUNDS} rounds of ${sliceSeconds} s each, alternating (${MEASURE_SECONDS} s each in all)\n`,
    );
    process.stdout.write(`  load average before: ${loadAverage()}\n`);
    for (const target of targets) await slice(target, WARMUP_SECONDS, null, MAX_CONNECTIONS);
    const before = await counts(url);
    for (const connections of CONNECTION_LEVELS) {
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        for (const target of order) await slice(target, sliceSeconds, target.tallies.get(connections)!, connections);
      }
    }
    process.stdout.write(
      `  then the cost of sender authentication: ${COST_ROUNDS} rounds of ${COST_SLICE_SECONDS} s each, alternating the two intake webhooks\n`,
    );
    const pair = targets.filter((target) => target.role === 'intake');
    const intakeTarget = pair[0];
    for (let round = 0; round < COST_ROUNDS; round++) {
      for (const target of round % 2 === 0 ? pair : [...pair].reverse()) {
        await slice(target, COST_SLICE_SECONDS, target.costTally);
      }
    }
    process.stdout.write(
      `  then the cost of the statistics rollup: ${COST_ROUNDS} rounds of ${COST_SLICE_SECONDS} s each on the first intake webhook, ` +
        `alternating the trigger enabled and disabled\n`,
    );
    await measureRollup(url, intakeTarget);
    const after = await counts(url);
    // After the counts above, so that its events do not enter their check: it checks its own.
    const expressionPhase = await measureExpressionCost(url, intakeTarget);
    process.stdout.write(`  load average after: ${loadAverage()}\n`);

    // Stopping the intake server makes it print its group-commit statistics.
    for (const started of children) await stopChild(started.process);
    const intakeOutput = children.find((started) => started.role === 'intake')!.output();
    printTable(targets, before, after, intakeOutput);
    printExpressionCost(expressionPhase);
  } finally {
    await cleanup();
  }
}

/** Alternates slices with the rollup trigger on and off (ALTER TABLE between slices, when nothing is in flight). */
/** The 1, 5 and 15 minute load averages: how busy the shared machine was. */
function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');
}

async function measureRollup(url: string, target: Target): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const toggle = (on: boolean) =>
    client.query(`ALTER TABLE request_logs ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${ROLLUP_TRIGGER}`);
  try {
    for (let round = 0; round < COST_ROUNDS; round++) {
      for (const on of round % 2 === 0 ? [true, false] : [false, true]) {
        await toggle(on);
        await slice(target, COST_SLICE_SECONDS, on ? target.rollupTally.on : target.rollupTally.off);
      }
    }
  } finally {
    await toggle(true);
    await client.end();
  }
}

async function seedDatabase(url: string): Promise<{ accountId: string; webhookId: string; slug: string }> {
  await import('reflect-metadata');
  const { openOrm, migrate } = await import('../src/persistence/orm.js');
  const { createAccount } = await import('../src/application/accounts/create-account.js');
  const { createWebhook } = await import('../src/application/webhooks/create-webhook.js');
  const { changeWebhookStatus } = await import('../src/application/webhooks/change-webhook-status.js');
  const { addWebhookSecret } = await import('../src/application/webhooks/add-webhook-secret.js');
  const { createRepositories } = await import('../src/persistence/repositories/index.js');
  const { AesGcmSecretBox } = await import('../src/security/secret-box.js');
  const orm = await openOrm(url);
  try {
    await migrate(orm);
    const secretBox = new AesGcmSecretBox(BENCH_SECRET_KEY);
    const deps = {
      ...createRepositories(orm, secretBox),
      secretBox,
      publicUrl: 'http://127.0.0.1',
      sessionTtlMs: 3_600_000,
      webhookChanged: () => {},
      credentials: new (await import('../src/application/auth/credential-cache.js')).CredentialCache(),
      expressions: new (await import('../src/expressions/in-process.js')).InProcessExpressionEvaluator(),
    };
    const account = await createAccount(deps, 'bench', 'Benchmark');
    const actor = { accountId: account.id, accountSlug: account.slug, role: 'ADMIN' as const, label: 'bench' };
    const settings: NewWebhookSettings = {
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
    };
    const webhook = await createWebhook(deps, actor, settings);
    await changeWebhookStatus(deps, actor, webhook.id, 'ACTIVATE');
    const verified = await createWebhook(deps, actor, {
      ...settings,
      name: 'Purchase points, verified',
      endpoint: 'purchase-verified',
      verification: { scheme: 'STANDARD_WEBHOOKS' },
      idempotency: { key: 'headers.webhook-id', windowHours: 168 },
    });
    await addWebhookSecret(deps, actor, verified.id, { secret: SENDER_SECRET });
    await changeWebhookStatus(deps, actor, verified.id, 'ACTIVATE');
    await seedComputedWebhook(deps, actor, settings);
    await orm.em
      .getConnection()
      .execute(
        `INSERT INTO customers (id, account_id, external_id, points) SELECT gen_random_uuid(), ?, 'member-' || i, 0 FROM generate_series(0, ?) AS i`,
        [account.id, MEMBERS - 1],
      );
    return { accountId: account.id, webhookId: webhook.id, slug: account.slug };
  } finally {
    await orm.close(true);
  }
}

interface Counts {
  baselineLogs: number;
  baselineEvents: number;
  floorLogs: number;
  floorEvents: number;
  intakeLogs: number;
  intakeProcessed: number;
  intakeEvents: number;
  verifiedLogs: number;
  verifiedProcessed: number;
  verifiedEvents: number;
  /** Delivery ids reserved by the verified webhook. */
  verifiedKeys: number;
  points: number;
}

async function counts(url: string): Promise<Counts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT
      (SELECT count(*) FROM request_logs WHERE path = $1)::int AS "baselineLogs",
      (SELECT count(*) FROM customer_events e JOIN request_logs l ON l.id = e.request_log_id WHERE l.path = $1)::int AS "baselineEvents",
      (SELECT count(*) FROM request_logs WHERE path = $4)::int AS "floorLogs",
      (SELECT count(*) FROM customer_events e JOIN request_logs l ON l.id = e.request_log_id WHERE l.path = $4)::int AS "floorEvents",
      (SELECT count(*) FROM request_logs WHERE path = $2)::int AS "intakeLogs",
      (SELECT count(*) FROM request_logs WHERE path = $2 AND outcome = 'PROCESSED')::int AS "intakeProcessed",
      (SELECT count(*) FROM customer_events e JOIN request_logs l ON l.id = e.request_log_id WHERE l.path = $2)::int AS "intakeEvents",
      (SELECT count(*) FROM request_logs WHERE path = $3)::int AS "verifiedLogs",
      (SELECT count(*) FROM request_logs WHERE path = $3 AND outcome = 'PROCESSED')::int AS "verifiedProcessed",
      (SELECT count(*) FROM customer_events e JOIN request_logs l ON l.id = e.request_log_id WHERE l.path = $3)::int AS "verifiedEvents",
      (SELECT count(*) FROM idempotency_keys)::int AS "verifiedKeys",
      (SELECT coalesce(sum(points), 0) FROM customers)::float8 AS points`,
      [BASELINE_PATH, INTAKE_PATH, VERIFIED_PATH, FLOOR_PATH],
    );
    return rows[0] as Counts;
  } finally {
    await client.end();
  }
}

/** Requests per commit for intake, from the statistics its server printed when stopped (warm-up included). */
function groupCommit(output: string): string {
  const match = /STATS (\{.*\})/.exec(output);
  if (!match) return '?';
  const stats = JSON.parse(match[1]) as { batches: number; jobs: number; largestBatch: number };
  return `${stats.batches} commits for ${stats.jobs} requests (${(stats.jobs / stats.batches).toFixed(1)} per commit, up to ${stats.largestBatch})`;
}

async function describeServer(url: string): Promise<string> {
  return (
    `${await describePostgres(url)}; ` +
    `baseline pool ${POOL_SIZE} connections, intake its default ingestion pool (${DEFAULT_INGESTION_TUNING.poolSize})`
  );
}

function summarise(tally: Tally) {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  return {
    rps: tally.latencies.length / tally.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

const mainTallies = (target: Target) => [...target.tallies.values()];

const answered = (target: Target) =>
  [...mainTallies(target), target.costTally, target.rollupTally.on, target.rollupTally.off].reduce(
    (sum, tally) => sum + tally.latencies.length - tally.non2xx,
    0,
  );

function printTable(targets: Target[], before: Counts, after: Counts, intakeOutput: string): void {
  const header = [
    'server',
    'conns',
    'req/s',
    '× base',
    'p50 ms',
    'p99 ms',
    'max ms',
    'responses',
    'non-2xx',
    'errors',
    'CPU µs/req',
  ];
  const [baseline, floor, intake, verified] = targets;
  const lines: string[][] = [];
  for (const connections of CONNECTION_LEVELS) {
    const base = summarise(baseline.tallies.get(connections)!);
    for (const target of targets) {
      const tally = target.tallies.get(connections)!;
      const stats = summarise(tally);
      lines.push([
        target.name,
        String(connections),
        stats.rps.toFixed(0),
        `${(stats.rps / base.rps).toFixed(2)}×`,
        stats.p50.toFixed(1),
        stats.p99.toFixed(1),
        stats.max.toFixed(1),
        String(tally.latencies.length),
        String(tally.non2xx),
        String(tally.errors),
        formatCpu(cpuPerRequest(tally)),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);

  // Every 2xx must be stored. Rows written during the measured slices are compared with the 2xx counted; a slice
  // that ends (the warm-up's too) abandons its requests in flight, at most one per connection, which the server
  // still stores.
  const intakeEvents = after.intakeEvents - before.intakeEvents;
  // An intake server of another checkout (BENCH_BEFORE) writes to the same webhook.
  const older = targets.find((target) => target.role === 'before');
  const intakeOk = answered(intake) + (older ? answered(older) : 0);
  const verifiedEvents = after.verifiedEvents - before.verifiedEvents;
  const verifiedOk = answered(verified);
  const points = after.points - before.points;
  const inFlight = intakeEvents - intakeOk;
  const verifiedInFlight = verifiedEvents - verifiedOk;
  const slack = MAX_CONNECTIONS * (ROUNDS * CONNECTION_LEVELS.length * (older ? 2 : 1) + 3 * COST_ROUNDS + 1);
  const floorEvents = after.floorEvents - before.floorEvents;
  const floorOk = answered(floor);
  const consistent =
    after.intakeProcessed - before.intakeProcessed === intakeEvents &&
    after.verifiedProcessed - before.verifiedProcessed === verifiedEvents &&
    after.verifiedKeys - before.verifiedKeys === verifiedEvents &&
    points === (intakeEvents + verifiedEvents) * 5 &&
    inFlight >= 0 &&
    inFlight <= slack &&
    verifiedInFlight >= 0 &&
    verifiedInFlight <= slack &&
    after.floorLogs - before.floorLogs === floorEvents &&
    floorEvents >= floorOk &&
    floorEvents - floorOk <= slack;
  process.stdout.write(
    `\nstored while measured: baseline ${after.baselineEvents - before.baselineEvents} events + ${after.baselineLogs - before.baselineLogs} logs ` +
      `for ${answered(baseline)} 2xx; floor ${floorEvents} events + ${after.floorLogs - before.floorLogs} logs for ${floorOk} 2xx; ` +
      `intake ${intakeEvents} events + ${after.intakeLogs - before.intakeLogs} logs ` +
      `for ${intakeOk} 2xx and ${inFlight} requests in flight when slices ended; verified ${verifiedEvents} events + ` +
      `${after.verifiedLogs - before.verifiedLogs} logs + ${after.verifiedKeys - before.verifiedKeys} delivery ids for ` +
      `${verifiedOk} 2xx and ${verifiedInFlight} in flight; ${points} points in all ` +
      `(${consistent ? 'every 2xx stored, balances match the events, one delivery id per event' : 'INCONSISTENT'})\n`,
  );
  process.stdout.write(`intake group commit: ${groupCommit(intakeOutput)}\n`);

  const atMax = (target: Target) => summarise(target.tallies.get(MAX_CONNECTIONS)!);
  const ratio = atMax(intake).rps / atMax(baseline).rps;
  const ofFloor = atMax(intake).rps / atMax(floor).rps;
  const ratioOk = ratio >= TARGET_RATIO;
  const p99Ok = atMax(intake).p99 <= TARGET_P99_MS;
  const clean = [intake, verified].every((target) =>
    [...mainTallies(target), target.costTally, target.rollupTally.on, target.rollupTally.off].every(
      (tally) => tally.non2xx + tally.errors === 0,
    ),
  );
  process.stdout.write(
    `at ${MAX_CONNECTIONS} connections: intake / baseline ${ratio.toFixed(2)}× requests/s (target ≥ ${TARGET_RATIO}×: ` +
      `${ratioOk ? 'met' : 'NOT met'}); intake / floor ${ofFloor.toFixed(2)}×; intake p99 ${atMax(intake).p99.toFixed(1)} ms ` +
      `(target ≤ ${TARGET_P99_MS} ms: ${p99Ok ? 'met' : 'NOT met'})${clean ? '' : '; intake had non-2xx answers or errors'}\n`,
  );
  if (older) {
    process.stdout.write(
      `at ${MAX_CONNECTIONS} connections: intake / intake before ${(atMax(intake).rps / atMax(older).rps).toFixed(2)}× requests/s; ` +
        `CPU µs/req ${formatCpu(cpuPerRequest(older.tallies.get(MAX_CONNECTIONS)!))} before → ` +
        `${formatCpu(cpuPerRequest(intake.tallies.get(MAX_CONNECTIONS)!))} now\n`,
    );
  }
  process.stdout.write(
    `CPU µs/req = server process + PostgreSQL (${postmasterPid === null ? 'every process named postgres' : "the benchmark server's processes"}) + the load generator (autocannon, this process)\n`,
  );
  const none = summarise(intake.costTally);
  const signed = summarise(verified.costTally);
  const cost = 1 - signed.rps / none.rps;
  const noneCpu = cpuPerRequest(intake.costTally);
  const signedCpu = cpuPerRequest(verified.costTally);
  if (noneCpu && signedCpu) {
    const serverAndDb = (cpu: { server: number; postgres: number }) => cpu.server + cpu.postgres;
    process.stdout.write(
      `sender authentication + idempotency (cost phase), CPU per request: ${formatCpu(noneCpu)} µs (NONE) → ` +
        `${formatCpu(signedCpu)} µs (STANDARD_WEBHOOKS + idempotency): server + PostgreSQL ` +
        `+${((serverAndDb(signedCpu) / serverAndDb(noneCpu) - 1) * 100).toFixed(1)} %, i.e. ` +
        `${((1 - serverAndDb(noneCpu) / serverAndDb(signedCpu)) * 100).toFixed(1)} % less throughput where CPU is the limit\n`,
    );
  }
  process.stdout.write(
    `sender authentication + idempotency (cost phase): ${none.rps.toFixed(0)} req/s (NONE) → ${signed.rps.toFixed(0)} req/s ` +
      `(STANDARD_WEBHOOKS + idempotency), ${(cost * 100).toFixed(1)} % throughput lost ` +
      `(target < ${TARGET_AUTH_COST * 100} %: ${cost < TARGET_AUTH_COST ? 'met' : 'NOT met'}); ` +
      `p50 ${none.p50.toFixed(1)} → ${signed.p50.toFixed(1)} ms, p99 ${none.p99.toFixed(1)} → ${signed.p99.toFixed(1)} ms\n`,
  );
  printRollupCost(intake);
}

function printRollupCost(target: Target): void {
  const on = summarise(target.rollupTally.on);
  const off = summarise(target.rollupTally.off);
  const onCpu = cpuPerRequest(target.rollupTally.on);
  const offCpu = cpuPerRequest(target.rollupTally.off);
  const cost = 1 - on.rps / off.rps;
  if (onCpu && offCpu) {
    const serverAndDb = (cpu: { server: number; postgres: number }) => cpu.server + cpu.postgres;
    process.stdout.write(
      `statistics rollup (rollup phase), CPU per request: ${formatCpu(offCpu)} µs (trigger off) → ${formatCpu(onCpu)} µs ` +
        `(on): server + PostgreSQL +${((serverAndDb(onCpu) / serverAndDb(offCpu) - 1) * 100).toFixed(1)} %\n`,
    );
  }
  process.stdout.write(
    `statistics rollup (rollup phase): ${off.rps.toFixed(0)} req/s (trigger off) → ${on.rps.toFixed(0)} req/s (on), ` +
      `${(cost * 100).toFixed(1)} % throughput lost (target < ${TARGET_ROLLUP_COST * 100} %: ` +
      `${cost < TARGET_ROLLUP_COST ? 'met' : 'NOT met'}); p50 ${off.p50.toFixed(1)} → ${on.p50.toFixed(1)} ms, ` +
      `p99 ${off.p99.toFixed(1)} → ${on.p99.toFixed(1)} ms\n`,
  );
}

function formatCpu(cpu: { server: number; postgres: number; loadGenerator: number } | null): string {
  if (!cpu) return 'n/a';
  return `${cpu.server.toFixed(0)} + ${cpu.postgres.toFixed(0)} + ${cpu.loadGenerator.toFixed(0)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Computed mapping values (issue 11): what one JSONata expression per request costs. A third intake webhook maps the
// points with `$number($) * 1` (the same 5 points, so balances stay checkable); its requests make one round trip to
// the expression worker thread each, batched with the others of the same turn. Measured like the sender
// authentication cost: short slices alternating with the first intake webhook on the same server.

const COMPUTED_PATH = '/webhooks/custom/bench/purchase-computed';
const COMPUTED_POINTS = '$number($) * 1';
/** One expression per request may cost at most this share of the plain mapping's throughput. */
const TARGET_EXPRESSION_COST = 0.15;

async function seedComputedWebhook(deps: Deps, actor: Actor, settings: NewWebhookSettings): Promise<void> {
  const { createWebhook } = await import('../src/application/webhooks/create-webhook.js');
  const { changeWebhookStatus } = await import('../src/application/webhooks/change-webhook-status.js');
  const computed = await createWebhook(deps, actor, {
    ...settings,
    name: 'Purchase points, computed',
    endpoint: 'purchase-computed',
    mapping: settings.mapping.map((row) => (row.to === 'data.points' ? { ...row, expression: COMPUTED_POINTS } : row)),
  });
  await changeWebhookStatus(deps, actor, computed.id, 'ACTIVATE');
}

interface ExpressionPhase {
  plain: Tally;
  computed: Tally;
  /** Events and processed logs of the computed webhook stored during the phase, and points added by them. */
  events: number;
  processed: number;
  points: number;
}

async function computedCounts(url: string): Promise<{ events: number; processed: number; points: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT
      (SELECT count(*) FROM customer_events e JOIN request_logs l ON l.id = e.request_log_id WHERE l.path = $1)::int AS events,
      (SELECT count(*) FROM request_logs WHERE path = $1 AND outcome = 'PROCESSED')::int AS processed,
      (SELECT coalesce(sum(points), 0) FROM customers)::float8 AS points`,
      [COMPUTED_PATH],
    );
    return rows[0] as { events: number; processed: number; points: number };
  } finally {
    await client.end();
  }
}

/** Warms the computed webhook up (the worker starts, the expression compiles), then alternates it with `plain`. */
async function measureExpressionCost(url: string, plain: Target): Promise<ExpressionPhase> {
  const computed: Target = {
    ...plain,
    name: 'intake, computed: + one expression',
    path: COMPUTED_PATH,
    tallies: new Map(),
    costTally: emptyTally(),
    rollupTally: { on: emptyTally(), off: emptyTally() },
    next: 400_000_000,
  };
  process.stdout.write(
    `  then the cost of a computed mapping value: warm-up ${WARMUP_SECONDS} s, ${COST_ROUNDS} rounds of ${COST_SLICE_SECONDS} s each, ` +
      `alternating the first intake webhook and one whose points are \`${COMPUTED_POINTS}\`\n`,
  );
  await slice(computed, WARMUP_SECONDS, null);
  const before = await computedCounts(url);
  const phase = { plain: emptyTally(), computed: emptyTally() };
  for (let round = 0; round < COST_ROUNDS; round++) {
    for (const [target, tally] of round % 2 === 0
      ? ([
          [plain, phase.plain],
          [computed, phase.computed],
        ] as const)
      : ([
          [computed, phase.computed],
          [plain, phase.plain],
        ] as const)) {
      await slice(target, COST_SLICE_SECONDS, tally);
    }
  }
  // Requests abandoned when a slice ends are still stored: wait for them before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await computedCounts(url);
  return {
    ...phase,
    events: after.events - before.events,
    processed: after.processed - before.processed,
    points: after.points - before.points,
  };
}

function printExpressionCost(phase: ExpressionPhase): void {
  const plain = summarise(phase.plain);
  const computed = summarise(phase.computed);
  const cost = 1 - computed.rps / plain.rps;
  const plainCpu = cpuPerRequest(phase.plain);
  const computedCpu = cpuPerRequest(phase.computed);
  const computedOk = phase.computed.latencies.length - phase.computed.non2xx;
  const inFlight = phase.events - computedOk;
  const slack = CONNECTIONS * (COST_ROUNDS + 1);
  // Points of both webhooks' events in the phase: 5 each.
  const plainOk = phase.plain.latencies.length - phase.plain.non2xx;
  const consistent =
    phase.processed === phase.events &&
    inFlight >= 0 &&
    inFlight <= slack &&
    phase.points >= (phase.events + plainOk) * 5 &&
    phase.points <= (phase.events + plainOk + slack) * 5;
  process.stdout.write(
    `computed mapping value (expression phase): ${phase.events} events stored for ${computedOk} 2xx and ${inFlight} in flight ` +
      `(${consistent ? 'every 2xx stored with its computed 5 points' : 'INCONSISTENT'})\n`,
  );
  if (plainCpu && computedCpu) {
    const serverAndDb = (cpu: { server: number; postgres: number }) => cpu.server + cpu.postgres;
    process.stdout.write(
      `computed mapping value (expression phase), CPU per request: ${formatCpu(plainCpu)} µs (plain) → ` +
        `${formatCpu(computedCpu)} µs (one expression): server + PostgreSQL ` +
        `+${((serverAndDb(computedCpu) / serverAndDb(plainCpu) - 1) * 100).toFixed(1)} %\n`,
    );
  }
  const clean = phase.plain.non2xx + phase.plain.errors + phase.computed.non2xx + phase.computed.errors === 0;
  process.stdout.write(
    `computed mapping value (expression phase): ${plain.rps.toFixed(0)} req/s (plain mapping) → ${computed.rps.toFixed(0)} req/s ` +
      `(one expression), ${(cost * 100).toFixed(1)} % throughput lost (target < ${TARGET_EXPRESSION_COST * 100} %: ` +
      `${cost < TARGET_EXPRESSION_COST ? 'met' : 'NOT met'}); p50 ${plain.p50.toFixed(1)} → ${computed.p50.toFixed(1)} ms, ` +
      `p99 ${plain.p99.toFixed(1)} → ${computed.p99.toFixed(1)} ms${clean ? '' : '; non-2xx answers or errors'}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
