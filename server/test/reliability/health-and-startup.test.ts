import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_SETTINGS, DEFAULT_INGESTION_TUNING } from '../../src/config.js';
import { openDatabase } from '../../src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { freePort, TcpProxy, viaPort } from './support.js';

/**
 * Item 16: a PostgreSQL that stops answering, or is not there yet. The fault: the server reaches PostgreSQL
 * through a TCP proxy that the test pauses (nothing goes through, new connections hang, as with SIGSTOP) or
 * starts late (connections refused). The health check answers 503 within its own short timeout instead of
 * hanging; start-up waits for a late database, saying why, instead of giving up at once.
 */

let database: TestDatabase;
const target = (url: string) => ({ host: new URL(url).hostname, port: Number(new URL(url).port || 5432) });

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function health(url: string): Promise<{ status: number; ms: number; retryAfter: string | null }> {
  const started = performance.now();
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started, retryAfter: response.headers.get('retry-after') };
}

describe('the health check while PostgreSQL does not answer', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = new TcpProxy(target(database.url));
    const port = await proxy.listen();
    t = await startTestApp({ database: { ...database, url: viaPort(database.url, port) } });
  });

  afterAll(async () => {
    proxy?.resume();
    await t?.close();
    await proxy?.close();
  });

  it('answers 200 while it does', async () => {
    expect((await health(t.url)).status).toBe(200);
  });

  it('answers 503 + Retry-After within about a second, every time, while it is paused', async () => {
    proxy.pause();
    try {
      const probes = await Promise.all([health(t.url), health(t.url), health(t.url)]);
      probes.push(await health(t.url));
      for (const probe of probes) {
        expect(probe).toMatchObject({ status: 503, retryAfter: '5' });
        expect(probe.ms).toBeLessThan(3_000);
      }
    } finally {
      proxy.resume();
    }
  });

  it('answers 200 again once it is back', async () => {
    const deadline = Date.now() + 10_000;
    let last = await health(t.url);
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await health(t.url);
    }
    expect(last.status).toBe(200);
  });
});

describe('start-up against a database that is late', () => {
  const config = (url: string, startupWaitMs: number) => ({
    databaseUrl: url,
    dataDir: '/nonexistent',
    embeddedPostgresPort: 5488,
    database: { ...DEFAULT_DATABASE_SETTINGS, startupWaitMs },
    ingestion: DEFAULT_INGESTION_TUNING,
  });

  it('not accepting connections yet: waits, says so, and starts once it is there', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const proxy = new TcpProxy(target(database.url));
    const late = setTimeout(() => void proxy.listen(port), 1_500);
    try {
      const opened = await openDatabase(config(viaPort(database.url, port), 20_000), (line) => lines.push(line));
      await opened.close();
    } finally {
      clearTimeout(late);
      await proxy.close();
    }
    expect(lines[0]).toMatch(
      new RegExp(
        `^waiting for PostgreSQL at 127\\.0\\.0\\.1:${port}/${database.name}: nothing accepts connections there; retrying for up to 2\\d(\\.\\d)? s \\(DB_STARTUP_WAIT_MS\\)$`,
      ),
    );
    expect(lines[lines.length - 1]).toMatch(
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${port}/\\S+ answers after \\d`),
    );
  });

  it('paused (accepting but silent): waits past its attempt timeout, says so, and starts once it answers', async () => {
    const proxy = new TcpProxy(target(database.url));
    const port = await proxy.listen();
    proxy.pause();
    const lines: string[] = [];
    const resume = setTimeout(() => proxy.resume(), 6_000);
    try {
      const opened = await openDatabase(config(viaPort(database.url, port), 20_000), (line) => lines.push(line));
      await opened.close();
    } finally {
      clearTimeout(resume);
      proxy.resume();
      await proxy.close();
    }
    expect(lines[0]).toMatch(/^waiting for PostgreSQL at 127\.0\.0\.1:\d+\/\S+: no answer \(.*timeout.*\); retrying/);
    expect(lines[lines.length - 1]).toMatch(/answers after \d/);
  });

  it('still not there when the wait is over: a clear error naming the variable', async () => {
    const port = await freePort();
    await expect(openDatabase(config(viaPort(database.url, port), 1_000), () => {})).rejects.toThrow(
      new RegExp(
        `^PostgreSQL at 127\\.0\\.0\\.1:${port}/\\S+ was not available within 1 s \\(DB_STARTUP_WAIT_MS\\): nothing accepts connections there$`,
      ),
    );
  });
});
