import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { LoginAttemptStore } from '../../application/auth/login-throttle.js';
import type { Logger } from '../../application/ingestion/ports.js';

const DAY_SECONDS = 24 * 3600;
/** How long an address where a user signed in stays known (under 24.8 days: the in-process store's timers overflow). */
const KNOWN_SECONDS = 21 * DAY_SECONDS;
const KEY_PREFIX = 'intake:login';
/** A Redis that does not answer within this is treated as down: the process's own counts take over. */
const REDIS_COMMAND_TIMEOUT_MS = 200;

/** The store, where its counts live (`redis`: shared by every instance; `process`), and how to close it. */
export interface ScopedLoginAttemptStore extends LoginAttemptStore {
  readonly scope: 'redis' | 'process';
  close(): Promise<void>;
}

/**
 * Sign-in failures and waits in rate-limiter-flexible limiters: in Redis when `redisUrl` is set (every instance sees
 * the same counts; while Redis is unreachable each process counts on its own rather than refusing sign-ins), else in
 * this process's memory.
 */
export function createLoginAttemptStore(redisUrl: string | undefined, logger: Logger): ScopedLoginAttemptStore {
  const redis = redisUrl ? connect(redisUrl, logger) : undefined;
  const limiter = (options: IRateLimiterOptions & { keyPrefix: string }): RateLimiterAbstract => {
    const inProcess = new RateLimiterMemory(options);
    if (!redis) return inProcess;
    return new RateLimiterRedis({
      ...options,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: inProcess,
    });
  };
  const failures = limiter({
    keyPrefix: `${KEY_PREFIX}:failures`,
    points: Number.MAX_SAFE_INTEGER,
    duration: DAY_SECONDS,
  });
  const holds = limiter({ keyPrefix: `${KEY_PREFIX}:hold`, points: 1, duration: 1 });
  const known = limiter({ keyPrefix: `${KEY_PREFIX}:known`, points: 1, duration: KNOWN_SECONDS });
  return {
    scope: redis ? 'redis' : 'process',
    async countFailure(key) {
      return (await failures.penalty(key, 1)).consumedPoints;
    },
    async holdOff(key, seconds) {
      await holds.block(key, seconds);
    },
    async waitOf(key) {
      // Only block() writes here, and it stores more points than the limiter allows.
      const held = await holds.get(key);
      return held && held.consumedPoints > holds.points ? held.msBeforeNext : 0;
    },
    async remember(key) {
      await known.set(key, 1, KNOWN_SECONDS);
    },
    async isRemembered(key) {
      return ((await known.get(key))?.consumedPoints ?? 0) > 0;
    },
    async forget(key) {
      await Promise.all([failures.delete(key), holds.delete(key)]);
    },
    async close() {
      redis?.disconnect();
    },
  };
}

function connect(redisUrl: string, logger: Logger): Redis {
  const redis = new Redis(redisUrl, {
    // Commands fail at once while disconnected (the in-process limiter answers), instead of queueing.
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  });
  let warned = false;
  redis.on('error', (error: Error) => {
    // ioredis retries on its own; one line per outage is enough.
    if (warned) return;
    warned = true;
    logger.warn({ err: error }, 'login throttling: Redis is unreachable; each process counts on its own');
  });
  redis.on('ready', () => {
    if (warned) logger.info({}, 'login throttling: Redis is reachable again; the counts are shared');
    warned = false;
  });
  return redis;
}
