import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/application/accounts/api-keys.js';
import { createTenant, gql, ok, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import {
  activateWebhook,
  createWebhook,
  deactivateWebhook,
  eventually,
  hookPath,
  send,
  Sql,
} from '../ingestion/support.js';
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

  it('gives a reader nothing of a webhook while it is inactive (readers see active webhooks only); admins all', async () => {
    const reader = await follow(a, otherId, { connectionParams: { apiKey: tenant.readerKey } });
    const admin = await follow(a, otherId, { connectionParams: { apiKey: tenant.adminKey } });
    await deactivateWebhook(a.url, tenant, otherId);
    const whileInactive = await send(b.url, hookPath(tenant, 'other'), { clientID: 'm1', points: 1 });
    expect(whileInactive.status).toBe(404);
    await activateWebhook(a.url, tenant, otherId);
    const afterwards = await send(b.url, hookPath(tenant, 'other'), { clientID: 'm1', points: 1 });
    expect(afterwards.status).toBe(200);
    expect((await admin.next()).data!.requestLogged.id).toBe(whileInactive.headers.get('x-request-id'));
    expect((await admin.next()).data!.requestLogged.id).toBe(afterwards.headers.get('x-request-id'));
    expect((await reader.next()).data!.requestLogged.id).toBe(afterwards.headers.get('x-request-id'));
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

describe('requestLogged feed', () => {
  /**
   * One INSERT statement of `count` logs of `webhookId`, as a bulk writer would: received a second apart, over 15
   * minutes ago (clear of the other tests' logs, which the range read would otherwise include).
   */
  const insertLogs = (webhookId: string, count: number) =>
    sql.rows(
      `insert into request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, body_truncated,
         duration_ms, status_code, response_body, response_headers, outcome)
       select gen_random_uuid(), $1, $2, now() - make_interval(secs => 1000 + $3 - i), 'POST', '/bulk', '{}', false, 1, 200,
         '{}', '{}', 'PROCESSED'
       from generate_series(1, $3::int) i
       returning id, received_at`,
      [tenant.accountId, webhookId, count],
    ) as Promise<{ id: string; received_at: Date }[]>;

  it('splits a statement too large for one notification: per webhook, listed ids while they fit', async () => {
    const live = await follow(a, purchaseId, { connectionParams: { apiKey: tenant.adminKey } });
    // 150 ids of each webhook (~6 KB each, ~12 KB together): one notification per webhook.
    const [inserted] = await Promise.all([
      sql.rows(
        `insert into request_logs (id, account_id, webhook_id, received_at, method, path, request_headers,
           body_truncated, duration_ms, status_code, response_body, response_headers, outcome)
         select gen_random_uuid(), $1, w, now(), 'POST', '/bulk', '{}', false, 1, 200, '{}', '{}', 'PROCESSED'
         from generate_series(1, 150), unnest(array[$2, $3]::uuid[]) w
         returning id, webhook_id`,
        [tenant.accountId, purchaseId, otherId],
      ),
    ]);
    const expected = inserted.filter((row) => row.webhook_id === purchaseId).map((row) => row.id as string);
    const received: string[] = [];
    while (received.length < expected.length) received.push((await live.next()).data!.requestLogged.id);
    expect(received.sort()).toEqual(expected.sort());
  });

  it("names only the webhook when its ids do not fit: its newest 100 in the statement's range arrive", async () => {
    const live = await follow(a, purchaseId, { connectionParams: { apiKey: tenant.adminKey } });
    const inserted = await insertLogs(purchaseId, 250);
    const newest = [...inserted]
      .sort((x, y) => x.received_at.getTime() - y.received_at.getTime())
      .slice(-100)
      .map((row) => row.id);
    const received: string[] = [];
    for (let i = 0; i < 100; i++) received.push((await live.next()).data!.requestLogged.id);
    // Oldest first, as they were received.
    expect(received).toEqual(newest);
    // And no more of them: the next message is the next request.
    const sent = await send(b.url, hookPath(tenant, 'purchase'), { clientID: 'm1', points: 1 });
    expect((await live.next()).data!.requestLogged.id).toBe(sent.headers.get('x-request-id'));
  });

  it('completes open subscriptions when an instance shuts down', async () => {
    const c = await startTestApp({ database: a.database });
    try {
      const live = await follow(c, purchaseId, { connectionParams: { apiKey: tenant.adminKey } });
      await c.app.close();
      expect(await live.closed).toBeGreaterThanOrEqual(1000);
      expect(c.liveTail.size).toBe(0);
    } finally {
      await c.close();
    }
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

  it('ends the subscription on the server when the client goes away; /metrics counts the open ones', async () => {
    const gauge = async () =>
      Number(/^intake_live_subscriptions (\d+)$/m.exec(await (await fetch(`${a.url}/metrics`)).text())?.[1]);
    const before = a.liveTail.size;
    const live = await follow(a, otherId, { connectionParams: { apiKey: tenant.adminKey } });
    expect(await gauge()).toBe(before + 1);
    await live.dispose();
    await eventually(async () => expect(a.liveTail.size).toBe(before));
    expect(await gauge()).toBe(before);
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

  it('answers a WebSocket upgrade of any other address 404 and closes the socket', async () => {
    const socket = net.connect(Number(new URL(a.url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.write(
      'GET /healthz HTTP/1.1\r\nHost: intake.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await new Promise((resolve) => socket.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
  });
});
