import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookPath, send, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import {
  basicAuthHeaders,
  createVerifiedWebhook,
  githubHeaders,
  standardWebhooksHeaders,
} from './ingestion-support.js';

/**
 * Requests to verified webhooks, right and wrong, and dry runs that sign server-side: no secret and no valid
 * signature or credential appears in the stored request logs or in the server's own log (at its most verbose).
 * Credential headers are redacted by the scheme, even when their name does not look secret.
 */

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
const lines: string[] = [];
/** Every secret, and every header value that would authenticate a request. */
const forbidden: string[] = [];
const webhookIds: string[] = [];

const MAPPING = [
  { from: 'customer', to: 'customer' },
  { from: 'points', to: 'data.points' },
];
const BODY = JSON.stringify({ customer: 'm-leak', points: 1 });

beforeAll(async () => {
  t = await startTestApp({ logStream: { write: (line) => void lines.push(line) }, logLevel: 'trace' });
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  await sql.enrol(tenant.accountId, 'm-leak');
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

interface LeakCase {
  endpoint: string;
  verification: Record<string, unknown>;
  secret: string;
  /** A secret that is not the webhook's. */
  wrong?: string;
  /** The headers of a correct request; their values are credentials. */
  sign(secret: string): Record<string, string>;
  /** Headers whose stored value must be [REDACTED]. */
  redacted: string[];
}

const CASES: LeakCase[] = [
  {
    endpoint: 'leak-standard',
    verification: { scheme: 'STANDARD_WEBHOOKS' },
    secret: `whsec_${Buffer.alloc(32, 77).toString('base64')}`,
    wrong: `whsec_${Buffer.alloc(32, 78).toString('base64')}`,
    sign: (s) => standardWebhooksHeaders(s, 'msg_leak', Math.floor(Date.now() / 1000), BODY),
    redacted: ['webhook-signature'],
  },
  {
    endpoint: 'leak-github',
    verification: { scheme: 'GITHUB' },
    secret: 'github-leak-secret-0123456789',
    sign: (s) => githubHeaders(s, BODY),
    redacted: ['x-hub-signature-256'],
  },
  {
    endpoint: 'leak-hmac',
    // A header name that says nothing about secrets: only the scheme knows it carries one.
    verification: { scheme: 'HMAC', header: 'x-payload-digest' },
    secret: 'hmac-leak-secret-0123456789',
    sign: (s) => ({ 'x-payload-digest': createHmac('sha256', s).update(BODY).digest('hex') }),
    redacted: ['x-payload-digest'],
  },
  {
    endpoint: 'leak-basic',
    verification: { scheme: 'BASIC_AUTH', username: 'partner' },
    secret: 'basic:leak:secret-0123',
    sign: (s) => basicAuthHeaders('partner', s),
    redacted: ['authorization'],
  },
  {
    endpoint: 'leak-api-key',
    verification: { scheme: 'API_KEY', header: 'x-partner' },
    secret: 'api-leak-secret-0123456789',
    sign: (s) => ({ 'x-partner': s }),
    redacted: ['x-partner'],
  },
];

describe('secrets of verified webhooks', () => {
  it('appear neither in stored request logs nor in the server log, for right and wrong requests and dry runs', async () => {
    for (const c of CASES) {
      const id = await createVerifiedWebhook(
        t.url,
        tenant,
        { endpoint: c.endpoint, action: 'point_add', mapping: MAPPING, verification: c.verification },
        c.secret,
      );
      webhookIds.push(id);
      const good = c.sign(c.secret);
      forbidden.push(
        c.secret,
        ...Object.entries(good)
          .filter(([name]) => c.redacted.includes(name))
          .map(([, v]) => v),
      );

      const ok = await send(t.url, hookPath(tenant, c.endpoint), BODY, { headers: good });
      expect(ok.status, `${c.endpoint}: ${ok.text}`).toBe(200);
      const wrong = await send(t.url, hookPath(tenant, c.endpoint), BODY, {
        headers: c.sign(c.wrong ?? `${c.secret}x`),
      });
      expect(wrong.status).toBe(401);
      for (const response of [ok, wrong]) {
        const log = await sql.log(response.headers.get('x-request-id'));
        for (const header of c.redacted)
          expect(log.request_headers[header], `${c.endpoint} ${header}`).toBe('[REDACTED]');
      }

      const dryRun = await gql(
        t.url,
        `query($id: ID!, $request: TestRequestInput!) {
          testWebhook(id: $id, request: $request) { statusCode verification { verified signed } }
        }`,
        { id, request: { body: BODY, signWithSecret: true } },
        { apiKey: tenant.adminKey },
      );
      expect(dryRun.data!.testWebhook).toEqual({ statusCode: 200, verification: { verified: true, signed: true } });
      const answer = JSON.stringify(dryRun);
      expect(answer).not.toContain(c.secret);
    }

    // Something was logged, so an empty log cannot pass for a clean one.
    expect(lines.some((line) => line.includes('/graphql'))).toBe(true);
    const serverLog = lines.join('\n');
    const stored = JSON.stringify(
      await sql.rows(`SELECT * FROM request_logs WHERE webhook_id = ANY($1::uuid[])`, [webhookIds]),
    );
    expect(stored.length).toBeGreaterThan(1000);
    for (const value of forbidden) {
      expect(serverLog, value).not.toContain(value);
      expect(stored, value).not.toContain(value);
    }
  });
});
