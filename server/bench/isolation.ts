/**
 * Isolation benchmark: `pnpm bench:isolation`.
 *
 * One hostile client floods one account with about 1,000 requests per second while a second account's normal
 * ingestion is measured: does the flood slow the second account down? The flood mixes, in equal parts:
 *   - unknown endpoints of the flooded account (made-up names, most of them never seen before);
 *   - an inactive webhook (small JSON bodies);
 *   - an active webhook past its rate limit (the server runs with 100 requests/s and a burst of 200 per webhook;
 *     what passes the limit is ingested and logged like any request);
 *   - big bodies: 1 MiB declared to an unknown endpoint or the inactive webhook, of which only the first 16 KiB
 *     are ever sent (a server that read or waited for such bodies would hold memory and connections).
 * The second account sends point_add events at a steady 50 per second (its own webhook, filter and mapping as in
 * `bench:ingest`, 1,000 members) over a pool of 16 keep-alive connections, first alone ("quiet"), then during the
 * flood. It prints that account's p50/p99
 * latency in both phases and their ratio (target: p99 under flood ≤ 2× quiet), what the flood got back, and how
 * many request logs the flood left behind.
 *
 * PostgreSQL: DATABASE_URL's server, else an embedded one with durable settings. The server under test runs in a
 * child process, the flood in another (at the lowest CPU priority: an attacker's CPU is not ours), the measured
 * sender here, so that none shares another's event loop. Other work on the machine comes and goes: quiet and
 * flooded slices alternate. Only
 * loopback addresses are used; every phase is bounded in time and everything created is removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEFAULT_HTTP_LIMITS, DEFAULT_INGESTION_GUARDS } from '../src/config.js';
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

const WARMUP_SECONDS = 2;
const ROUNDS = 4;
const SLICE_SECONDS = 5;
/** The flood runs this long before a slice is measured, to reach its rate. */
const FLOOD_RAMP_SECONDS = 1;
const VICTIM_RATE = 50;
const VICTIM_CONNECTIONS = 16;
const FLOOD_RATE = 1_000;
const RATE_LIMIT = { perSecond: 100, burst: 200 };
const MEMBERS = 1_000;
const BIG_BODY_BYTES = 1024 * 1024;
const BIG_BODY_SENT = 16 * 1024;
const TARGET_RATIO = 2;
const SHARED_SECRET = 'bench-secret-7f3a';
/** Seals the filter token at rest; the seeding process and the served app must share it. */
const THIS_FILE = fileURLToPath(import.meta.url);

interface Seed {
  victimSlug: string;
  floodSlug: string;
  floodAccountId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: the server, and the flood.

async function serve(url: string): Promise<() => Promise<void>> {
  await import('reflect-metadata');
  const { openOrm } = await import('../src/persistence/orm.js');
  const { buildApp } = await import('../src/app.js');
  const orm = await openOrm(url);
  const { app } = await buildApp({
    orm,
    config: { ...benchAppConfig('error'), ingestionGuards: { ...DEFAULT_INGESTION_GUARDS, rateLimit: RATE_LIMIT } },
  });
  // As main.ts listens: a backlog as long as the connection cap.
  await app.listen({ port: 0, host: '127.0.0.1', backlog: DEFAULT_HTTP_LIMITS.maxConnections });
  process.stdout.write(`READY ${(app.server.address() as AddressInfo).port}\n`);
  return async () => {
    await app.close();
    await orm.close(true);
  };
}

type FloodKind = 'unknown' | 'inactive' | 'limited' | 'big-unknown' | 'big-inactive';

/** Sends FLOOD_RATE requests per second for `seconds`, then prints what came back, keyed by kind and status. */
async function flood(port: number, slug: string, seconds: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const tally: Record<string, number> = {};
  const count = (key: string) => (tally[key] = (tally[key] ?? 0) + 1);
  const kinds: FloodKind[] = ['unknown', 'inactive', 'limited', 'big-unknown', 'big-inactive'];
  const small = JSON.stringify({ customer_id: 'attacker', points: 5, reason: 'flood' });
  let sent = 0;
  const pending = new Set<Promise<void>>();

  const send = (kind: FloodKind, n: number): Promise<void> => {
    if (kind === 'big-unknown' || kind === 'big-inactive') {
      const target = kind === 'big-unknown' ? `nope-${n}` : 'inactive';
      return bigBody(port, `/webhooks/custom/${slug}/${target}`).then((status) => void count(`${kind} ${status}`));
    }
    const endpoint = kind === 'unknown' ? `nope-${n}` : kind;
    return new Promise<void>((resolve) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/webhooks/custom/${slug}/${endpoint}`,
          agent,
          headers: { 'content-type': 'application/json', 'x-intake-secret': 'wrong' },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            count(`${kind} ${response.statusCode}`);
            resolve();
          });
        },
      );
      request.on('error', () => {
        count(`${kind} error`);
        resolve();
      });
      request.end(small);
    });
  };

  process.stdout.write('FLOODING\n');
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    const due = Math.floor(((performance.now() - started) / 1000) * FLOOD_RATE);
    while (sent < due) {
      const promise = send(kinds[sent % kinds.length], sent);
      pending.add(promise);
      void promise.then(() => pending.delete(promise));
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  agent.destroy();
  process.stdout.write(`FLOOD ${JSON.stringify({ sent, seconds: (performance.now() - started) / 1000, tally })}\n`);
}

const BIG_BODY_HEAD = (urlPath: string) =>
  Buffer.from(
    `POST ${urlPath} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${BIG_BODY_BYTES}\r\n\r\n`,
  );
const BIG_BODY_START = Buffer.alloc(BIG_BODY_SENT, 0x20);

/** A POST declaring a 1 MiB body of which only the first 16 KiB are sent; resolves with the answer's status. */
function bigBody(port: number, urlPath: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    const done = (status: string) => {
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done('no answer within 5 s'), 5_000);
    socket.on('connect', () => {
      socket.write(Buffer.concat([BIG_BODY_HEAD(urlPath), BIG_BODY_START]));
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    socket.on('error', () => {
      clearTimeout(timer);
      done('error');
    });
    socket.on('close', () => {
      clearTimeout(timer);
      done(received.length === 0 ? 'closed' : 'unparsed');
    });
  });
}

async function child(role: string): Promise<void> {
  if (role === 'flood') {
    await flood(Number(process.env.BENCH_PORT), process.env.BENCH_FLOOD_SLUG!, Number(process.env.BENCH_SECONDS));
    return;
  }
  const stop = await serve(process.env.BENCH_DATABASE_URL!);
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
}

interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

function startChild(role: string, env: Record<string, string>, readyPattern: RegExp | null): Promise<Child> {
  const proc = spawn(process.execPath, [...process.execArgv, THIS_FILE, 'serve', role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const started: Child = { process: proc, output: () => buffered, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${role} process did not start within 60 s`)), 60_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (readyPattern && readyPattern.test(buffered)) {
        clearTimeout(timer);
        resolve(started);
      }
    });
    if (!readyPattern) {
      clearTimeout(timer);
      resolve(started);
    }
    void exited.then(() => {
      clearTimeout(timer);
      if (readyPattern && !readyPattern.test(buffered))
        reject(new Error(`the ${role} process exited before it was ready`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The measured sender: the second account, at a steady rate (open loop: a slow answer does not delay the next).

interface Phase {
  latencies: number[];
  non2xx: number;
  errors: number;
}

async function measure(
  agent: http.Agent,
  port: number,
  slug: string,
  seconds: number,
  firstMember: number,
): Promise<Phase> {
  const phase: Phase = { latencies: [], non2xx: 0, errors: 0 };
  const total = seconds * VICTIM_RATE;
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const at = started + (i * 1000) / VICTIM_RATE;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify({
      customer_id: `member-${(firstMember + i) % MEMBERS}`,
      points: 5,
      reason: 'bench purchase',
      order: { id: `o-${firstMember + i}` },
    });
    requests.push(
      new Promise<void>((resolve) => {
        const sentAt = performance.now();
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/webhooks/custom/${slug}/purchase`,
            agent,
            headers: { 'content-type': 'application/json', 'x-intake-secret': SHARED_SECRET },
          },
          (response) => {
            response.resume();
            response.on('end', () => {
              phase.latencies.push(performance.now() - sentAt);
              if (response.statusCode! < 200 || response.statusCode! >= 300) phase.non2xx++;
              resolve();
            });
          },
        );
        request.on('error', () => {
          phase.errors++;
          resolve();
        });
        request.end(body);
      }),
    );
  }
  await Promise.all(requests);
  return phase;
}

/** Opens `count` keep-alive connections at once, as a sender with a connection pool has them. */
async function openConnections(agent: http.Agent, port: number, count: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve) => {
          http
            .get({ host: '127.0.0.1', port, path: '/health', agent }, (response) => {
              response.resume();
              response.on('end', () => resolve());
            })
            .on('error', () => resolve());
        }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return child(process.argv[3]);

  const { cleanups, cleanup } = cleanupsOnExit();

  try {
    const serverUrl = await startDatabaseServer(cleanups);
    const url = await createBenchDatabase(serverUrl, 'intake_bench_isolation', cleanups);
    const seed = await seedDatabase(url);

    const server = await startChild('server', { BENCH_DATABASE_URL: url }, /READY (\d+)/);
    cleanups.push(() => stopChild(server.process));
    const port = Number(/READY (\d+)/.exec(server.output())![1]);
    process.stdout.write(
      `\nIsolation benchmark — node ${process.version}, ${os.cpus().length} CPUs, ${await describeServer(url)}\n` +
        `  measured: account "${seed.victimSlug}", point_add at ${VICTIM_RATE}/s; ${ROUNDS} rounds of ${SLICE_SECONDS} s quiet and ${SLICE_SECONDS} s under flood, alternating\n` +
        `  flood: one client, ${FLOOD_RATE}/s to account "${seed.floodSlug}" (unknown endpoints, an inactive webhook, a webhook past its rate limit of ${RATE_LIMIT.perSecond}/s + ${RATE_LIMIT.burst} burst, 1 MiB bodies)\n`,
    );

    // The measured sender keeps its connections open from one phase to the next, as senders with a pool do.
    const agent = new http.Agent({ keepAlive: true, maxSockets: VICTIM_CONNECTIONS });
    cleanups.push(async () => agent.destroy());
    await openConnections(agent, port, VICTIM_CONNECTIONS);
    await measure(agent, port, seed.victimSlug, WARMUP_SECONDS, 0);
    // Other work on the machine comes and goes: quiet and flooded slices alternate, so that it weighs on both.
    const quiet: Phase = { latencies: [], non2xx: 0, errors: 0 };
    const flooded: Phase = { latencies: [], non2xx: 0, errors: 0 };
    const floodOutputs: string[] = [];
    const logsBefore = await countLogs(url, seed.floodAccountId);
    let member = 10_000;
    for (let round = 0; round < ROUNDS; round++) {
      for (const underFlood of round % 2 === 0 ? [false, true] : [true, false]) {
        const slice = underFlood
          ? await floodedSlice(agent, port, seed, member, floodOutputs, cleanups)
          : await measure(agent, port, seed.victimSlug, SLICE_SECONDS, member);
        member += SLICE_SECONDS * VICTIM_RATE;
        const into = underFlood ? flooded : quiet;
        into.latencies.push(...slice.latencies);
        into.non2xx += slice.non2xx;
        into.errors += slice.errors;
      }
    }
    const logsAfter = await countLogs(url, seed.floodAccountId);
    printReport(quiet, flooded, floodOutputs, logsAfter.total - logsBefore.total, logsAfter.byOutcome);
  } finally {
    await cleanup();
  }
}

/** One measured slice under flood: a flood process of its own, ramped up first, gone before the next slice. */
async function floodedSlice(
  agent: http.Agent,
  port: number,
  seed: Seed,
  firstMember: number,
  floodOutputs: string[],
  cleanups: (() => Promise<void>)[],
): Promise<Phase> {
  const flooder = await startChild(
    'flood',
    {
      BENCH_PORT: String(port),
      BENCH_FLOOD_SLUG: seed.floodSlug,
      BENCH_SECONDS: String(FLOOD_RAMP_SECONDS + SLICE_SECONDS),
    },
    /FLOODING/,
  );
  cleanups.push(() => stopChild(flooder.process));
  // The attacker's CPU is not ours: on one machine, the flood client yields the CPU to the server and the measured
  // sender, so that what is measured is the server's isolation rather than three processes sharing few cores.
  if (flooder.process.pid !== undefined) os.setPriority(flooder.process.pid, 19);
  await new Promise((resolve) => setTimeout(resolve, FLOOD_RAMP_SECONDS * 1000));
  const phase = await measure(agent, port, seed.victimSlug, SLICE_SECONDS, firstMember);
  await flooder.exited;
  floodOutputs.push(flooder.output());
  return phase;
}

function printReport(
  quiet: Phase,
  flooded: Phase,
  floodOutputs: string[],
  floodLogs: number,
  byOutcome: Record<string, number>,
): void {
  const stats = (phase: Phase) => {
    const sorted = [...phase.latencies].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
  };
  const q = stats(quiet);
  const f = stats(flooded);
  const rows = [
    ['phase', 'p50 ms', 'p99 ms', 'max ms', 'responses', 'non-2xx', 'errors'],
    ['quiet', q.p50, q.p99, q.max, quiet.latencies.length, quiet.non2xx, quiet.errors],
    ['under flood', f.p50, f.p99, f.max, flooded.latencies.length, flooded.non2xx, flooded.errors],
  ].map((cells) =>
    cells.map((cell) => (typeof cell === 'number' && !Number.isInteger(cell) ? cell.toFixed(1) : String(cell))),
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  process.stdout.write('\n');
  for (const [index, row] of rows.entries()) {
    process.stdout.write(
      `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}\n`,
    );
    if (index === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }

  const reports = floodOutputs.flatMap((output) => {
    const match = /FLOOD (\{.*\})/.exec(output);
    return match ? [JSON.parse(match[1]) as { sent: number; seconds: number; tally: Record<string, number> }] : [];
  });
  if (reports.length === floodOutputs.length && reports.length > 0) {
    const sent = reports.reduce((sum, report) => sum + report.sent, 0);
    const seconds = reports.reduce((sum, report) => sum + report.seconds, 0);
    const tally: Record<string, number> = {};
    for (const report of reports) {
      for (const [key, count] of Object.entries(report.tally)) tally[key] = (tally[key] ?? 0) + count;
    }
    const answers = Object.entries(tally)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `${key}: ${count}`)
      .join(', ');
    process.stdout.write(
      `\nflood: ${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s); answers by kind and status: ${answers}\n`,
    );
  } else {
    process.stdout.write('\nflood: a flood process gave no report (it failed)\n');
  }
  process.stdout.write(
    `request logs the flood left: ${floodLogs} (by outcome, whole run: ${JSON.stringify(byOutcome)})\n`,
  );
  const ratio = f.p99 / q.p99;
  const clean = quiet.non2xx + quiet.errors + flooded.non2xx + flooded.errors === 0;
  process.stdout.write(
    `measured account p99 under flood / quiet: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})` +
      `${clean ? '; every measured request answered 2xx' : '; the measured account had non-2xx answers or errors'}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Database: the server, the seed, counts.

async function seedDatabase(url: string): Promise<Seed> {
  await import('reflect-metadata');
  const { openOrm, migrate } = await import('../src/persistence/orm.js');
  const { createAccount } = await import('../src/application/accounts/create-account.js');
  const { createWebhook } = await import('../src/application/webhooks/create-webhook.js');
  const { changeWebhookStatus } = await import('../src/application/webhooks/change-webhook-status.js');
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
    const purchase = (endpoint: string) => ({
      name: endpoint,
      method: 'POST' as const,
      endpoint,
      action: 'point_add',
      filter: {
        join: 'AND' as const,
        conditions: [
          { attribute: 'headers.x-intake-secret', operator: 'EQUALS' as const, value: SHARED_SECRET },
          { attribute: 'body.points', operator: 'GREATER_THAN' as const, value: 0 },
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
    const actorOf = (account: { id: string; slug: string }) => ({
      accountId: account.id,
      accountSlug: account.slug,
      role: 'ADMIN' as const,
      label: 'bench',
    });

    const victim = await createAccount(deps, 'victim', 'Measured account');
    const victimHook = await createWebhook(deps, actorOf(victim), purchase('purchase'));
    await changeWebhookStatus(deps, actorOf(victim), victimHook.id, 'ACTIVATE');
    await orm.em
      .getConnection()
      .execute(
        `INSERT INTO customers (id, account_id, external_id, points) SELECT gen_random_uuid(), ?, 'member-' || i, 0 FROM generate_series(0, ?) AS i`,
        [victim.id, MEMBERS - 1],
      );

    const flooded = await createAccount(deps, 'flooded', 'Flooded account');
    await createWebhook(deps, actorOf(flooded), purchase('inactive'));
    const limited = await createWebhook(deps, actorOf(flooded), purchase('limited'));
    await changeWebhookStatus(deps, actorOf(flooded), limited.id, 'ACTIVATE');
    return { victimSlug: victim.slug, floodSlug: flooded.slug, floodAccountId: flooded.id };
  } finally {
    await orm.close(true);
  }
}

async function countLogs(
  url: string,
  accountId: string,
): Promise<{ total: number; byOutcome: Record<string, number> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ outcome: string; count: number }>(
      `SELECT outcome, count(*)::int AS count FROM request_logs WHERE account_id = $1 GROUP BY outcome ORDER BY outcome`,
      [accountId],
    );
    const byOutcome = Object.fromEntries(rows.map((row) => [row.outcome, row.count]));
    return { total: rows.reduce((sum, row) => sum + row.count, 0), byOutcome };
  } finally {
    await client.end();
  }
}

async function describeServer(url: string): Promise<string> {
  return `${await describePostgres(url)}; rate limit counted per process`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:isolation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
