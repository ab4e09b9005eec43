import { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../../application/ingestion/ports.js';
import {
  BURST_WINDOW_SECONDS,
  type IngestionRateLimiter,
  type RateDecision,
  type RateLimit,
} from '../../application/ingestion/rate-limiter.js';

const KEY_PREFIX = 'intake:ingest:rate';
/** A Redis that does not answer within this is treated as down: the process's own count takes over. */
const REDIS_COMMAND_TIMEOUT_MS = 200;
const ALLOWED: RateDecision = { allowed: true };

/**
 * The per-webhook rate limit with rate-limiter-flexible: a budget of `perSecond` requests per second, and
 * beyond it a burst allowance of `burst` requests per BURST_WINDOW_SECONDS (`BurstyRateLimiter`).
 *
 * With a `redisUrl` the counts live in Redis, so every instance shares one budget; while Redis is unreachable
 * each process counts on its own (rate-limiter-flexible's insurance limiter) rather than refusing or letting
 * everything through. Without one, each process counts on its own: N instances allow N times the rate.
 */
export function createRateLimiter(
  limit: RateLimit,
  redisUrl: string | undefined,
  logger: Logger,
): IngestionRateLimiter {
  const inProcess = bursty(limit, (options) => new RateLimiterMemory(options));
  if (!redisUrl) return new FlexibleRateLimiter(inProcess, 'process', async () => {});

  const redis = new Redis(redisUrl, {
    // Commands fail at once while disconnected (the insurance limiter answers), instead of queueing.
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  let warned = false;
  redis.on('error', (error: Error) => {
    // ioredis retries on its own; one line per outage is enough.
    if (warned) return;
    warned = true;
    logger.warn({ err: error }, 'ingestion rate limit: Redis is unreachable; each process counts on its own');
  });
  redis.on('ready', () => {
    if (warned) logger.info({}, 'ingestion rate limit: Redis is reachable again; the budget is shared');
    warned = false;
  });
  const shared = bursty(limit, (options, part) => {
    return new RateLimiterRedis({
      ...options,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: `${options.keyPrefix}:insurance:${part}` }),
    });
  });
  return new FlexibleRateLimiter(shared, 'redis', async () => {
    redis.disconnect();
  });
}

type LimiterOptions = { points: number; duration: number; keyPrefix: string };

function bursty(
  limit: RateLimit,
  make: (options: LimiterOptions, part: 'rate' | 'burst') => RateLimiterAbstract,
): BurstyRateLimiter {
  return new BurstyRateLimiter(
    make({ points: limit.perSecond, duration: 1, keyPrefix: `${KEY_PREFIX}:rate` }, 'rate'),
    // rate-limiter-flexible needs at least one point: a burst of 0 is one request per window on top of the rate.
    make(
      { points: Math.max(1, limit.burst), duration: BURST_WINDOW_SECONDS, keyPrefix: `${KEY_PREFIX}:burst` },
      'burst',
    ),
  );
}

class FlexibleRateLimiter implements IngestionRateLimiter {
  constructor(
    private readonly limiter: BurstyRateLimiter,
    readonly scope: 'redis' | 'process',
    private readonly closeStore: () => Promise<void>,
  ) {}

  async take(key: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(key);
      return ALLOWED;
    } catch (refusal) {
      // Anything but a refusal is a failure of the store itself: the limit is a protection, not a gate that
      // may stop ingestion, so the request goes on.
      if (!(refusal instanceof RateLimiterRes)) return ALLOWED;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }

  close(): Promise<void> {
    return this.closeStore();
  }
}
