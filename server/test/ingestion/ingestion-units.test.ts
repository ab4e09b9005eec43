import { describe, expect, it } from 'vitest';
import { unstorableProblem } from '../../src/application/ingestion/event-write.js';
import { redactQuery } from '../../src/application/ingestion/log-record.js';
import { WebhookCache } from '../../src/application/ingestion/webhook-cache.js';
import type { WebhookRouteRow } from '../../src/application/ingestion/ports.js';

/** The ingestion service's small parts, without a server. */

function row(id: string, status: WebhookRouteRow['status'] = 'ACTIVE'): WebhookRouteRow {
  return {
    id,
    accountId: 'a',
    status,
    method: 'POST',
    filter: null,
    action: 'point_add',
    mapping: [],
    successResponse: null,
    errorResponse: null,
    version: 1,
  };
}

function fakeStore(table: Record<string, WebhookRouteRow | null>) {
  const loads: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  return {
    loads,
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
    load: async (slug: string, endpoint: string) => {
      loads.push(`${slug}/${endpoint}`);
      const value = table[`${slug}/${endpoint}`] ?? null;
      await gate;
      return value;
    },
  };
}

describe('WebhookCache', () => {
  it('serves from memory once loaded, including unknown addresses, while listening', async () => {
    const store = fakeStore({ 's/e': row('w1') });
    const cache = new WebhookCache({ load: store.load });
    cache.setListening(true);
    expect((await cache.resolve('s', 'e'))?.id).toBe('w1');
    expect(await cache.resolve('s', 'nothing')).toBeNull();
    await cache.resolve('s', 'e');
    await cache.resolve('s', 'nothing');
    expect(store.loads).toEqual(['s/e', 's/nothing']);
  });

  it('shares one load between concurrent requests', async () => {
    const store = fakeStore({ 's/e': row('w1') });
    const cache = new WebhookCache({ load: store.load });
    cache.setListening(true);
    await Promise.all([cache.resolve('s', 'e'), cache.resolve('s', 'e'), cache.resolve('s', 'e')]);
    expect(store.loads).toHaveLength(1);
  });

  it('drops the changed webhook and every unknown address on a notification, and everything on null', async () => {
    const table: Record<string, WebhookRouteRow | null> = { 's/a': row('wa'), 's/b': row('wb') };
    const store = fakeStore(table);
    const cache = new WebhookCache({ load: store.load });
    cache.setListening(true);
    await cache.resolve('s', 'a');
    await cache.resolve('s', 'b');
    await cache.resolve('s', 'c');
    cache.invalidate('wa');
    expect(cache.size).toBe(1);
    table['s/c'] = row('wc');
    expect((await cache.resolve('s', 'c'))?.id).toBe('wc');
    cache.invalidate(null);
    expect(cache.size).toBe(0);
  });

  it('does not keep a load that raced with a notification', async () => {
    const table: Record<string, WebhookRouteRow | null> = { 's/e': row('w1', 'INACTIVE') };
    const store = fakeStore(table);
    const cache = new WebhookCache({ load: store.load });
    cache.setListening(true);
    const release = store.hold();
    const pending = cache.resolve('s', 'e');
    cache.invalidate('w1');
    table['s/e'] = row('w1', 'ACTIVE');
    release();
    expect((await pending)?.status).toBe('INACTIVE');
    expect((await cache.resolve('s', 'e'))?.status).toBe('ACTIVE');
  });

  it('caches nothing while not listening (a missed notification must not leave stale configuration)', async () => {
    const store = fakeStore({ 's/e': row('w1') });
    const cache = new WebhookCache({ load: store.load });
    await cache.resolve('s', 'e');
    await cache.resolve('s', 'e');
    expect(store.loads).toHaveLength(2);
    cache.setListening(true);
    await cache.resolve('s', 'e');
    await cache.resolve('s', 'e');
    expect(store.loads).toHaveLength(3);
    cache.setListening(false);
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries', async () => {
    const cache = new WebhookCache({ load: async () => null, maxEntries: 3 });
    cache.setListening(true);
    for (const endpoint of ['a', 'b', 'c', 'd', 'e']) await cache.resolve('s', endpoint);
    expect(cache.size).toBe(3);
  });
});

describe('unstorableProblem', () => {
  it.each([
    ['plain', { a: 'b', n: [1, 'x'] }, null],
    ['nul\u0000', {}, /^customer:/],
    ['c', { nested: { k: 'a\u0000' } }, /^data\.nested\.k:/],
    ['c', { list: ['ok', '\ud800'] }, /^data\.list\.1:/],
    ['c', { ['k\u0000']: 1 }, /^data\.k\\u0000:/],
    ['😀', { emoji: '😀' }, null],
  ])('%j %j', (customer, data, expected) => {
    const problem = unstorableProblem(customer, data);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('redactQuery', () => {
  it.each([
    ['a=1&b=2', 'a=1&b=2'],
    ['access_token=abc&page=2', 'access_token=[REDACTED]&page=2'],
    ['apiKey=1&API%5FKEY=2&signature', 'apiKey=[REDACTED]&API%5FKEY=[REDACTED]&signature=[REDACTED]'],
    ['%E0%A4%A=1', '%E0%A4%A=1'],
  ])('%s', (query, expected) => {
    expect(redactQuery(query)).toBe(expected);
  });
});
