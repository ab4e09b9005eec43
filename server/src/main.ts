import 'reflect-metadata';
import { ensureDemoAccount } from './application/accounts/ensure-demo-account.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Drain } from './http/drain.js';
import { openDatabase, type Database } from './persistence/database.js';
import { resolveSecretKey } from './security/secret-key.js';
import type { FastifyInstance } from 'fastify';
import type { Deps } from './application/deps.js';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const say = (line: string) => process.stdout.write(`[intake] ${line}\n`);

/**
 * Process entry: config → database → app → listen, and a graceful shutdown. A signal during start-up abandons
 * it (stopping the embedded PostgreSQL if it was started); once listening, it shuts down gracefully.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const starting = new AbortController();
  let shutDown: ((signal: string) => Promise<void>) | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shutDown) void shutDown(signal);
    else if (!starting.signal.aborted) {
      say(`${signal} while starting: giving up the start`);
      starting.abort(new Error(`${signal} while starting`));
    }
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  const secretKey = resolveSecretKey(config, say);
  const database = await openDatabase(config, say, starting.signal);
  // A refused or abandoned start (e.g. a secret key that cannot open the stored secrets) leaves PostgreSQL stopped.
  const { app, deps, drain, metricsApp, maintenance } = await buildApp({
    config: { ...config, secretKey },
    orm: database.orm,
  })
    .then((built) => {
      starting.signal.throwIfAborted();
      return built;
    })
    .catch(async (error: unknown) => {
      await database.close();
      throw error;
    });

  // The shutdown is this file's alone. Apollo stops itself on SIGTERM/SIGINT (its drain closes idle connections at
  // once, then it raises the signal again): that would cut keep-alive connections before the drain answers them.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal))
      if (listener !== onSignal) process.removeListener(signal, listener);
  }
  await offerDemoAccount(config, deps);
  // Node's default queue of connections not yet accepted (511) overflows under a burst of new connections (a flood
  // of short ones, or every sender reconnecting after a restart): the kernel then drops SYNs and the senders wait
  // a second or more to retry. Queue as many as the instance would hold open (the kernel caps it at somaxconn).
  await app.listen({ port: config.port, host: config.host, backlog: config.httpLimits.maxConnections });
  if (metricsApp && config.metrics.port !== null) {
    await metricsApp.listen({ port: config.metrics.port, host: config.host });
    say(`metrics on http://${config.host}:${config.metrics.port}/metrics`);
  }
  shutDown = gracefulShutdown(config, app, drain, database);
  // Request log partitions and retention: now (the migrations are applied), then hourly; the shutdown stops it.
  maintenance.start();
  say(
    `listening on ${config.publicUrl} (console /, GraphQL /graphql, ingestion /webhooks/custom/<account>/<endpoint>)`,
  );
  if (!config.consoleDist) say('the console is not built: `pnpm start` builds it, or run `pnpm dev`');
  if (starting.signal.aborted) await shutDown('a signal while starting');
}

/**
 * The demo account is created only where nobody can take it for real data: on the embedded default database,
 * or when asked for (INTAKE_INIT_DEMO=1, or `--init`). Elsewhere an empty database is only pointed out.
 */
async function offerDemoAccount(config: Config, deps: Deps): Promise<void> {
  const asked = config.initDemo || process.argv.includes('--init');
  if (config.databaseUrl && !asked) {
    if (!(await deps.accounts.hasAnyAccount())) {
      say(
        'This database has no account yet: create one with `pnpm cli account:create <slug>`, or start once with INTAKE_INIT_DEMO=1 for a demo account.',
      );
    }
    return;
  }
  const demo = await ensureDemoAccount(deps);
  if (!demo) return;
  say('Created the demo account on this empty database. These credentials are shown once:');
  say(`  console:  ${config.publicUrl}/   email: ${demo.email}   password: ${demo.password}`);
  say(`  API key:  ${demo.apiKey}`);
  say(
    `  try:      curl -s ${config.publicUrl}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${demo.apiKey}' -d '{"query":"{ me { account { slug name } role } }"}'`,
  );
  say(`  ingest:   ${config.publicUrl}/webhooks/custom/${demo.accountSlug}/<endpoint>`);
}

/**
 * The shutdown, in order: stop accepting (the listening socket closes), answer the requests already received
 * while new ones get 503 + Retry-After, close the app (ingestion pools, listener, Redis), then the ORM, and the
 * embedded PostgreSQL last. Past SHUTDOWN_TIMEOUT_MS the process exits anyway (code 1).
 */
function gracefulShutdown(
  config: Config,
  app: FastifyInstance,
  drain: Drain,
  database: Database,
): (signal: string) => Promise<void> {
  let stopping = false;
  return async (signal) => {
    if (stopping) {
      say(`${signal}: already shutting down`);
      return;
    }
    stopping = true;
    const timeout = config.shutdownTimeoutMs;
    const started = Date.now();
    setTimeout(() => {
      say(`shutdown took longer than ${timeout} ms (SHUTDOWN_TIMEOUT_MS): exiting now`);
      process.exit(1);
    }, timeout).unref();
    say(`${signal}: shutting down; no new connections, answering the requests already received`);
    // What remains after the drain is kept for closing pools and stopping the embedded PostgreSQL.
    const reserve = Math.min(3_000, timeout / 3);
    const { unanswered } = await drain.drain({
      lingerMs: Math.min(1_000, timeout / 4),
      deadline: started + timeout - reserve,
    });
    if (unanswered > 0) {
      say(`${unanswered} request(s) still unanswered; closing their connections`);
      app.server.closeAllConnections();
    }
    try {
      await app.close();
      await database.close();
    } catch (error) {
      say(`shutdown: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    say(`stopped after ${Date.now() - started} ms`);
    process.exit(0);
  };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`[intake] failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
