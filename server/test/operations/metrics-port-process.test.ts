import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killSpawnedServers, freePort, spawnServer, type ServerProcess } from '../reliability/support.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_SECRET_KEY } from '../support/test-app.js';
import { parsePrometheusText, samplesOf } from './prometheus-text.js';

/**
 * The real server process (main.ts) with METRICS_PORT and METRICS_TOKEN: a second listener serves /metrics
 * behind the token, the app's port does not serve it, and SIGTERM closes both.
 */

const token = 'process-metrics-token-0123456789';
let database: TestDatabase;
let server: ServerProcess;
let app: string;
let metrics: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const [port, metricsPort] = [await freePort(), await freePort()];
  app = `http://127.0.0.1:${port}`;
  metrics = `http://127.0.0.1:${metricsPort}`;
  server = spawnServer({
    DATABASE_URL: database.url,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    METRICS_TOKEN: token,
    INTAKE_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
  });
  await server.waitFor(/\[intake\] metrics on /);
  await server.waitFor(/\[intake\] listening on /);
});

afterAll(async () => {
  killSpawnedServers();
  await database?.drop();
});

describe('METRICS_PORT and METRICS_TOKEN in the server process', () => {
  it('serves /metrics on the metrics port with the token only, and not on the app port', async () => {
    expect((await fetch(`${metrics}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${metrics}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    const samples = parsePrometheusText(await scraped.text());
    expect(samplesOf(samples, 'intake_listen_connection_up')).toHaveLength(1);
    expect((await fetch(`${app}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    expect((await fetch(`${app}/readyz`)).status).toBe(200);
  });

  it('closes both listeners on SIGTERM and exits 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await expect(fetch(`${metrics}/metrics`)).rejects.toThrow();
  });
});
