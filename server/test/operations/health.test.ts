import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpProxy } from '../hardening/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9, health: `/healthz` says the process answers; `/readyz` says whether this instance should get traffic —
 * 503 naming the failed check while the database is unreachable, its migrations are behind, the LISTEN
 * connection is down, or the shutdown has begun.
 */

interface Probe {
  status: number;
  body: { status: string; failed?: string[]; checks?: Record<string, string> };
  headers: Headers;
}

async function probe(baseUrl: string, path: string): Promise<Probe> {
  const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: (await response.json()) as Probe['body'], headers: response.headers };
}

/** Probes until `done` holds (a state that follows a fault asynchronously), or returns the last probe after 20 s. */
async function probeUntil(baseUrl: string, path: string, done: (probe: Probe) => boolean): Promise<Probe> {
  const deadline = Date.now() + 20_000;
  let last = await probe(baseUrl, path);
  while (!done(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe(baseUrl, path);
  }
  return last;
}

describe('healthz and readyz on a healthy instance', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('/healthz answers 200 {"status":"ok"}', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 with every check ok', async () => {
    const ready = await probe(t.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { shutdown: 'ok', database: 'ok', migrations: 'ok', listener: 'ok' },
    });
  });

  it('/health keeps answering as before', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('readyz when the migrations are behind', () => {
  let t: TestApp;
  let client: pg.Client;
  let removed: { name: string; executed_at: Date } | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await t?.close();
  });

  it('answers 503 naming the migrations until the last one is recorded as applied', async () => {
    const last = await client.query<{ id: number; name: string; executed_at: Date }>(
      'select id, name, executed_at from mikro_orm_migrations order by id desc limit 1',
    );
    removed = last.rows[0];
    expect(removed).toBeDefined();
    await client.query('delete from mikro_orm_migrations where id = $1', [last.rows[0]!.id]);
    const behind = await probe(t.url, '/readyz');
    expect(behind.status).toBe(503);
    expect(behind.body.failed).toEqual(['migrations']);
    expect(behind.headers.get('retry-after')).toBe('5');

    await client.query('insert into mikro_orm_migrations (name, executed_at) values ($1, $2)', [
      removed!.name,
      removed!.executed_at,
    ]);
    expect((await probe(t.url, '/readyz')).status).toBe(200);
  });
});

describe('readyz while the database is unreachable', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    t = await startTestApp({ database, orm: { clientUrl: proxy.urlFor(database.url) } });
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.cut();
    await database?.drop();
  });

  it('answers 503 naming the database and the LISTEN connection, then 200 once it is back', async () => {
    expect((await probe(t.url, '/readyz')).status).toBe(200);
    await proxy.cut();
    const down = await probeUntil(t.url, '/readyz', (p) => p.body.checks?.listener === 'failed');
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.failed).toEqual(['database', 'listener']);
    expect(down.body.checks?.migrations).toBe('not checked');
    // Liveness does not depend on the database.
    expect((await probe(t.url, '/healthz')).status).toBe(200);

    await proxy.restore();
    const back = await probeUntil(t.url, '/readyz', (p) => p.status === 200);
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('ok');
  });
});

describe('readyz during the shutdown', () => {
  let t: TestApp;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  /** GET over the agent's one kept-alive connection (the listening socket closes as the shutdown starts). */
  function get(path: string): Promise<{ status: number; body: Probe['body']; socket: unknown }> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${t.url}${path}`, { agent }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, body: JSON.parse(text), socket: request.socket }),
        );
      });
      request.on('error', reject);
    });
  }

  it('answers 503 naming the shutdown as soon as it starts', async () => {
    const before = await get('/readyz');
    expect(before.status).toBe(200);
    const draining = t.drain.drain({ lingerMs: 2_000, deadline: Date.now() + 10_000 });
    const during = await get('/readyz');
    expect(during.socket).toBe(before.socket);
    expect(during.status).toBe(503);
    expect(during.body.status).toBe('unavailable');
    expect(during.body.failed).toEqual(['shutdown']);
    expect(await draining).toEqual({ unanswered: 0 });
  });
});
