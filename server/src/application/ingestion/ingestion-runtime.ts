import type { SecretBox } from '../secrets/secret-box.js';
import type { ExpressionEvaluator, IngestionStore } from './ports.js';
import type { WebhookCache } from './webhook-cache.js';

/**
 * What ingestion works with in a process: its storage, the webhook configuration cache in front of it, and the
 * evaluator of mapping expressions.
 * The composition root (app.ts) builds it, keeps the cache honest with a change listener, and closes it.
 */
export interface IngestionRuntime {
  store: IngestionStore;
  cache: WebhookCache;
  /** Mapping expressions' evaluator (worker threads); webhooks without expressions never call it. */
  expressions: ExpressionEvaluator;
  /**
   * Milliseconds since the epoch: what sender timestamps, secret expiry and idempotency windows are measured
   * against. `Date.now` unless a test freezes it (to check a sender's published example signature).
   */
  clock?: () => number;
  /** Seals each log's original request (what replay needs); without it, logs keep none and cannot be replayed. */
  secretBox?: SecretBox;
}
