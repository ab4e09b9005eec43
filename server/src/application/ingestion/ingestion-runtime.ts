import type { IngestionStore } from './ports.js';
import type { WebhookCache } from './webhook-cache.js';

/**
 * What ingestion works with in a process: its storage and the webhook configuration cache in front of it.
 * The composition root (app.ts) builds it, keeps the cache honest with a change listener, and closes it.
 */
export interface IngestionRuntime {
  store: IngestionStore;
  cache: WebhookCache;
  /**
   * Milliseconds since the epoch: what sender timestamps, secret expiry and idempotency windows are measured
   * against. `Date.now` unless a test freezes it (to check a sender's published example signature).
   */
  clock?: () => number;
}
