import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import type { MikroORM } from '@mikro-orm/postgresql';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { timeOrderedUuid } from './domain/ids.js';
import type { Deps } from './application/deps.js';
import { DEFAULT_ADMISSION, IngestionAdmission } from './application/ingestion/admission.js';
import type { IngestionRuntime } from './application/ingestion/ingestion-runtime.js';
import type { CacheObserver } from './application/ingestion/observer.js';
import type { Logger } from './application/ingestion/ports.js';
import type { SecretBox } from './application/secrets/secret-box.js';
import { WebhookCache } from './application/ingestion/webhook-cache.js';
import { MaintenanceSchedule } from './application/maintenance/maintenance-schedule.js';
import { DEFAULT_REPLAY_POLL_MS, ReplayRunner } from './application/replay/replay-runner.js';
import {
  DEFAULT_EXPRESSION_SETTINGS,
  DEFAULT_HTTP_LIMITS,
  DEFAULT_INGESTION_GUARDS,
  DEFAULT_INGESTION_TUNING,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_METRICS_SETTINGS,
  type Config,
  type ExpressionSettings,
  type IngestionTuning,
} from './config.js';
import { ExpressionWorkerPool } from './expressions/worker-pool.js';
import { registerGraphQL } from './graphql/plugin.js';
import { registerConsole } from './http/console-static.js';
import { registerDrain, type Drain } from './http/drain.js';
import { registerHealth } from './http/health.js';
import { registerMetrics } from './http/metrics.js';
import { serializeRequest } from './http/log-redaction.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { fastifyTrustProxy } from './http/trust-proxy.js';
import { answerUnroutableUrl, registerIngestion } from './http/ingestion/plugin.js';
import { listenForWebhookChanges } from './persistence/ingestion/change-listener.js';
import { CredentialCache } from './application/auth/credential-cache.js';
import { LiveTail, type LoggedNotice } from './application/logs/live-tail.js';
import { accountEndpointLister } from './persistence/ingestion/endpoint-directory.js';
import { createRateLimiter } from './persistence/ingestion/rate-limiter.js';
import { PgIngestionStore } from './persistence/ingestion/store.js';
import { pgMaintenance } from './persistence/maintenance/index.js';
import { migrationsCurrentCheck, ormPoolState } from './persistence/operations.js';
import { createRepositories } from './persistence/repositories/index.js';
import { createLoginAttemptStore } from './persistence/throttle/login-attempt-store.js';
import { prepareSecretsAtRest } from './persistence/secrets-at-rest.js';
import { IntakeMetrics } from './observability/metrics.js';
import { AesGcmSecretBox } from './security/secret-box.js';

/** Headers must arrive within this long (slowloris); bodies are bounded by the request timeout. */
const HEADERS_TIMEOUT_MS = 10_000;

export interface AppOptions {
  config: Pick<
    Config,
    'publicUrl' | 'sessionTtlMs' | 'secureCookies' | 'logLevel' | 'consoleDist' | 'ingestBodyLimit'
  > &
    Partial<Pick<Config, 'ingestion'>> &
    Partial<Pick<Config, 'trustProxy' | 'graphqlMaxAnswerBytes'>> &
    Partial<Pick<Config, 'ingestionGuards' | 'httpLimits' | 'redisUrl' | 'metrics' | 'logRetentionDays'>> &
    Partial<Pick<Config, 'expressions' | 'replayPollMs'>> & {
      /** Seals secrets at rest (INTAKE_SECRET_KEY or the data folder's key file; tests pass a fixed one). */
      secretKey: Buffer;
      /** How often open WebSockets' credentials are checked again (30 s; tests shorten it). */
      liveRecheckMs?: number;
    };
  orm: MikroORM;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  /** Ingestion's clock (sender timestamps, secret expiry, idempotency windows); tests freeze it. Date.now otherwise. */
  clock?: () => number;
}

/** The ingestion runtime as its owner sees it: the PostgreSQL store, readiness, and closing. */
export interface StartedIngestion extends IngestionRuntime {
  store: PgIngestionStore;
  /** The worker threads evaluating mapping expressions (started on first use). */
  expressions: ExpressionWorkerPool;
  /** Verified API keys; the change listener clears it on every credential change and while it is not listening. */
  credentials: CredentialCache;
  /** Resolves once the change listener has first connected (or failed to, and is retrying). */
  ready: Promise<void>;
  /** Whether the change listener's LISTEN connection is connected now. */
  isListening(): boolean;
  close(): Promise<void>;
}

/** What ingestion's parts report to (metrics). */
export interface IngestionObservers {
  cache?: CacheObserver;
  onBatch?(size: number, durationMs: number, committed: boolean): void;
}

/**
 * Starts ingestion over the PostgreSQL at `connectionString`: the store with its own pool, the webhook
 * configuration cache in front of it, the LISTEN connection that keeps the cache honest, and the worker threads of
 * mapping expressions.
 */
export function startIngestion(
  connectionString: string,
  tuning: IngestionTuning,
  logger: Logger,
  secretBox?: SecretBox,
  clock?: () => number,
  observers: IngestionObservers = {},
  expressionSettings: ExpressionSettings = DEFAULT_EXPRESSION_SETTINGS,
  /**
   * Told of the request logs every instance commits (the live tail) while `following()` says someone here follows
   * them (otherwise each batch's notification is dropped unread); unset, their channel is not listened to.
   */
  liveFeed?: { deliver: (notice: LoggedNotice) => void; following: () => boolean },
): StartedIngestion {
  const expressions = new ExpressionWorkerPool(expressionSettings);
  const store = new PgIngestionStore(
    connectionString,
    { ...tuning, secretBox, clock, onBatch: observers.onBatch },
    logger,
  );
  const cache = new WebhookCache({
    load: (slug, endpoint) => store.findRoute(slug, endpoint),
    maxEntries: tuning.cacheEntries,
    observer: observers.cache,
  });
  const credentials = new CredentialCache();
  let listening = false;
  const listener = listenForWebhookChanges(
    connectionString,
    {
      onChange: (webhookId) => cache.invalidate(webhookId),
      onCredentialsChange: () => credentials.clear(),
      ...(liveFeed ? { onRequestsLogged: liveFeed.deliver, followsRequestsLogged: liveFeed.following } : {}),
      onState: (up) => {
        listening = up;
        cache.setListening(up);
        credentials.setListening(up);
      },
    },
    { logger },
  );
  return {
    store,
    cache,
    credentials,
    expressions,
    clock,
    secretBox,
    ready: listener.ready,
    isListening: () => listening,
    close: async () => {
      await listener.close();
      await store.close();
      await expressions.close();
    },
  };
}

/**
 * Builds the whole HTTP application; never listens (main.ts and tests do). The composition root: it starts
 * ingestion on the ORM's database and closes it with the app.
 */
export async function buildApp(options: AppOptions): Promise<{
  app: FastifyInstance;
  deps: Deps;
  ingestion: StartedIngestion;
  drain: Drain;
  /** Serves /metrics alone when METRICS_PORT is set (whoever listens on the app listens on it too); else null. */
  metricsApp: FastifyInstance | null;
  metrics: IntakeMetrics;
  /**
   * The request log retention (partitions ahead, expired days dropped), not started: main.ts starts it (at start,
   * then hourly); tests run it themselves. Closing the app stops it.
   */
  maintenance: MaintenanceSchedule;
  /** The live tail's subscriptions on this instance. */
  liveTail: LiveTail;
}> {
  const { config, orm } = options;
  const metricsSettings = config.metrics ?? DEFAULT_METRICS_SETTINGS;
  const metrics = new IntakeMetrics();
  const guards = config.ingestionGuards ?? DEFAULT_INGESTION_GUARDS;
  const httpLimits = config.httpLimits ?? DEFAULT_HTTP_LIMITS;
  // Before anything reads a secret: a key that cannot open the stored ones refuses the start.
  const secretBox = new AesGcmSecretBox(config.secretKey);
  await prepareSecretsAtRest(orm, secretBox);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              censor: '[REDACTED]',
            },
            // URLs are logged without their query values: `?access_token=…` and GraphQL GET variables stay out.
            serializers: { req: serializeRequest },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    genReqId: () => timeOrderedUuid(),
    // Every webhook request is stored as a request log; per-request lines would only slow the hot path down.
    logController: new LogController({ disableRequestLogging: (request) => request.url.startsWith('/webhooks/') }),
    requestIdHeader: false,
    // Requests arriving while the app closes are answered by the drain (503 with Retry-After), not Fastify's 503.
    return503OnClosing: false,
    // A request (headers and body) that takes longer is answered 408 by Node and its connection closed; checked
    // every second (Node's default is every 30 s). Ingestion bodies have their own, shorter limit (logged).
    requestTimeout: httpLimits.requestTimeoutMs,
    // A webhook address that is not even a valid URL is unknown (404), like any other.
    frameworkErrors: answerUnroutableUrl,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, httpLimits.requestTimeoutMs),
      connectionsCheckingInterval: 1_000,
    },
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names: anyone else could forge it (and, with
    // it, dodge login throttling by address).
    trustProxy: fastifyTrustProxy(config.trustProxy ?? false),
  });
  // Connections past the cap are closed as they arrive: slow or idle senders cannot exhaust file descriptors.
  app.server.maxConnections = httpLimits.maxConnections;
  // First of all hooks: while shutting down, every new request is answered 503 + Retry-After before anything runs.
  const drain = registerDrain(app);
  const databaseUrl = orm.config.get('clientUrl');
  if (!databaseUrl) throw new Error('Ingestion needs the database URL (clientUrl) of the ORM configuration.');
  const repositories = createRepositories(orm, secretBox);
  const liveTail = new LiveTail(repositories.requestLogs, app.log);
  const ingestion = startIngestion(
    databaseUrl,
    config.ingestion ?? DEFAULT_INGESTION_TUNING,
    app.log,
    secretBox,
    options.clock,
    { cache: metrics.cache, onBatch: metrics.batch },
    config.expressions ?? DEFAULT_EXPRESSION_SETTINGS,
    { deliver: (notice) => void liveTail.deliver(notice), following: () => liveTail.following },
  );
  app.addHook('onClose', () => ingestion.close());
  // Before the WebSocket server closes its sockets: each subscription completes rather than breaks off.
  app.addHook('preClose', (done) => {
    liveTail.close();
    done();
  });
  const maintenance = new MaintenanceSchedule(
    pgMaintenance(databaseUrl, { logRetentionDays: config.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS }),
    app.log,
  );
  app.addHook('onClose', () => maintenance.stop());
  metrics.readFrom({
    pools: { api: () => ormPoolState(orm), ingestion: () => ingestion.store.poolState() },
    listening: ingestion.isListening,
    liveSubscriptions: () => liveTail.size,
  });
  ingestion.cache.useDirectory(accountEndpointLister(orm));
  const rateLimiter = createRateLimiter(guards.rateLimit, config.redisUrl, app.log);
  const admission = new IngestionAdmission(
    { cache: ingestion.cache, rateLimiter, logger: app.log },
    { ...DEFAULT_ADMISSION, maxInFlight: guards.maxInFlight },
  );
  app.addHook('onClose', async () => {
    admission.close();
    await rateLimiter.close();
  });
  const replayRunner = new ReplayRunner(
    { replays: repositories.replays, ingestion, secretBox },
    app.log,
    config.replayPollMs ?? DEFAULT_REPLAY_POLL_MS,
    (config.ingestion ?? DEFAULT_INGESTION_TUNING).statementTimeoutMs + 1_000,
  );
  // Before ingestion closes: the chunk in progress finishes (or, cut short, is resumed by another instance).
  app.addHook('onClose', () => replayRunner.stop());
  const deps: Deps = {
    ...repositories,
    publicUrl: config.publicUrl,
    sessionTtlMs: config.sessionTtlMs,
    secretBox,
    webhookChanged: (webhookId) => ingestion.cache.invalidate(webhookId),
    credentials: ingestion.credentials,
    expressions: ingestion.expressions,
    ingestion,
    replayJobsChanged: () => replayRunner.kick(),
  };
  const loginAttempts = createLoginAttemptStore(config.redisUrl, app.log);
  app.addHook('onClose', () => loginAttempts.close());
  await registerSecurityHeaders(app, { https: config.secureCookies });
  await app.register(fastifyCookie);
  await registerHealth(app, {
    ping: () => orm.em.getConnection().execute('select 1'),
    migrationsCurrent: migrationsCurrentCheck(orm),
    listening: ingestion.isListening,
    shuttingDown: () => drain.draining,
  });
  const metricsRoute = {
    render: () => metrics.render(),
    contentType: metrics.contentType,
    token: metricsSettings.token,
  };
  let metricsApp: FastifyInstance | null = null;
  if (metricsSettings.port === null) {
    await registerMetrics(app, metricsRoute);
  } else {
    const separate = Fastify({ logger: false });
    metricsApp = separate;
    await registerMetrics(separate, metricsRoute);
    app.addHook('onClose', () => separate.close());
  }
  await registerGraphQL(app, deps, {
    secureCookies: config.secureCookies,
    loginAttempts,
    maxAnswerBytes: config.graphqlMaxAnswerBytes,
    onOperation: metrics.graphqlOperation,
    liveTail,
    recheckCredentialsMs: config.liveRecheckMs,
  });
  await ingestion.ready;
  await app.register(registerIngestion, {
    runtime: ingestion,
    bodyLimit: config.ingestBodyLimit,
    admission,
    bodyTimeoutMs: guards.bodyTimeoutMs,
    observer: metrics.ingestion,
  });
  await registerConsole(app, config.consoleDist);
  replayRunner.start();
  return { app, deps, ingestion, drain, metricsApp, metrics, maintenance, liveTail };
}
