/**
 * Read-side benchmark: `pnpm bench:graphql` (also `pnpm bench:stats`).
 *
 * Creates a throwaway database (on DATABASE_URL's server, else an embedded PostgreSQL), 20 webhooks, one of them
 * with 1,000,000 request logs spread over the last 24 hours (written in chunks, so the statistics rollup is kept by
 * its trigger as in production), then times, median of RUNS each:
 *   - `GET /health`, `{ __typename }` without credentials and with an API key, `{ me { role } }`,
 *     `webhooks(first: 20)` — the API's fixed cost (targets: an authenticated trivial query ≤ 2 ms);
 *   - `webhook.stats` for the last 24 h by MINUTE (1,440 buckets) — target ≤ 50 ms;
 *   - a 50-row `webhook.logs` page at several depths (first page, 1 k, 100 k, 500 k and 999,950 rows deep, by
 *     keyset cursor) — target ≤ 5 ms.
 * Each is timed two ways: server side (Fastify's `inject`: the whole server — routing, authentication, GraphQL,
 * the database — without a socket) and over HTTP on loopback. The SQL alone is shown by EXPLAIN ANALYZE.
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import pg from 'pg';
import {
  benchAppConfig,
  cleanupsOnExit,
  createBenchDatabase,
  describePostgres,
  percentile,
  startDatabaseServer,
} from './support.js';

const LOGS = 1_000_000;
const CHUNK = 100_000;
const RUNS = 50;
const DEPTHS = [0, 1_000, 100_000, 500_000, LOGS - 50];
const TARGET_STATS_MS = 50;
const TARGET_PAGE_MS = 5;
const TARGET_TRIVIAL_MS = 2;
const WEBHOOKS = 20;

const STATS = `query Stats($id: ID!, $from: DateTime!, $to: DateTime!) {
  webhook(id: $id) { stats(from: $from, to: $to, interval: MINUTE) { start total processed failed p50Ms p95Ms } }
}`;
const PAGE = `query Page($id: ID!, $after: String) {
  webhook(id: $id) { logs(first: 50, after: $after) { nodes { id receivedAt statusCode outcome durationMs }
    pageInfo { hasNextPage endCursor } } }
}`;

async function main(): Promise<void> {
  const { cleanups, cleanup } = cleanupsOnExit();
  try {
    await import('reflect-metadata');
    const serverUrl = await startDatabaseServer(cleanups);
    const url = await createBenchDatabase(serverUrl, 'intake_bench_stats', cleanups);
    const { openOrm, migrate } = await import('../src/persistence/orm.js');
    const { buildApp } = await import('../src/app.js');
    const { createAccount } = await import('../src/application/accounts/create-account.js');
    const { issueApiKey } = await import('../src/application/accounts/api-keys.js');
    const { createWebhook } = await import('../src/application/webhooks/create-webhook.js');

    const orm = await openOrm(url);
    cleanups.push(() => orm.close(true));
    await migrate(orm);
    const { app, deps, maintenance } = await buildApp({
      orm,
      logger: false,
      config: benchAppConfig(),
    });
    cleanups.push(() => app.close());
    const account = await createAccount(deps, 'bench', 'Benchmark');
    const { secret } = await issueApiKey(deps, account.id, 'bench', 'ADMIN');
    const actor = { accountId: account.id, accountSlug: account.slug, role: 'ADMIN' as const, label: 'bench' };
    const webhook = await createWebhook(deps, actor, {
      name: 'Purchases',
      method: 'POST',
      endpoint: 'purchase',
      action: 'point_add',
      filter: null,
      mapping: [{ from: 'customer_id', to: 'customer', replace: [] }],
      successResponse: null,
      errorResponse: null,
    });

    for (let i = 1; i < WEBHOOKS; i++) {
      await createWebhook(deps, actor, {
        name: `Webhook ${i}`,
        method: 'POST',
        endpoint: `hook-${i}`,
        action: 'opt_in',
        filter: null,
        mapping: [{ from: 'id', to: 'customer', replace: [] }],
        successResponse: null,
        errorResponse: null,
      });
    }
    const now = Date.now();
    process.stdout.write(
      `\nRead benchmark — node ${process.version}, ${os.cpus().length} CPUs, ${await describePostgres(url)}\n` +
        `  writing ${LOGS.toLocaleString('en-US')} request logs over the last 24 h, ${CHUNK.toLocaleString('en-US')} per statement…\n`,
    );
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    cleanups.push(() => sql.end());
    const writeStarted = performance.now();
    for (let written = 0; written < LOGS; written += CHUNK) {
      // Evenly spread over the 24 h: row n of the whole set is n × 86.4 ms old, plus jitter.
      await sql.query(
        `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers,
           request_body, status_code, response_body, response_headers, duration_ms, outcome)
         SELECT gen_random_uuid(), $1, $2, to_timestamp(($3::float8 - (($4 + n) * 86.4) - random() * 80) / 1000),
           'POST', '/webhooks/custom/bench/purchase', '{"content-type":"application/json"}',
           '{"customer_id":"m' || n % 1000 || '","points":5}',
           CASE WHEN n % 20 = 0 THEN 422 ELSE 200 END, '{"ok":true}', '{}', 0.2 + random() * random() * 20,
           CASE WHEN n % 20 = 0 THEN 'FILTERED' WHEN n % 97 = 0 THEN 'FAILED' ELSE 'PROCESSED' END
         FROM generate_series(0, $5 - 1) AS n`,
        [account.id, webhook.id, now, written, CHUNK],
      );
    }
    process.stdout.write(`  written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s\n`);
    // Rows older than today's partition landed in the default one: the maintenance files them as at start.
    await maintenance.runNow();
    await sql.query('VACUUM ANALYZE request_logs');
    await sql.query('VACUUM ANALYZE webhook_stats_minute');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret}` };
    const inject = async (query: string, variables: Record<string, unknown>) => {
      const response = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
      return checked(response.statusCode, response.body);
    };
    const overHttp = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return checked(response.status, await response.text());
    };

    const rows: Row[] = [];
    const anonymous = { 'content-type': 'application/json' };
    const health = {
      what: 'GET /health',
      ...(await time(
        () => app.inject({ method: 'GET', url: '/health' }),
        () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.text()),
      )),
      sqlMs: NaN,
      target: NaN,
    };
    rows.push(health);
    rows.push({
      what: '{ __typename } without credentials',
      ...(await time(
        () => app.inject({ method: 'POST', url: '/graphql', headers: anonymous, payload: { query: '{ __typename }' } }),
        () =>
          fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: anonymous,
            body: JSON.stringify({ query: '{ __typename }' }),
          }).then((r) => r.text()),
      )),
      sqlMs: NaN,
      target: NaN,
    });
    for (const [what, query] of [
      ['{ __typename } with an API key', '{ __typename }'],
      ['{ me { role } }', '{ me { role } }'],
      [
        `webhooks(first: ${WEBHOOKS})`,
        `{ webhooks(first: ${WEBHOOKS}) { nodes { id name status url lastRequest { receivedAt statusCode } } } }`,
      ],
    ] as const) {
      const answer = await inject(query, {});
      if (what.startsWith('webhooks') && answer.webhooks.nodes.length !== WEBHOOKS)
        throw new Error(`webhooks answered ${answer.webhooks.nodes.length} webhooks`);
      rows.push({
        what,
        ...(await time(
          () => inject(query, {}),
          () => overHttp(query, {}),
        )),
        sqlMs: NaN,
        target: what.startsWith('{ __typename }') ? TARGET_TRIVIAL_MS : NaN,
      });
    }

    const statsVariables = {
      id: webhook.id,
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
    };
    const stats = (await inject(STATS, statsVariables)).webhook.stats as { total: number }[];
    const counted = stats.reduce((sum, bucket) => sum + bucket.total, 0);
    rows.push({
      what: `stats, 24 h by minute (${stats.length} buckets, ${counted.toLocaleString('en-US')} requests)`,
      ...(await time(
        () => inject(STATS, statsVariables),
        () => overHttp(STATS, statsVariables),
      )),
      sqlMs: await explain(
        sql,
        `select bucket, sum(processed), sum(filtered), sum(invalid), sum(rejected), sum(duplicate), sum(failed),
           intake_histogram_sum(durations) from webhook_stats_minute
         where webhook_id = $1 and bucket >= $2 and bucket < $3 group by 1 order by 1`,
        [webhook.id, new Date(now - 86_400_000), new Date(now)],
      ),
      target: TARGET_STATS_MS,
    });

    for (const depth of DEPTHS) {
      const after = depth === 0 ? null : await cursorAt(sql, webhook.id, depth);
      const variables = { id: webhook.id, after };
      const page = (await inject(PAGE, variables)).webhook.logs as { nodes: unknown[] };
      if (page.nodes.length !== 50) throw new Error(`the page ${depth} rows deep has ${page.nodes.length} rows`);
      rows.push({
        what: `logs page of 50, ${depth.toLocaleString('en-US')} rows deep`,
        ...(await time(
          () => inject(PAGE, variables),
          () => overHttp(PAGE, variables),
        )),
        sqlMs: await explain(
          sql,
          `select * from request_logs where webhook_id = $1 and account_id = $2
             ${after ? 'and (received_at, id) < ($3, $4)' : ''} order by received_at desc, id desc limit 51`,
          after ? [webhook.id, account.id, ...decode(after)] : [webhook.id, account.id],
        ),
        target: TARGET_PAGE_MS,
      });
    }
    printTable(rows);
  } finally {
    await cleanup();
  }
}

interface Row {
  what: string;
  serverMs: number;
  httpMs: number;
  sqlMs: number;
  target: number;
}

function checked(status: number, body: string): any {
  const parsed = JSON.parse(body) as { data?: any; errors?: unknown[] };
  if (status !== 200 || parsed.errors) throw new Error(`GraphQL answered ${status}: ${body.slice(0, 500)}`);
  return parsed.data;
}

/** Medians of RUNS, after a warm-up, alternating the two ways so that load that comes and goes weighs on both. */
async function time(server: () => Promise<unknown>, http: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await server().then(http);
  const serverTimes: number[] = [];
  const httpTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let started = performance.now();
    await server();
    serverTimes.push(performance.now() - started);
    started = performance.now();
    await http();
    httpTimes.push(performance.now() - started);
  }
  const median = (values: number[]) =>
    percentile(
      values.sort((a, b) => a - b),
      50,
    );
  return { serverMs: median(serverTimes), httpMs: median(httpTimes) };
}

/** The cursor the API would hand out after the row `depth` rows deep (same encoding as the pagination). */
async function cursorAt(sql: pg.Client, webhookId: string, depth: number): Promise<string> {
  const { rows } = await sql.query(
    `select received_at, id from request_logs where webhook_id = $1 order by received_at desc, id desc offset $2 limit 1`,
    [webhookId, depth - 1],
  );
  const { encodeCursor } = await import('../src/persistence/pagination.js');
  return encodeCursor({ at: (rows[0].received_at as Date).toISOString(), id: rows[0].id as string });
}

function decode(cursor: string): [string, string] {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
}

/** The execution time PostgreSQL reports for the statement (median of 5). */
async function explain(sql: pg.Client, text: string, values: unknown[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { rows } = await sql.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    times.push((rows[0]['QUERY PLAN'] as { 'Execution Time': number }[])[0]!['Execution Time']);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

function printTable(rows: Row[]): void {
  const header = ['question', 'server ms', 'HTTP ms', 'SQL ms', 'target ms', ''];
  const lines = rows.map((row) => [
    row.what,
    row.serverMs.toFixed(2),
    row.httpMs.toFixed(2),
    Number.isNaN(row.sqlMs) ? '' : row.sqlMs.toFixed(2),
    Number.isNaN(row.target) ? '' : String(row.target),
    Number.isNaN(row.target) ? '' : row.serverMs <= row.target ? 'met' : 'NOT met',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
  process.stdout.write(
    `\nmedians of ${RUNS}; "server" = the whole server without a socket (Fastify inject: authentication, GraphQL, ` +
      `database), "HTTP" = over loopback, "SQL" = PostgreSQL's execution time of the main statement (EXPLAIN ANALYZE)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:graphql failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
