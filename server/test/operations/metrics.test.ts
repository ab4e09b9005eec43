import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MAX_OPERATION_NAMES } from '../../src/observability/metrics.js';
import { createWebhook, hookPath, send, updateWebhook } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { parsePrometheusText, samplesOf, sumOf, valueOf, type Sample } from './prometheus-text.js';

/**
 * Issue 9, metrics: `/metrics` in the Prometheus text format, parsed after known traffic — the counts are exact,
 * label values stay bounded, and the endpoint is served where (METRICS_PORT) and to whom (METRICS_TOKEN) it is
 * configured.
 */

const REQUESTS = 'intake_ingestion_requests_total';

async function scrape(baseUrl: string, token?: string): Promise<Sample[]> {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await response.text());
}

describe('metrics after known traffic', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let webhookId: string;
  let graphqlRequests = 0;
  const api = (query: string, variables: Record<string, unknown> = {}, apiKey?: string) => {
    graphqlRequests++;
    return gql(t.url, query, variables, { apiKey });
  };

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.deps);
    // createWebhook sends two named operations (Create, Activate).
    graphqlRequests += 2;
    webhookId = await createWebhook(t.url, tenant, {
      endpoint: 'paid',
      action: 'opt_in',
      mapping: [{ from: 'id', to: 'customer' }],
      filter: { join: 'AND', conditions: [{ attribute: 'body.ok', operator: 'EQUALS', value: true }] },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('counts ingestion requests by account, endpoint, outcome and status, exactly', async () => {
    for (let i = 0; i < 3; i++)
      expect((await send(t.url, hookPath(tenant, 'paid'), { id: `m-${i}`, ok: true })).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await send(t.url, hookPath(tenant, 'paid'), { id: `f-${i}`, ok: false })).status).toBe(422);
    expect((await send(t.url, hookPath(tenant, 'nowhere'), { id: 'x' })).status).toBe(404);

    const samples = await scrape(t.url);
    const ours = { account: tenant.slug, endpoint: 'paid' };
    expect(valueOf(samples, REQUESTS, { ...ours, outcome: 'PROCESSED', status: '200' })).toBe(3);
    expect(valueOf(samples, REQUESTS, { ...ours, outcome: 'FILTERED', status: '422' })).toBe(2);
    expect(
      valueOf(samples, REQUESTS, { account: '(unknown)', endpoint: '(unknown)', outcome: 'NOT_LOGGED', status: '404' }),
    ).toBe(1);
    expect(sumOf(samples, REQUESTS)).toBe(6);
    expect(samplesOf(samples, REQUESTS)).toHaveLength(3);
    expect(valueOf(samples, 'intake_ingestion_duration_seconds_count')).toBe(6);
    expect(valueOf(samples, 'intake_ingestion_duration_seconds_bucket', { le: '+Inf' })).toBe(6);

    // Group commit: what the histograms saw is what the store did.
    const { batches, jobs } = t.ingestion.store.stats;
    expect(batches).toBeGreaterThan(0);
    expect(valueOf(samples, 'intake_group_commit_batch_size_count')).toBe(batches);
    expect(valueOf(samples, 'intake_group_commit_batch_size_sum')).toBe(jobs);
    expect(valueOf(samples, 'intake_group_commit_duration_seconds_count', { result: 'committed' })).toBe(batches);
    expect(valueOf(samples, 'intake_group_commit_duration_seconds_count', { result: 'failed' })).toBeUndefined();
  });

  it('collapses every address that resolves to no webhook into one series', async () => {
    const before = await scrape(t.url);
    const unknown = { account: '(unknown)', endpoint: '(unknown)', outcome: 'NOT_LOGGED', status: '404' };
    const seriesBefore = samplesOf(before, REQUESTS).length;
    for (let i = 0; i < 10; i++) {
      expect((await send(t.url, `/webhooks/custom/acct-${i}/ep-${i}`, { i })).status).toBe(404);
      expect((await send(t.url, hookPath(tenant, `missing-${i}`), { i })).status).toBe(404);
    }
    const after = await scrape(t.url);
    expect(valueOf(after, REQUESTS, unknown)).toBe(valueOf(before, REQUESTS, unknown)! + 20);
    expect(samplesOf(after, REQUESTS)).toHaveLength(seriesBefore);
  });

  it('reads the gauges when scraped: pools and the LISTEN connection', async () => {
    const samples = await scrape(t.url);
    expect(valueOf(samples, 'intake_listen_connection_up')).toBe(1);
    for (const pool of ['api', 'ingestion']) {
      expect(valueOf(samples, 'intake_db_pool_connections_in_use', { pool })).toBeGreaterThanOrEqual(0);
      expect(valueOf(samples, 'intake_db_pool_waiting', { pool })).toBe(0);
    }
    // Process metrics (prom-client's defaults).
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts webhook cache hits, misses and invalidations', async () => {
    const before = await scrape(t.url);
    const counts = (samples: Sample[]) => ({
      hits: valueOf(samples, 'intake_webhook_cache_hits_total')!,
      misses: valueOf(samples, 'intake_webhook_cache_misses_total')!,
      invalidations: valueOf(samples, 'intake_webhook_cache_invalidations_total')!,
    });
    const start = counts(before);
    expect(start.misses).toBeGreaterThan(0);
    // The address is cached by now: the next two requests are hits.
    await send(t.url, hookPath(tenant, 'paid'), { id: 'h-1', ok: true });
    await send(t.url, hookPath(tenant, 'paid'), { id: 'h-2', ok: true });
    const warm = counts(await scrape(t.url));
    expect(warm.hits - start.hits).toBeGreaterThanOrEqual(2);
    expect(warm.invalidations).toBe(start.invalidations);
    // A change drops what was cached (in this process at once; the NOTIFY may add another).
    graphqlRequests++;
    await updateWebhook(t.url, tenant, webhookId, { name: 'renamed' });
    const changed = counts(await scrape(t.url));
    expect(changed.invalidations).toBeGreaterThan(warm.invalidations);
    await send(t.url, hookPath(tenant, 'paid'), { id: 'h-3', ok: true });
    expect(counts(await scrape(t.url)).misses).toBeGreaterThan(changed.misses);
  });

  it('counts GraphQL operations by name and error code, with a bounded set of names', async () => {
    expect((await api(`query Anyone { me { role } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) {
      expect((await api(`query Op${i} { me { role } }`, {}, tenant.adminKey)).errors).toBeUndefined();
    }
    const samples = await scrape(t.url);
    const ops = 'intake_graphql_operations_total';
    expect(valueOf(samples, ops, { operation: 'Create', error_code: 'none' })).toBe(1);
    expect(valueOf(samples, ops, { operation: 'Anyone', error_code: 'UNAUTHENTICATED' })).toBe(1);
    const names = new Set(samplesOf(samples, ops).map((sample) => sample.labels.operation));
    names.delete('(other)');
    expect([...names].filter((name) => !name.startsWith('Op'))).toEqual(['Create', 'Activate', 'Update', 'Anyone']);
    expect(names.size).toBe(MAX_OPERATION_NAMES);
    expect(sumOf(samples, ops, { operation: '(other)' })).toBeGreaterThanOrEqual(5);
    expect(sumOf(samples, ops)).toBe(graphqlRequests);
  });
});

describe('METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { metrics: { port: null, token } } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 without the bearer token, or with another', async () => {
    for (const authorization of [undefined, `Bearer ${token.slice(0, -1)}x`, `Bearer ${token}x`, token, 'Bearer ']) {
      const response = await fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.text()).not.toContain('intake_');
    }
  });

  it('serves the metrics with it', async () => {
    const samples = await scrape(t.url, token);
    expect(samplesOf(samples, 'intake_listen_connection_up')).toHaveLength(1);
  });
});

describe('METRICS_PORT', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { metrics: { port: 0, token: null } } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('serves /metrics on its own listener, and not on the app port', async () => {
    expect(t.metricsUrl).not.toBeNull();
    expect(t.metricsUrl).not.toBe(t.url);
    const samples = await scrape(t.metricsUrl!);
    expect(samplesOf(samples, 'intake_listen_connection_up')).toHaveLength(1);
    const onApp = await fetch(`${t.url}/metrics`);
    expect(onApp.status).toBe(404);
    expect(await onApp.text()).not.toContain('intake_');
  });

  it('the metrics listener serves nothing else', async () => {
    expect((await fetch(`${t.metricsUrl}/graphql`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${t.metricsUrl}/webhooks/custom/a/b`, { method: 'POST' })).status).toBe(404);
  });
});

describe('metrics configuration', () => {
  it('defaults to the app port without a token', () => {
    expect(loadConfig({}).metrics).toEqual({ port: null, token: null });
  });

  it('reads METRICS_PORT and METRICS_TOKEN', () => {
    const token = 'a-long-enough-token';
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: token }).metrics).toEqual({ port: 9464, token });
  });

  it('refuses a METRICS_PORT equal to PORT, a port that is not one, and a short token', () => {
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(/METRICS_PORT: must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT: must be a port number/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
