import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import {
  activateWebhook,
  archiveWebhook,
  createWebhook,
  deactivateWebhook,
  eventually,
  hookPath,
  send,
  Sql,
  updateWebhook,
} from './support.js';

/**
 * Two server instances on one database, as behind a load balancer: configuration changed through one is
 * visible to the other within a second (LISTEN/NOTIFY), and steady-state requests read no configuration.
 */

const WITHIN = 1_000;

let a: TestApp;
let b: TestApp;
let tenant: TestTenant;
let sql: Sql;

beforeAll(async () => {
  a = await startTestApp();
  b = await startTestApp({ database: a.database });
  tenant = await createTenant(a.deps);
  sql = new Sql(a.database.url);
  await sql.enrol(tenant.accountId, 'm1', 0);
});

afterAll(async () => {
  await sql?.close();
  await b?.close();
  await a?.close();
});

const spec = (endpoint: string, reason = 'v1') => ({
  endpoint,
  action: 'point_add',
  mapping: [
    { from: 'customer_id', to: 'customer' },
    { from: 'points', to: 'data.points' },
    { from: 'x', to: 'data.reason', default: reason },
  ],
});

const post = (app: TestApp, endpoint: string) =>
  send(app.url, hookPath(tenant, endpoint), { customer_id: 'm1', points: 1 });

/** Counts configuration reads of an instance. */
function countLoads(app: TestApp): { count: number; restore(): void } {
  const store = app.ingestion.store;
  const original = store.findRoute;
  const counter = {
    count: 0,
    restore: () => {
      store.findRoute = original;
    },
  };
  store.findRoute = (...args) => {
    counter.count++;
    return original.apply(store, args);
  };
  return counter;
}

describe('configuration changes across instances', () => {
  it('an unknown address becomes a webhook on the other instance within a second', async () => {
    expect((await post(b, 'fresh')).status).toBe(404);
    const id = await createWebhook(a.url, tenant, spec('fresh'));
    const started = Date.now();
    const response = await eventually(async () => {
      const r = await post(b, 'fresh');
      expect(r.status).toBe(200);
      return r;
    }, WITHIN);
    expect(Date.now() - started).toBeLessThan(WITHIN);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({ webhook_id: id, outcome: 'PROCESSED' });
  });

  it('deactivation through one instance stops the other within a second; activation restarts it', async () => {
    const id = await createWebhook(a.url, tenant, spec('toggle'));
    expect((await post(b, 'toggle')).status).toBe(200);
    await deactivateWebhook(a.url, tenant, id);
    const stopped = await eventually(async () => {
      const r = await post(b, 'toggle');
      expect(r.status).toBe(404);
      return r;
    }, WITHIN);
    expect(await sql.log(stopped.headers.get('x-request-id'))).toMatchObject({
      webhook_id: id,
      outcome: 'NOT_ROUTABLE',
    });
    await activateWebhook(b.url, tenant, id);
    await eventually(async () => expect((await post(a, 'toggle')).status).toBe(200), WITHIN);
  });

  it('an edit through one instance is applied by the other within a second', async () => {
    const id = await createWebhook(a.url, tenant, spec('edited', 'v1'));
    const first = await post(b, 'edited');
    expect((await sql.one(`SELECT data FROM customer_events WHERE id = $1`, [first.json.eventId])).data.reason).toBe(
      'v1',
    );
    await updateWebhook(a.url, tenant, id, { mapping: spec('edited', 'v2').mapping });
    await eventually(async () => {
      const r = await post(b, 'edited');
      expect(r.status).toBe(200);
      expect((await sql.one(`SELECT data FROM customer_events WHERE id = $1`, [r.json.eventId])).data.reason).toBe(
        'v2',
      );
    }, WITHIN);
  });

  it('an endpoint renamed through one instance moves on the other within a second', async () => {
    const id = await createWebhook(a.url, tenant, spec('old-name'));
    expect((await post(b, 'old-name')).status).toBe(200);
    expect((await post(b, 'new-name')).status).toBe(404);
    await updateWebhook(a.url, tenant, id, { endpoint: 'new-name' });
    await eventually(async () => {
      expect((await post(b, 'old-name')).status).toBe(404);
      expect((await post(b, 'new-name')).status).toBe(200);
    }, WITHIN);
  });

  it('archiving and reusing an endpoint routes to the new webhook on the other instance', async () => {
    const old = await createWebhook(a.url, tenant, spec('reused'), false);
    expect((await post(b, 'reused')).status).toBe(404);
    await archiveWebhook(a.url, tenant, old);
    const successor = await createWebhook(a.url, tenant, spec('reused'));
    const response = await eventually(async () => {
      const r = await post(b, 'reused');
      expect(r.status).toBe(200);
      return r;
    }, WITHIN);
    expect(await sql.log(response.headers.get('x-request-id'))).toMatchObject({ webhook_id: successor });
  });
});

describe('the fast path', () => {
  it('reads the configuration once, then serves from memory', async () => {
    await createWebhook(a.url, tenant, spec('hot'));
    const loads = countLoads(b);
    try {
      await eventually(async () => expect((await post(b, 'hot')).status).toBe(200), WITHIN);
      const afterFirst = loads.count;
      const responses = await Promise.all(Array.from({ length: 50 }, () => post(b, 'hot')));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(loads.count).toBe(afterFirst);
      // Unknown addresses are remembered too (until any webhook changes).
      await post(b, 'no-such-endpoint');
      const afterUnknown = loads.count;
      await Promise.all(Array.from({ length: 20 }, () => post(b, 'no-such-endpoint')));
      expect(loads.count).toBe(afterUnknown);
    } finally {
      loads.restore();
    }
  });

  it('after losing its LISTEN connection, an instance reconnects and hears changes again', async () => {
    const id = await createWebhook(a.url, tenant, spec('reconnect'));
    expect((await post(b, 'reconnect')).status).toBe(200);
    const killed = await sql.rows(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'intake-webhook-cache' AND datname = current_database()`);
    expect(killed).toHaveLength(2);
    // While the listener is away nothing is cached: a change is seen at once.
    await deactivateWebhook(a.url, tenant, id);
    await eventually(async () => expect((await post(b, 'reconnect')).status).toBe(404), WITHIN);
    await activateWebhook(a.url, tenant, id);
    await eventually(async () => expect((await post(b, 'reconnect')).status).toBe(200), WITHIN);

    // Once reconnected, instance b caches again (a second request reads no configuration)…
    const loads = countLoads(b);
    try {
      await eventually(
        async () => {
          expect((await post(b, 'reconnect')).status).toBe(200);
          const before = loads.count;
          expect((await post(b, 'reconnect')).status).toBe(200);
          expect(loads.count).toBe(before);
        },
        5_000,
        50,
      );
    } finally {
      loads.restore();
    }
    // …and hears that its cached, active webhook was deactivated.
    await deactivateWebhook(a.url, tenant, id);
    await eventually(async () => expect((await post(b, 'reconnect')).status).toBe(404), WITHIN);
  });
});
