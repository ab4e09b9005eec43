/**
 * The per-webhook rate limit as ingestion needs it, declared here and implemented in persistence/ingestion
 * (in Redis when `REDIS_URL` is set, so that every instance shares one budget; else in the process).
 */

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed above that rate in a burst (spread over BURST_WINDOW_SECONDS). */
  burst: number;
}

/** The window the burst allowance is counted over. */
export const BURST_WINDOW_SECONDS = 10;

export interface IngestionRateLimiter {
  /** Counts one request against `key` (a webhook id) and says whether it may go on. Never rejects. */
  take(key: string): Promise<RateDecision>;
  /** Where the counts live: "redis" (shared by every instance) or "process". */
  readonly scope: 'redis' | 'process';
  close(): Promise<void>;
}
