import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.js';
import { parseSecretKey, SECRET_KEY_SYNTAX } from './security/secret-key.js';

/** The repository root, from src/ (dev) and dist/ (built) alike. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = () =>
  z.coerce
    .number({ error: 'must be a port number (1-65535)' })
    .int('must be a port number (1-65535)')
    .min(1, 'must be a port number (1-65535)')
    .max(65535, 'must be a port number (1-65535)');

/** The ingestion hot path's tuning (INGEST_* variables). */
export interface IngestionTuning {
  /** Pooled connections for ingestion, apart from the ORM's. */
  poolSize: number;
  /** A statement running longer (e.g. waiting on a member's lock) is cancelled and the sender answered 503. */
  statementTimeoutMs: number;
  /** Requests committed together at most (group commit). */
  maxBatch: number;
  /** Group-commit batches written at the same time at most. */
  batchesInFlight: number;
  /**
   * How long the running batch must have run before another starts beside it (ms). Small: a batch commits (its
   * WAL flush) while the next one runs, which pays when commits wait on the disk; large: fewer, larger batches.
   */
  overlapAfterMs: number;
  /** Webhook configurations cached at most (by account slug and endpoint). */
  cacheEntries: number;
}

export const DEFAULT_INGESTION_TUNING: IngestionTuning = {
  poolSize: 10,
  statementTimeoutMs: 5_000,
  maxBatch: 64,
  batchesInFlight: 4,
  overlapAfterMs: 25,
  cacheEntries: 10_000,
};

/** What keeps one sender from degrading ingestion for others (INGEST_RATE_*, INGEST_MAX_IN_FLIGHT, …). */
export interface IngestionGuards {
  /** Per webhook: sustained requests per second, and a burst allowance above it (per 10 s). */
  rateLimit: { perSecond: number; burst: number };
  /** Requests being ingested at once on this instance at most; beyond it, 503 + Retry-After. */
  maxInFlight: number;
  /** A webhook body must arrive in full within this long; else 408 (logged) and the connection is closed. */
  bodyTimeoutMs: number;
}

export const DEFAULT_INGESTION_GUARDS: IngestionGuards = {
  rateLimit: { perSecond: 1_000, burst: 2_000 },
  maxInFlight: 256,
  bodyTimeoutMs: 10_000,
};

/** Limits of the HTTP server itself, for every route (HTTP_*). */
export interface HttpLimits {
  /** A request (headers and body) must arrive within this long; else Node answers 408 and closes. */
  requestTimeoutMs: number;
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { requestTimeoutMs: 30_000, maxConnections: 2_048 };

/** Where and for whom `/metrics` is served (METRICS_*). */
export interface MetricsSettings {
  /** A separate listener serves `/metrics` on this port (and the app's port does not); null: the app's port. */
  port: number | null;
  /** When set, `/metrics` needs `Authorization: Bearer <token>` (else 401). */
  token: string | null;
}

export const DEFAULT_METRICS_SETTINGS: MetricsSettings = { port: null, token: null };

/** The database side of an instance (DB_*): the API's connection pool, and how long start-up waits for PostgreSQL. */
export interface DatabaseSettings {
  /** Pooled connections of the ORM (GraphQL, console); ingestion has its own (INGEST_POOL_SIZE). */
  poolSize: number;
  /** A database that cannot be reached (down, starting, out of connections) is retried this long at start. */
  startupWaitMs: number;
}

export const DEFAULT_DATABASE_SETTINGS: DatabaseSettings = { poolSize: 10, startupWaitMs: 30_000 };

/** Where mapping expressions run (EXPRESSION_*): worker threads, each request's expressions within a time box. */
export interface ExpressionSettings {
  /** Worker threads evaluating expressions (started on first use). */
  workers: number;
  /** One request's expressions must finish within this long; else 422 EXPRESSION_TIMEOUT and the worker restarts. */
  timeoutMs: number;
}

export const DEFAULT_EXPRESSION_SETTINGS: ExpressionSettings = { workers: 1, timeoutMs: 100 };

/** Request logs are kept this many whole days before today (LOG_RETENTION_DAYS); older days' partitions are dropped. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** Connections one instance opens at most: both pools and the change listener's LISTEN connection. */
export function connectionBudget(config: { database: DatabaseSettings; ingestion: IngestionTuning }): number {
  return config.database.poolSize + config.ingestion.poolSize + 1;
}

const wholeNumber = (unit: string, min: number, max: number) => {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    PORT: port().default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://intake.example.com' })
      .optional(),
    INTAKE_DATA_DIR: z.string().min(1).optional(),
    INTAKE_SECRET_KEY: z
      .string()
      .transform((text, context) => {
        const key = parseSecretKey(text);
        if (!key) context.addIssue({ code: 'custom', message: `must be ${SECRET_KEY_SYNTAX}` });
        return key ?? z.NEVER;
      })
      .optional(),
    EMBEDDED_PG_PORT: port().default(5488),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    INGEST_BODY_LIMIT: z.coerce
      .number({ error: 'must be a number of bytes' })
      .int()
      .min(1024, 'must be at least 1024 bytes')
      .max(64 * 1024 * 1024, 'must be at most 64 MiB')
      .default(1024 * 1024),
    SESSION_TTL_HOURS: z.coerce
      .number({ error: 'must be a number of hours' })
      .positive('must be more than 0')
      .max(24 * 90, 'must be at most 2160 (90 days)')
      .default(12),
    INGEST_POOL_SIZE: wholeNumber('connections', 1, 100).default(DEFAULT_INGESTION_TUNING.poolSize),
    INGEST_STATEMENT_TIMEOUT_MS: wholeNumber('milliseconds', 100, 60_000).default(
      DEFAULT_INGESTION_TUNING.statementTimeoutMs,
    ),
    INGEST_MAX_BATCH: wholeNumber('requests', 1, 1_000).default(DEFAULT_INGESTION_TUNING.maxBatch),
    INGEST_BATCHES_IN_FLIGHT: wholeNumber('batches', 1, 100).default(DEFAULT_INGESTION_TUNING.batchesInFlight),
    INGEST_BATCH_OVERLAP_MS: wholeNumber('milliseconds', 0, 10_000).default(DEFAULT_INGESTION_TUNING.overlapAfterMs),
    INGEST_CACHE_ENTRIES: wholeNumber('entries', 1, 1_000_000).default(DEFAULT_INGESTION_TUNING.cacheEntries),
    INGEST_RATE_LIMIT: wholeNumber('requests per second', 1, 1_000_000).default(
      DEFAULT_INGESTION_GUARDS.rateLimit.perSecond,
    ),
    INGEST_RATE_BURST: wholeNumber('requests', 0, 10_000_000).default(DEFAULT_INGESTION_GUARDS.rateLimit.burst),
    INGEST_MAX_IN_FLIGHT: wholeNumber('requests', 1, 100_000).default(DEFAULT_INGESTION_GUARDS.maxInFlight),
    INGEST_BODY_TIMEOUT_MS: wholeNumber('milliseconds', 100, 600_000).default(DEFAULT_INGESTION_GUARDS.bodyTimeoutMs),
    HTTP_REQUEST_TIMEOUT_MS: wholeNumber('milliseconds', 1_000, 600_000).default(DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    HTTP_MAX_CONNECTIONS: wholeNumber('connections', 1, 1_000_000).default(DEFAULT_HTTP_LIMITS.maxConnections),
    TRUST_PROXY: z
      .string()
      .transform((text, context) => {
        const trust = parseTrustProxy(text);
        if (trust === null) {
          context.addIssue({
            code: 'custom',
            message: 'must be true, false, a number of proxy hops, or proxy addresses/CIDR ranges separated by commas',
          });
        }
        return trust ?? z.NEVER;
      })
      .optional(),
    GRAPHQL_MAX_ANSWER_BYTES: wholeNumber('bytes', 64 * 1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
    DB_POOL_SIZE: wholeNumber('connections', 1, 100).default(DEFAULT_DATABASE_SETTINGS.poolSize),
    DB_STARTUP_WAIT_MS: wholeNumber('milliseconds', 0, 600_000).default(DEFAULT_DATABASE_SETTINGS.startupWaitMs),
    SHUTDOWN_TIMEOUT_MS: wholeNumber('milliseconds', 1_000, 600_000).default(10_000),
    // Each day is a partition: a read by id alone (a log's page, an event's link) looks into every one of them.
    LOG_RETENTION_DAYS: wholeNumber('days', 1, 3_650).default(DEFAULT_LOG_RETENTION_DAYS),
    REPLAY_POLL_MS: wholeNumber('milliseconds', 10, 3_600_000).default(1_000),
    EXPRESSION_WORKERS: wholeNumber('threads', 1, 64).default(DEFAULT_EXPRESSION_SETTINGS.workers),
    EXPRESSION_TIMEOUT_MS: wholeNumber('milliseconds', 10, 10_000).default(DEFAULT_EXPRESSION_SETTINGS.timeoutMs),
    INTAKE_INIT_DEMO: z
      .enum(['0', '1', 'true', 'false'], { error: 'must be 1 (create the demo account) or 0' })
      .optional()
      .transform((value) => value === '1' || value === 'true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CONSOLE_DIST: z.string().optional(),
    METRICS_PORT: port().optional(),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .superRefine((env, context) => {
    // Each batch holds a pooled connection while it runs; the FAILED logs and configuration reads need one too.
    if (env.INGEST_BATCHES_IN_FLIGHT > env.INGEST_POOL_SIZE) {
      context.addIssue({
        code: 'custom',
        path: ['INGEST_BATCHES_IN_FLIGHT'],
        message: `must be at most INGEST_POOL_SIZE (${env.INGEST_POOL_SIZE})`,
      });
    }
    // Node's own timeout closes the connection without an answer we choose: ours must fire first, to log a 408.
    if (env.INGEST_BODY_TIMEOUT_MS >= env.HTTP_REQUEST_TIMEOUT_MS) {
      context.addIssue({
        code: 'custom',
        path: ['INGEST_BODY_TIMEOUT_MS'],
        message: `must be less than HTTP_REQUEST_TIMEOUT_MS (${env.HTTP_REQUEST_TIMEOUT_MS})`,
      });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      context.addIssue({
        code: 'custom',
        path: ['METRICS_PORT'],
        message: `must differ from PORT (${env.PORT}); leave it unset to serve /metrics on PORT`,
      });
    }
  });

export interface Config {
  databaseUrl: string | undefined;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** From INTAKE_SECRET_KEY; when unset, main.ts uses the data folder's key file (`resolveSecretKey`). */
  secretKey: Buffer | undefined;
  embeddedPostgresPort: number;
  ingestBodyLimit: number;
  ingestion: IngestionTuning;
  database: DatabaseSettings;
  /** SIGTERM/SIGINT: how long the shutdown may take (answering what was received) before the process exits. */
  shutdownTimeoutMs: number;
  /** INTAKE_INIT_DEMO=1: create the demo account on an empty database other than the embedded default. */
  initDemo: boolean;
  ingestionGuards: IngestionGuards;
  httpLimits: HttpLimits;
  /** Redis shared by every instance (REDIS_URL), or undefined: then such state is kept per process. */
  redisUrl: string | undefined;
  sessionTtlMs: number;
  /** Whom to believe about the client's address (X-Forwarded-For): nobody unless TRUST_PROXY says. */
  trustProxy: TrustProxy;
  /** The largest GraphQL answer, in bytes; a larger one is refused with LIMIT_REACHED. */
  graphqlMaxAnswerBytes: number;
  secureCookies: boolean;
  logLevel: string;
  consoleDist: string | null;
  metrics: MetricsSettings;
  /** LOG_RETENTION_DAYS: request logs received before 00:00 UTC this many days before today are dropped. */
  logRetentionDays: number;
  /** EXPRESSION_WORKERS and EXPRESSION_TIMEOUT_MS. */
  expressions: ExpressionSettings;
  /** REPLAY_POLL_MS: how often an idle instance looks for bulk replays to run. */
  replayPollMs: number;
}

export class ConfigError extends Error {}

/** The only reader of process.env: parses, validates and types it, or says precisely what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(
    /\/+$/,
    '',
  );
  const consoleDist = e.CONSOLE_DIST ?? path.join(REPO_ROOT, 'console', 'dist');
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: path.resolve(e.INTAKE_DATA_DIR ?? path.join(REPO_ROOT, '.data')),
    secretKey: e.INTAKE_SECRET_KEY,
    embeddedPostgresPort: e.EMBEDDED_PG_PORT,
    ingestBodyLimit: e.INGEST_BODY_LIMIT,
    ingestion: {
      poolSize: e.INGEST_POOL_SIZE,
      statementTimeoutMs: e.INGEST_STATEMENT_TIMEOUT_MS,
      maxBatch: e.INGEST_MAX_BATCH,
      batchesInFlight: e.INGEST_BATCHES_IN_FLIGHT,
      overlapAfterMs: e.INGEST_BATCH_OVERLAP_MS,
      cacheEntries: e.INGEST_CACHE_ENTRIES,
    },
    database: { poolSize: e.DB_POOL_SIZE, startupWaitMs: e.DB_STARTUP_WAIT_MS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    initDemo: e.INTAKE_INIT_DEMO,
    ingestionGuards: {
      rateLimit: { perSecond: e.INGEST_RATE_LIMIT, burst: e.INGEST_RATE_BURST },
      maxInFlight: e.INGEST_MAX_IN_FLIGHT,
      bodyTimeoutMs: e.INGEST_BODY_TIMEOUT_MS,
    },
    httpLimits: { requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS, maxConnections: e.HTTP_MAX_CONNECTIONS },
    redisUrl: e.REDIS_URL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    trustProxy: e.TRUST_PROXY ?? false,
    graphqlMaxAnswerBytes: e.GRAPHQL_MAX_ANSWER_BYTES,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    consoleDist: existsSync(consoleDist) ? consoleDist : null,
    metrics: { port: e.METRICS_PORT ?? null, token: e.METRICS_TOKEN ?? null },
    logRetentionDays: e.LOG_RETENTION_DAYS,
    replayPollMs: e.REPLAY_POLL_MS,
    expressions: { workers: e.EXPRESSION_WORKERS, timeoutMs: e.EXPRESSION_TIMEOUT_MS },
  };
}
