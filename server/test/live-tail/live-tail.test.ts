import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/application/accounts/api-keys.js';
import { createTenant, gql, ok, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, eventually, hookPath, send, Sql } from '../ingestion/support.js';
import { LiveFailure, subscribe, type LiveSubscription } from './support.js';

/**
 * The live tail across instances: a subscription on instance A receives the requests instance B stores (one
 * PostgreSQL NOTIFY per committed statement), only its own webhook's, and only with credentials like a query's.
 */

const REQUEST_LOGGED = `subscription Live($webhookId: ID!) {
  requestLogged(webhookId: $webhookId) { id outcome statusCode customerId webhook { id name } }
}`;

interface Logged {
  requestLogged: {
    id: string;
    outcome: string;
    statusCode: number;
    customerId: string | null;
    webhook: { id: string; name: string };
  };
}

let a: TestApp;
let b: TestApp;
let tenant: TestTenant;
let stranger: TestTenant;
let sql: Sql;
let purchaseId: string;
let otherId: string;
const open: LiveSubscription<unknown>[] = [];

const pointAdd = (endpoint: string) => ({
  endpoint,
  action: 'point_add',
  mapping: [
    { from: 'clientID', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
});

beforeAll(async () => {
  // Open connections' credentials are checked again every 200 ms here (30 s in production).
  a = await startTestApp({ config: { liveRecheckMs: 200 } });
  b = await startTestApp({ database: a.database });
  tenant = await createTenant(a.deps);
  stranger = await createTenant(a.deps);
  sql = new Sql(a.database.url);
  await sql.enrol(tenant.accountId, 'm1', 0);
  purchaseId = await createWebhook(a.url, tenant, pointAdd('purchase'));
  otherId = await createWebhook(a.url, tenant, pointAdd('other'));
});

afterAll(async () => {
  await Promise.all(open.map((subscription) => subscription.dispose()));
  await sql?.close();
  await b?.close();
  await a?.close();
});

/** Subscribes on `app` and waits until the subscription is following (so that nothing sent after it is missed). */
async function follow(app: TestApp, webhookId: string, options: Parameters<typeof subscribe>[3]) {
  const before = app.liveTail.size;
  const subscription = subscribe<Logged>(app.url, REQUEST_LOGGED, { webhookId }, options);
  open.push(subscription as LiveSubscription<unknown>);
  await eventually(async () => expect(app.liveTail.size).toBeGreaterThan(before));
  return subscription;
}

async function refusal(subscription: LiveSubscription<unknown>): Promise<LiveFailure> {
  const failure = await subscription.next().then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(LiveFailure);
  return failure as LiveFailure;
}

describe('requestLogged across instances', () => {
  it('delivers a request stored by the other instance, with its id and outcome', async () => {
    const live = await follow(a, purchaseId, { connectionParams: { authorization: `Bearer ${tenant.adminKey}` } });
    const started = performance.now();
    const sent = await send(b.url, hookPath(tenant, 'purchase'), { clientID: 'm1', points: 5 });
    expect(sent.status).toBe(200);
    const message = await live.next();
    const elapsed = performance.now() - started;
    expect(message.errors).toBeUndefined();
    expect(message.data!.requestLogged).toEqual({
      id: sent.headers.get('x-request-id'),
      outcome: 'PROCESSED',
      statusCode: 200,
      customerId: 'm1',
      webhook: { id: purchaseId, name: 'purchase' },
    });
    // Reported, not asserted (timing on a shared machine): the "within 1 s" of the issue.
    console.info(
      `live tail: request on B → subscriber on A in ${elapsed.toFixed(0)} ms (send + commit + notify + read)`,
    );
  });

  it("does not deliver another webhook's requests, and keeps the order they were stored in", async () => {
    const live = await follow(a, purchaseId, { connectionParams: { apiKey: tenant.readerKey } });
    const other = await send(b.url, hookPath(tenant, 'other'), { clientID: 'm1', points: 1 });
    const refused = await send(b.url, hookPath(tenant, 'purchase'), { clientID: 'nobody', points: 1 });
    const processed = await send(a.url, hookPath(tenant, 'purchase'), { clientID: 'm1', points: 2 });
    expect([other.status, refused.status, processed.status]).toEqual([200, 422, 200]);
    // The other webhook's log committed first: had it leaked, it would be the first message.
    const first = await live.next();
    const second = await live.next();
    expect([first.data!.requestLogged.id, second.data!.requestLogged.id]).toEqual([
      refused.headers.get('x-request-id'),
      processed.headers.get('x-request-id'),
    ]);
    expect(first.data!.requestLogged).toMatchObject({
      outcome: 'INVALID_EVENT',
      statusCode: 422,
      customerId: 'nobody',
    });
  });

  it('delivers every request of a concurrent burst (batched into few notifications) exactly once', async () => {
    const live = await follow(a, purchaseId, { connectionParams: { apiKey: tenant.adminKey } });
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        send(i % 2 ? a.url : b.url, hookPath(tenant, 'purchase'), { clientID: 'm1', points: 1 }),
      ),
    );
    const received: string[] = [];
    while (received.length < sent.length) received.push((await live.next()).data!.requestLogged.id);
    expect(received.sort()).toEqual(sent.map((r) => r.headers.get('x-request-id')!).sort());
  });
});

describe('requestLogged credentials', () => {
  it('refuses a connection without credentials (4403) before any operation', async () => {
    const live = subscribe(a.url, REQUEST_LOGGED, { webhookId: purchaseId });
    open.push(live);
    expect((await refusal(live)).closeCode).toBe(4403);
  });

  it('refuses a revoked-looking or malformed API key (4403), without trying the cookie instead', async () => {
    for (const connectionParams of [{ apiKey: 'ik_not_a_real_key_000000000000' }, { authorization: 'Basic abc' }]) {
      const live = subscribe(a.url, REQUEST_LOGGED, { webhookId: purchaseId }, { connectionParams });
      open.push(live);
      expect((await refusal(live)).closeCode).toBe(4403);
    }
  });

  it("answers NOT_FOUND for another account's webhook, like a query", async () => {
    const live = subscribe(
      a.url,
      REQUEST_LOGGED,
      { webhookId: purchaseId },
      {
        connectionParams: { apiKey: stranger.adminKey },
      },
    );
    open.push(live);
    const message = await live.next();
    expect(message.data ?? null).toBeNull();
    expect(message.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('serves subscriptions only: a query over the WebSocket is BAD_REQUEST', async () => {
    const live = subscribe(a.url, '{ me { role } }', {}, { connectionParams: { apiKey: tenant.adminKey } });
    open.push(live);
    const failure = await refusal(live);
    expect(failure.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it("takes the console's session cookie from a page of its own origin, and refuses it from another site", async () => {
    const login = await gql(
      a.url,
      `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { role } }`,
      { email: tenant.email, password: tenant.password },
    );
    ok(login);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('intake_session='))!
      .split(';')[0]!;
    const host = new URL(a.url).host;

    const foreign = subscribe(
      a.url,
      REQUEST_LOGGED,
      { webhookId: purchaseId },
      {
        headers: { cookie, origin: 'https://evil.example' },
      },
    );
    open.push(foreign);
    expect((await refusal(foreign)).closeCode).toBe(4403);

    const live = await follow(a, purchaseId, { headers: { cookie, origin: `http://${host}` } });
    const sent = await send(b.url, hookPath(tenant, 'purchase'), { clientID: 'm1', points: 3 });
    expect((await live.next()).data!.requestLogged.id).toBe(sent.headers.get('x-request-id'));
  });

  it('ends the subscription on the server when the client goes away', async () => {
    const before = a.liveTail.size;
    const live = await follow(a, otherId, { connectionParams: { apiKey: tenant.adminKey } });
    await live.dispose();
    await eventually(async () => expect(a.liveTail.size).toBe(before));
  });

  it('closes a connection whose API key is revoked while it is open (4403)', async () => {
    const { apiKey, secret } = await issueApiKey(a.deps, tenant.accountId, 'live key', 'ADMIN');
    const live = await follow(a, purchaseId, { connectionParams: { apiKey: secret } });
    const revoked = await gql(
      a.url,
      `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`,
      { id: apiKey.id },
      {
        apiKey: tenant.adminKey,
      },
    );
    ok(revoked);
    expect(await live.closed).toBe(4403);
  });
});
