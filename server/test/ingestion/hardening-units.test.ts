import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_HTTP_LIMITS, DEFAULT_INGESTION_GUARDS, loadConfig } from '../../src/config.js';
import { isWebhookAddress } from '../../src/application/ingestion/admission.js';
import { WindowSampler } from '../../src/application/ingestion/flood-control.js';
import { redactQuery } from '../../src/application/ingestion/log-record.js';
import type { WebhookRouteRow } from '../../src/application/ingestion/ports.js';
import { ConfigurationReadsBusy, WebhookCache } from '../../src/application/ingestion/webhook-cache.js';

/** The small parts of the ingestion hardening, without a server. */

describe('isWebhookAddress', () => {
  it.each<[string, string, boolean]>([
    ['demo', 'points', true],
    ['acct-1', 'a_b-c9', true],
    ['demo', 'p'.repeat(64), true],
    ['demo', 'p'.repeat(65), false],
    ['a', 'points', false],
    ['d'.repeat(63), 'points', true],
    ['d'.repeat(64), 'points', false],
    ['demo', 'points\u0000', false],
    ['demo\u0000', 'points', false],
    ['Demo', 'points', false],
    ['demo', 'Points', false],
    ['demo', '-points', false],
    ['demo', 'points.json', false],
    ['demo', 'pöints', false],
    ['demo', '\ud800', false],
    ['demo', '', false],
    ['__proto__', 'constructor', false],
  ])('%j / %j → %s', (account, endpoint, valid) => {
    expect(isWebhookAddress(account, endpoint)).toBe(valid);
  });
});

describe('WindowSampler', () => {
  it('passes the first N per key and window, and the next one that passes carries the count of the others', () => {
    let now = 0;
    const sampler = new WindowSampler({ passPerWindow: 2, windowMs: 1_000, now: () => now });
    expect([1, 2, 3, 4, 5].map(() => sampler.take('w').pass)).toEqual([true, true, false, false, false]);
    expect(sampler.take('other')).toEqual({ pass: true, skippedBefore: 0 });
    now = 999;
    expect(sampler.take('w')).toEqual({ pass: false, skippedBefore: 0 });
    now = 1_000;
    expect(sampler.take('w')).toEqual({ pass: true, skippedBefore: 4 });
    expect(sampler.take('w')).toEqual({ pass: true, skippedBefore: 0 });
    expect(sampler.take('w')).toEqual({ pass: false, skippedBefore: 0 });
    now = 5_000;
    expect(sampler.take('w')).toEqual({ pass: true, skippedBefore: 1 });
  });

  it('forgets ended windows past maxKeys, and the oldest key when every window is current', () => {
    let now = 0;
    const sampler = new WindowSampler({ passPerWindow: 1, windowMs: 1_000, maxKeys: 2, now: () => now });
    sampler.take('a');
    sampler.take('a');
    sampler.take('b');
    sampler.take('c'); // full of current windows: 'a' (the oldest) is forgotten, with its count
    expect(sampler.take('a')).toEqual({ pass: true, skippedBefore: 0 });
    now = 2_000;
    sampler.take('d');
    expect(sampler.take('c')).toEqual({ pass: true, skippedBefore: 0 });
  });
});

describe('redactQuery', () => {
  it.each<[string, string]>([
    ['auth=abc&page=2', 'auth=[REDACTED]&page=2'],
    ['sig=abc&se=2026', 'sig=[REDACTED]&se=2026'],
    ['x_authorization=Bearer%20x', 'x_authorization=[REDACTED]'],
    ['hmac=1&author=ann', 'hmac=[REDACTED]&author=ann'],
    ['access_token=t', 'access_token=[REDACTED]'],
  ])('%s → %s', (query, redacted) => {
    expect(redactQuery(query)).toBe(redacted);
  });
});

function row(id: string): WebhookRouteRow {
  return {
    id,
    accountId: 'a',
    status: 'ACTIVE',
    method: 'POST',
    filter: null,
    action: 'point_add',
    mapping: [],
    successResponse: null,
    errorResponse: null,
    version: 1,
  } as WebhookRouteRow;
}

describe('WebhookCache under a flood of addresses', () => {
  it('unknown addresses never push webhooks out of the cache', async () => {
    const loads: string[] = [];
    const cache = new WebhookCache({
      load: async (slug, endpoint) => {
        loads.push(endpoint);
        return endpoint === 'real' ? row('w1') : null;
      },
      maxEntries: 3,
    });
    cache.setListening(true);
    await cache.resolve('s', 'real');
    for (let i = 0; i < 100; i++) await cache.resolve('s', `made-up-${i}`);
    loads.length = 0;
    expect((await cache.resolve('s', 'real'))?.id).toBe('w1');
    expect(loads).toEqual([]);
  });

  it('runs at most maxConcurrentLoads configuration reads at once; the others wait their turn', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const cache = new WebhookCache({
      load: async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return null;
      },
      maxConcurrentLoads: 2,
    });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => cache.resolve('s', `e${i}`)));
    expect(answers).toEqual(Array.from({ length: 10 }, () => null));
    expect(mostAtOnce).toBe(2);
  });

  it('fresh reads of one address share one read that started after them, and a failed read frees its slot', async () => {
    const releases: (() => void)[] = [];
    let reads = 0;
    let fail = false;
    const cache = new WebhookCache({
      load: async () => {
        reads++;
        await new Promise<void>((resolve) => releases.push(resolve));
        if (fail) throw new Error('down');
        return row(`w${reads}`);
      },
      maxConcurrentLoads: 1,
    });
    cache.setListening(true);
    const first = cache.resolve('s', 'e', true);
    await Promise.resolve();
    // These arrive while the first read runs: it may predate them, so they share the next one.
    const later = Array.from({ length: 5 }, () => cache.resolve('s', 'e', true));
    releases.shift()!();
    expect((await first)?.id).toBe('w1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases.shift()!();
    expect((await Promise.all(later)).map((webhook) => webhook?.id)).toEqual(['w2', 'w2', 'w2', 'w2', 'w2']);
    expect(reads).toBe(2);

    fail = true;
    const failing = cache.resolve('s', 'other');
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases.shift()!();
    await expect(failing).rejects.toThrow('down');
    fail = false;
    const next = cache.resolve('s', 'third');
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases.shift()!();
    expect((await next)?.id).toBe('w4');
  });
});

describe('fresh reads under a flood', () => {
  it('answer from a read that started less than 100 ms before, else read again', async () => {
    let now = 0;
    let reads = 0;
    const cache = new WebhookCache({
      load: async () => {
        reads++;
        return { ...row('w1'), status: 'INACTIVE' } as WebhookRouteRow;
      },
      now: () => now,
    });
    cache.setListening(true);
    await cache.resolve('s', 'e');
    for (let i = 0; i < 20; i++) await cache.resolve('s', 'e', true);
    expect(reads).toBe(1);
    now = 99;
    await cache.resolve('s', 'e', true);
    expect(reads).toBe(1);
    now = 100;
    await cache.resolve('s', 'e', true);
    await cache.resolve('s', 'e', true);
    expect(reads).toBe(2);
    // A change heard in between: read again whatever the time.
    cache.invalidate('w1');
    await cache.resolve('s', 'e', true);
    expect(reads).toBe(3);
  });

  it('drop an archived webhook on any change: a new webhook may have taken its address', async () => {
    let current: WebhookRouteRow = { ...row('old'), status: 'ARCHIVED' } as WebhookRouteRow;
    const cache = new WebhookCache({ load: async () => current, now: () => 0 });
    cache.setListening(true);
    expect((await cache.resolve('s', 'e', true))?.id).toBe('old');
    current = row('successor');
    // The successor's own change names the successor, not the archived webhook cached at this address.
    cache.invalidate('successor');
    expect((await cache.resolve('s', 'e', true))?.id).toBe('successor');
  });
});

describe('WebhookCache with an account directory', () => {
  function directoryCache(listed: Record<string, string[] | null>, options: { failDirectory?: boolean } = {}) {
    const reads: string[] = [];
    const cache = new WebhookCache({
      load: async (slug, endpoint) => {
        reads.push(`route ${slug}/${endpoint}`);
        return listed[slug]?.includes(endpoint) ? row(`${slug}-${endpoint}`) : null;
      },
    });
    cache.useDirectory(async (slug) => {
      reads.push(`directory ${slug}`);
      if (options.failDirectory) throw new Error('down');
      return listed[slug] ?? null;
    });
    cache.setListening(true);
    return { cache, reads };
  }

  it('answers made-up endpoints of a listed account from the list: one read for the account, none per address', async () => {
    const { cache, reads } = directoryCache({ shop: ['points', 'enrol'] });
    for (let i = 0; i < 50; i++) expect(await cache.resolve('shop', `made-up-${i}`)).toBeNull();
    expect((await cache.resolve('shop', 'points'))?.id).toBe('shop-points');
    expect(await cache.resolve('nobody', 'points')).toBeNull();
    expect(await cache.resolve('nobody', 'other')).toBeNull();
    expect(reads).toEqual(['directory shop', 'route shop/points', 'directory nobody']);
  });

  it('reads the list again after a change (a new endpoint is found)', async () => {
    const listed: Record<string, string[] | null> = { shop: ['points'] };
    const { cache } = directoryCache(listed);
    expect(await cache.resolve('shop', 'new')).toBeNull();
    listed.shop = ['points', 'new'];
    cache.invalidate('some-webhook');
    expect((await cache.resolve('shop', 'new'))?.id).toBe('shop-new');
  });

  it('reads each address on its own when the list cannot be read', async () => {
    const { cache, reads } = directoryCache({ shop: ['points'] }, { failDirectory: true });
    expect((await cache.resolve('shop', 'points'))?.id).toBe('shop-points');
    expect(reads).toEqual(['directory shop', 'route shop/points']);
  });

  it('refuses at once (ConfigurationReadsBusy) rather than queue reads without bound', async () => {
    const releases: (() => void)[] = [];
    const cache = new WebhookCache({
      load: () => new Promise((resolve) => releases.push(() => resolve(null))),
      maxConcurrentLoads: 1,
      maxQueuedLoads: 2,
    });
    const admitted = [cache.resolve('s', 'a'), cache.resolve('s', 'b'), cache.resolve('s', 'c')];
    await expect(cache.resolve('s', 'd')).rejects.toBeInstanceOf(ConfigurationReadsBusy);
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      releases.shift()!();
    }
    expect(await Promise.all(admitted)).toEqual([null, null, null]);
  });
});

describe('configuration of the ingestion guards', () => {
  it('has defaults', () => {
    const config = loadConfig({});
    expect(config.ingestionGuards).toEqual({
      rateLimit: { perSecond: 1_000, burst: 2_000 },
      maxInFlight: 256,
      bodyTimeoutMs: 10_000,
    });
    expect(config.ingestionGuards).toEqual(DEFAULT_INGESTION_GUARDS);
    expect(config.httpLimits).toEqual({ requestTimeoutMs: 30_000, maxConnections: 2_048 });
    expect(config.httpLimits).toEqual(DEFAULT_HTTP_LIMITS);
    expect(config.redisUrl).toBeUndefined();
  });

  it('reads them', () => {
    const config = loadConfig({
      INGEST_RATE_LIMIT: '50',
      INGEST_RATE_BURST: '0',
      INGEST_MAX_IN_FLIGHT: '32',
      INGEST_BODY_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '5000',
      HTTP_MAX_CONNECTIONS: '100',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
    });
    expect(config.ingestionGuards).toEqual({
      rateLimit: { perSecond: 50, burst: 0 },
      maxInFlight: 32,
      bodyTimeoutMs: 2_000,
    });
    expect(config.httpLimits).toEqual({ requestTimeoutMs: 5_000, maxConnections: 100 });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379/2');
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ INGEST_RATE_LIMIT: '0' }, /INGEST_RATE_LIMIT: must be a whole number of requests per second from 1 to 1000000/],
    [{ INGEST_RATE_BURST: '-1' }, /INGEST_RATE_BURST: must be a whole number of requests from 0/],
    [{ INGEST_MAX_IN_FLIGHT: 'many' }, /INGEST_MAX_IN_FLIGHT: must be a whole number of requests/],
    [{ HTTP_MAX_CONNECTIONS: '1.5' }, /HTTP_MAX_CONNECTIONS: must be a whole number of connections/],
    [
      { INGEST_BODY_TIMEOUT_MS: '30000' },
      /INGEST_BODY_TIMEOUT_MS: must be less than HTTP_REQUEST_TIMEOUT_MS \(30000\)/,
    ],
    [{ REDIS_URL: 'http://redis' }, /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
