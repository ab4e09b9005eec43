import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../support/test-app.js';
import { countRouteReads, logEntries, postHead, RawConnection, startHardenedApp } from './hardening-support.js';
import { createWebhook, deactivateWebhook, hookPath, send, Sql } from './support.js';

/**
 * Issue 13, items 3 and 6: the address is resolved from the URL before the body is read. An address no webhook
 * can have is 404 without a database query; an unknown one is 404 at once, its body never read; a body that
 * trickles in is cut off (408, logged); connections are capped.
 */

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
const logLines: string[] = [];
const BODY_TIMEOUT_MS = 1_000;

beforeAll(async () => {
  t = await startHardenedApp({
    logLines,
    guards: { rateLimit: { perSecond: 1_000, burst: 1_000 }, maxInFlight: 256, bodyTimeoutMs: BODY_TIMEOUT_MS },
    httpLimits: { requestTimeoutMs: 2_000, maxConnections: 40 },
  });
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    mapping: [
      { from: 'id', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
  const idle = await createWebhook(t.url, tenant, {
    endpoint: 'idle',
    action: 'point_add',
    mapping: [{ from: 'id', to: 'customer' }],
  });
  await deactivateWebhook(t.url, tenant, idle);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('addresses outside the slug and endpoint syntax', () => {
  it.each([
    ['NUL in the endpoint', (slug: string) => `/webhooks/custom/${slug}/points%00`],
    ['NUL in the account', () => '/webhooks/custom/acct%00/points'],
    ['a lone NUL', () => '/webhooks/custom/%00/%00'],
    ['an encoded line break', (slug: string) => `/webhooks/custom/${slug}/po%0Aints`],
    ['an overlong UTF-8 NUL', (slug: string) => `/webhooks/custom/${slug}/%C0%80`],
    ['a lone surrogate', (slug: string) => `/webhooks/custom/${slug}/%ED%A0%80`],
    ['upper case', (slug: string) => `/webhooks/custom/${slug.toUpperCase()}/POINTS`],
    ['a dot', (slug: string) => `/webhooks/custom/${slug}/points.json`],
    ['a space', (slug: string) => `/webhooks/custom/${slug}/po%20ints`],
    ['a non-ASCII letter', (slug: string) => `/webhooks/custom/${slug}/p%C3%B6ints`],
    ['an endpoint of 65 characters', (slug: string) => `/webhooks/custom/${slug}/${'p'.repeat(65)}`],
    ['a one-letter account', () => '/webhooks/custom/a/points'],
    ['an account longer than the router takes', () => `/webhooks/custom/${'a'.repeat(150)}/points`],
  ])('%s: 404 NOT_FOUND without reading the configuration', async (_name, path) => {
    const reads = countRouteReads(t);
    const response = await send(t.url, path(tenant.slug), { id: 'c', points: 1 });
    expect(response.status, response.text).toBe(404);
    expect(response.json).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No webhook accepts requests at this address.' },
    });
    expect(response.headers.get('x-webhook-error')).toBe('NOT_FOUND');
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(reads.count).toBe(0);
  });

  it('a well-formed address still reaches its webhook', async () => {
    await sql.enrol(tenant.accountId, 'c-ok');
    const response = await send(t.url, hookPath(tenant, 'points'), { id: 'c-ok', points: 1 });
    expect(response.status, response.text).toBe(200);
  });
});

describe('made-up endpoints of a real account', () => {
  it('cost no configuration read each: the endpoints of the account are listed once', async () => {
    // The first unknown endpoint lists the account's endpoints; then none is read on its own.
    await send(t.url, `/webhooks/custom/${tenant.slug}/warm-up`, {});
    const reads = countRouteReads(t);
    for (let i = 0; i < 50; i++) {
      const response = await send(t.url, `/webhooks/custom/${tenant.slug}/made-up-${i}`, { id: 'c', points: 1 });
      expect(response.status).toBe(404);
    }
    expect(reads.count).toBe(0);
  });
});

describe('the address is resolved before the body is read', () => {
  it.each([
    ['an unknown endpoint', (slug: string) => `/webhooks/custom/${slug}/nobody`, 404],
    ['an unknown account', () => '/webhooks/custom/nobody-here/x', 404],
    ['a path below the ingestion route', (slug: string) => `/webhooks/custom/${slug}/points/extra`, 404],
    ['an inactive webhook', (slug: string) => `/webhooks/custom/${slug}/idle`, 404],
  ])(
    '%s: answered at once while its 1 MiB body has not been sent, then the connection is closed',
    async (_name, path, status) => {
      const connection = await RawConnection.open(t.url);
      // Only the head: a server that waited for the body would never answer.
      connection.write(postHead(path(tenant.slug), 1024 * 1024));
      connection.write('{"id":');
      const response = await connection.response();
      expect(response.status).toBe(status);
      expect(response.headers['connection']).toBe('close');
      expect(JSON.parse(response.body).error.code).toBe('NOT_FOUND');
      await connection.end();
    },
  );

  it('a complete small request to an unknown address keeps its connection open', async () => {
    const connection = await RawConnection.open(t.url);
    const body = '{"id":"c"}';
    connection.write(postHead(`/webhooks/custom/${tenant.slug}/nobody`, body.length) + body);
    const response = await connection.response();
    expect(response.status).toBe(404);
    expect(response.headers['connection']).not.toBe('close');
    expect(connection.closed).toBe(false);
    connection.destroy();
  });
});

describe('a body that trickles in', () => {
  it('to a webhook: 408 REQUEST_TIMEOUT once the body timeout has passed, logged, connection closed', async () => {
    const connection = await RawConnection.open(t.url);
    connection.write(postHead(hookPath(tenant, 'points'), 100));
    // One byte now, the next only after the limit (1 byte / 5 s): the answer comes first.
    connection.write('{');
    const next = setTimeout(() => connection.write('"'), 5_000);
    try {
      const response = await connection.response();
      expect(response.status).toBe(408);
      expect(response.headers['x-webhook-error']).toBe('REQUEST_TIMEOUT');
      expect(response.headers['connection']).toBe('close');
      expect(JSON.parse(response.body)).toEqual({
        ok: false,
        error: {
          code: 'REQUEST_TIMEOUT',
          message: 'The body did not arrive in full within 1 s; send the whole request at once.',
        },
      });
      const log = await sql.log(response.headers['x-request-id']);
      expect(log).toMatchObject({
        status_code: 408,
        outcome: 'INVALID_REQUEST',
        error_code: 'REQUEST_TIMEOUT',
        request_body: '{',
        body_truncated: true,
      });
      await connection.end();
    } finally {
      clearTimeout(next);
      connection.destroy();
    }
  });

  it('to another route (GraphQL): Node answers 408 and closes once the request timeout has passed', async () => {
    const connection = await RawConnection.open(t.url);
    connection.write(postHead('/graphql', 100));
    connection.write('{');
    const next = setTimeout(() => connection.write('"'), 5_000);
    try {
      const response = await connection.response();
      expect(response.status).toBe(408);
      await connection.end();
    } finally {
      clearTimeout(next);
      connection.destroy();
    }
  });
});

describe('the connection cap', () => {
  it('closes connections past HTTP_MAX_CONNECTIONS at once, and takes new ones when some close', async () => {
    const held: RawConnection[] = [];
    try {
      for (let i = 0; i < 40; i++) held.push(await RawConnection.open(t.url));
      // Let the server count them all before the one too many arrives.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await RawConnection.open(t.url);
      refused.write(postHead(`/webhooks/custom/${tenant.slug}/nobody`, 0));
      await refused.end();
      expect(refused.text).toBe('');
      held.splice(0, 5).forEach((connection) => connection.destroy());
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await send(t.url, `/webhooks/custom/${tenant.slug}/nobody`, {});
      expect(response.status).toBe(404);
    } finally {
      held.forEach((connection) => connection.destroy());
    }
  });
});

describe('server log', () => {
  it('has no line per refused address (they are counted, not logged)', () => {
    expect(logEntries(logLines, /ingestion failed|configuration read failed/)).toEqual([]);
  });
});
