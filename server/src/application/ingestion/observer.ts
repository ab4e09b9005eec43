import type { RequestOutcome } from '../../domain/types.js';
import type { RoutedWebhook } from './webhook-cache.js';

/**
 * What ingestion reports as it works, for metrics. Implemented outside the application (app.ts wires a
 * Prometheus one in); every method is called on the hot path, so implementations must be cheap and must not throw.
 */
export interface IngestionObserver {
  /**
   * One ingestion request answered. `webhook` is what its address resolved to (null: an unknown address, or a
   * request refused before its address was looked up); `account` and `endpoint` are its address as sent.
   * `outcome` is its request log's, or null when none was written (refused at the door).
   */
  answered(
    webhook: RoutedWebhook | null,
    account: string,
    endpoint: string,
    outcome: RequestOutcome | null,
    statusCode: number,
    durationMs: number,
  ): void;
}

/** The webhook configuration cache at work. */
export interface CacheObserver {
  /** A look-up answered from the cache (a webhook, or an address known to be unknown). */
  hit(): void;
  /** A look-up that had to read the database (or join a read already running). */
  miss(): void;
  /** Entries dropped because a webhook changed, or because the change listener reconnected. */
  invalidated(): void;
}

export const NO_CACHE_OBSERVER: CacheObserver = { hit() {}, miss() {}, invalidated() {} };
