import type { AccountRepository } from './accounts/account-repository.js';
import type { CustomerRepository } from './customers/customer-repository.js';
import type { RequestLogRepository } from './logs/request-log-repository.js';
import type { CredentialCache } from './auth/credential-cache.js';
import type { IngestionRuntime } from './ingestion/ingestion-runtime.js';
import type { ExpressionEvaluator } from './ingestion/ports.js';
import type { ReplayRepository } from './replay/ports.js';
import type { SecretBox } from './secrets/secret-box.js';
import type { WebhookStatsRepository } from './stats/webhook-stats-repository.js';
import type { WebhookRepository } from './webhooks/webhook-repository.js';

/** The ports use cases store and read through; persistence implements them (`createRepositories`). */
export interface Repositories {
  accounts: AccountRepository;
  webhooks: WebhookRepository;
  requestLogs: RequestLogRepository;
  customers: CustomerRepository;
  webhookStats: WebhookStatsRepository;
  replays: ReplayRepository;
}

/** What use cases need from the outside world. */
export interface Deps extends Repositories {
  /** Base of the ingestion URLs shown to admins. */
  publicUrl: string;
  sessionTtlMs: number;
  /** Seals sender secrets before they are stored, and opens them where a use case needs the value. */
  secretBox: SecretBox;
  /**
   * Called after a change to a webhook committed, so that this process's ingestion cache drops it at once
   * (read-your-writes); other processes hear of it through the database's notification.
   */
  webhookChanged(webhookId: string): void;
  /** Verified API keys, kept current by the database's notifications; cleared by this process's own changes. */
  credentials: CredentialCache;
  /** Evaluates mapping expressions for the dry run, as ingestion does (the same worker threads). */
  expressions: ExpressionEvaluator;
  /**
   * Ingestion as replays use it (a replay is a request through the webhook's configuration now); absent in processes
   * that ingest nothing (the CLI, benchmarks' set-up), which then cannot replay.
   */
  ingestion?: IngestionRuntime;
  /** Called once a bulk replay was created, so that this instance's runner claims it at once. */
  replayJobsChanged?(): void;
}
