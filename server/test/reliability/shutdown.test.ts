import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { gql, TEST_SECRET_KEY } from '../support/test-app.js';
import { Sql } from '../ingestion/support.js';
import { freePort, killSpawnedServers, spawnServer, type ServerProcess } from './support.js';

/**
 * Item 13: SIGTERM under load. The fault: the test kills the real server process (src/main.ts, on a test
 * database) with SIGTERM while 20 senders keep posting over keep-alive connections. The server stops accepting
 * first, answers every request it had received (including one whose body was still arriving), answers 503 +
 * Retry-After to requests arriving on open connections, never resets a connection under a request it read, and
 * exits 0 within SHUTDOWN_TIMEOUT_MS. Every 2xx is stored.
 */

const SENDERS = 20;
const SHUTDOWN_TIMEOUT_MS = 10_000;

let database: TestDatabase;
let sql: Sql;
let server: ServerProcess;
let base: string;
let port: number;
let accountId: string;
const path = '/webhooks/custom/demo/points';

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new Sql(database.url);
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawnServer({
    DATABASE_URL: database.url,
    PORT: String(port),
    INTAKE_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
    INTAKE_INIT_DEMO: '1',
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  });
  const [, apiKey] = await server.waitFor(/API key: {2}(ik_\S+)/);
  await server.waitFor(/\[intake\] listening on /);
  const created = await gql(
    base,
    `mutation Create($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
    {
      input: {
        name: 'points',
        method: 'POST',
        endpoint: 'points',
        action: 'point_add',
        mapping: [
          { from: 'customer_id', to: 'customer' },
          { from: 'points', to: 'data.points' },
        ],
      },
    },
    { apiKey },
  );
  expect(created.errors).toBeUndefined();
  const activated = await gql(
    base,
    `mutation Activate($id: ID!) { activateWebhook(id: $id) { status } }`,
    { id: created.data!.createWebhook.id },
    { apiKey },
  );
  expect(activated.errors).toBeUndefined();
  accountId = (await sql.one<{ id: string }>(`SELECT id FROM accounts WHERE slug = 'demo'`)).id;
  for (let i = 0; i < SENDERS; i++) await sql.enrol(accountId, `m${i}`, 0);
}, 120_000);

afterAll(async () => {
  killSpawnedServers();
  await sql?.close();
  await database?.drop();
});

interface Outcome {
  status?: number;
  requestId?: string | null;
  retryAfter?: string | null;
  connection?: string | null;
  /** The socket error, when no answer came. */
  error?: string;
}

/** POSTs one request over `agent`, resolving with its answer or the socket error that prevented one. */
function post(agent: http.Agent, body: object): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode,
            requestId: response.headers['x-request-id'] as string | undefined,
            retryAfter: response.headers['retry-after'] as string | undefined,
            connection: response.headers.connection,
          }),
        );
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(payload);
  });
}

describe('SIGTERM under load', () => {
  it('answers what it received, refuses the rest with 503 + Retry-After, stores every 2xx, exits 0 in time', async () => {
    const outcomes: Outcome[] = [];
    let sending = true;
    const senders = Array.from({ length: SENDERS }, async (_, i) => {
      // Each sender keeps one keep-alive connection, as webhook senders do, until the server refuses connections.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (sending) {
        const outcome = await post(agent, { customer_id: `m${i}`, points: 1 });
        outcomes.push(outcome);
        if (outcome.error === 'ECONNREFUSED') break;
      }
      agent.destroy();
    });

    // A sender that has sent its headers and half its body when SIGTERM comes: the request was received.
    const slowAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const slow = new Promise<Outcome>((resolve) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent: slowAgent,
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode, requestId: response.headers['x-request-id'] as string }),
          );
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      request.write('{"customer_id": "m0", ');
      setTimeout(() => request.end('"points": 1}'), 1_500);
    });

    // A connection that sat idle (its one request answered before SIGTERM) and is used again after it.
    const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = await post(idleAgent, { customer_id: 'm1', points: 1 });
    expect(before.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stoppedAt = performance.now();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterSigterm = await post(idleAgent, { customer_id: 'm1', points: 1 });

    const code = await server.exited;
    const exitMs = performance.now() - stoppedAt;
    sending = false;
    await Promise.all(senders);
    const slowOutcome = await slow;
    slowAgent.destroy();
    idleAgent.destroy();

    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(server.output()).toContain('SIGTERM: shutting down');

    // The half-sent request was received before SIGTERM: it is answered, and stored.
    expect(slowOutcome.status).toBe(200);
    // The idle connection used after SIGTERM: a 503 that says when to retry and closes the connection.
    expect(afterSigterm).toMatchObject({ status: 503, retryAfter: '5', connection: 'close' });

    const answered = outcomes.filter((o) => o.status !== undefined);
    const refusedConnections = outcomes.filter((o) => o.error === 'ECONNREFUSED');
    // No request was cut off: every failure to get an answer is a connection the server never accepted.
    expect(outcomes.filter((o) => o.error !== undefined && o.error !== 'ECONNREFUSED')).toEqual([]);
    expect(refusedConnections.length).toBeGreaterThan(0);
    expect(answered.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    for (const refused of answered.filter((o) => o.status === 503)) expect(refused.retryAfter).toBe('5');
    expect(answered.filter((o) => o.status === 200).length).toBeGreaterThan(SENDERS);

    // Every 2xx is stored, and nothing else was.
    const accepted = [...answered, before, slowOutcome].filter((o) => o.status === 200);
    const ids = accepted.map((o) => o.requestId);
    const stored = await sql.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM request_logs WHERE id = ANY($1) AND outcome = 'PROCESSED'`,
      [ids],
    );
    expect(stored[0].n).toBe(accepted.length);
    const [events] = await sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM customer_events`);
    expect(events.n).toBe(accepted.length);
  }, 60_000);
});
