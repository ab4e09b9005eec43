import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hookPath, send, Sql, type Sent } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import {
  addSecret,
  basicAuthHeaders,
  createVerifiedWebhook,
  createWebhookWithStoredSecret,
  githubHeaders,
  logOf,
  shopifyHeaders,
  slackHeaders,
  standardWebhooksHeaders,
  stripeHeaders,
  wooCommerceHeaders,
} from './ingestion-support.js';

/**
 * Sender verification over real HTTP and PostgreSQL (docs/spec/next/sender-auth.md): every scheme with its sender's
 * published example where there is one (the ingestion clock frozen at its timestamp), the refusals of the answers
 * table, each answered with the generic body and logged UNAUTHENTICATED naming the failed check.
 */

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
/** The ingestion clock: frozen by a test, else the real time. */
let frozenMs: number | null = null;
const nowSeconds = () => Math.floor((frozenMs ?? Date.now()) / 1000);

/** A configured error body: 401 answers must not use it (the sender is not known to be the webhook's). */
const CONFIGURED_ERROR = '{"accepted":false}';
const OPT_IN_BY_TEST = { action: 'opt_in', mapping: [{ from: 'test', to: 'customer' }] };
const POINTS = {
  action: 'point_add',
  mapping: [
    { from: 'customer', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
  errorResponse: CONFIGURED_ERROR,
};

beforeAll(async () => {
  t = await startTestApp({ clock: () => frozenMs ?? Date.now() });
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

beforeEach(() => {
  frozenMs = null;
});

const post = (endpoint: string, body: string, headers: Record<string, string>, contentType = 'application/json') =>
  send(t.url, hookPath(tenant, endpoint), body, { headers: { 'content-type': contentType, ...headers } });

/** A 401 as sender-auth.md says, and its log. */
async function expectRefused(response: Sent, code: string, reason: RegExp) {
  expect(response.status).toBe(401);
  expect(response.headers.get('x-webhook-error')).toBe(code);
  expect(response.json).toEqual({ ok: false, error: { code, message: expect.stringMatching(reason) } });
  const log = await logOf(sql, response);
  expect(log).toMatchObject({ status_code: 401, outcome: 'UNAUTHENTICATED', error_code: code, event_id: null });
  expect(log.error).toMatch(reason);
  return log;
}

describe("published examples, with the clock frozen at the example's time", () => {
  const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const SW_BODY = '{"test": 2432232314}';
  const SW_SIGNED = {
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: '1614265330',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  beforeAll(async () => {
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'sw-example', ...OPT_IN_BY_TEST, verification: { scheme: 'STANDARD_WEBHOOKS' } },
      SW_SECRET,
    );
  });

  it.each([
    [
      'webhook-* headers',
      { 'webhook-id': SW_SIGNED.id, 'webhook-timestamp': SW_SIGNED.timestamp },
      'webhook-signature',
    ],
    ['svix-* headers', { 'svix-id': SW_SIGNED.id, 'svix-timestamp': SW_SIGNED.timestamp }, 'svix-signature'],
  ])('Standard Webhooks (the spec and library example), %s: PROCESSED', async (_name, fields, signatureHeader) => {
    frozenMs = 1614265330_000;
    const response = await post('sw-example', SW_BODY, { ...fields, [signatureHeader]: SW_SIGNED.signature });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, eventId: expect.any(String) });
    expect((await logOf(sql, response)).outcome).toBe('PROCESSED');
    expect(await sql.member(tenant.accountId, '2432232314')).not.toBeNull();
  });

  it('Standard Webhooks: a list of signatures where only one matches (the libraries’ multi-signature example)', async () => {
    frozenMs = 1614265330_000;
    const list = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      SW_SIGNED.signature,
    ].join(' ');
    const response = await post('sw-example', SW_BODY, {
      'webhook-id': SW_SIGNED.id,
      'webhook-timestamp': SW_SIGNED.timestamp,
      'webhook-signature': list,
    });
    expect(response.status).toBe(200);
  });

  it('the same example an hour later is refused: TIMESTAMP_INVALID', async () => {
    frozenMs = (1614265330 + 3600) * 1000;
    const response = await post('sw-example', SW_BODY, {
      'webhook-id': SW_SIGNED.id,
      'webhook-timestamp': SW_SIGNED.timestamp,
      'webhook-signature': SW_SIGNED.signature,
    });
    await expectRefused(
      response,
      'TIMESTAMP_INVALID',
      /webhook-timestamp is 3600 s in the past; the tolerance is 300 s/,
    );
  });

  it("GitHub's documented example verifies; its body is not JSON, so the JSON step answers (400, not 401)", async () => {
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'github-example', ...POINTS, verification: { scheme: 'GITHUB' } },
      "It's a Secret to Everybody",
    );
    const response = await post('github-example', 'Hello, World!', {
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-webhook-error')).toBe('INVALID_JSON');
  });

  it("Slack's documented example verifies at its time; its form body then lacks this webhook's fields", async () => {
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'slack-example', ...POINTS, verification: { scheme: 'SLACK' } },
      '8f742231b10e8888abcd99yyyzzz85a5',
    );
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = {
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    };
    frozenMs = 1531420618_000;
    const verified = await post('slack-example', body, headers, 'application/x-www-form-urlencoded');
    expect(verified.status).toBe(422);
    expect(verified.headers.get('x-webhook-error')).toBe('MISSING_ATTRIBUTE');
    frozenMs = (1531420618 + 301) * 1000;
    const late = await post('slack-example', body, headers, 'application/x-www-form-urlencoded');
    await expectRefused(late, 'TIMESTAMP_INVALID', /x-slack-request-timestamp is 301 s in the past/);
  });

  it("Shopify's library example (its 15-character secret stored directly): PROCESSED", async () => {
    await createWebhookWithStoredSecret(
      t.url,
      sql,
      tenant,
      {
        endpoint: 'shopify-example',
        action: 'opt_in',
        mapping: [{ from: 'foo', to: 'customer' }],
        verification: { scheme: 'SHOPIFY' },
      },
      'test_secret_key',
    );
    const response = await post('shopify-example', '{"foo": "bar"}', {
      'x-shopify-hmac-sha256': 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=',
    });
    expect(response.status).toBe(200);
    expect(await sql.member(tenant.accountId, 'bar')).not.toBeNull();
  });

  it('BASIC_AUTH with the RFC 7617 example (Aladdin / open sesame)', async () => {
    await createWebhookWithStoredSecret(
      t.url,
      sql,
      tenant,
      { endpoint: 'basic-example', ...POINTS, verification: { scheme: 'BASIC_AUTH', username: 'Aladdin' } },
      'open sesame',
    );
    await sql.enrol(tenant.accountId, 'aladdin');
    const response = await post('basic-example', '{"customer":"aladdin","points":3}', {
      authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    });
    expect(response.status).toBe(200);
  });

  it('HMAC with the RFC 4231 SHA-512 example (the generic scheme has no sender; the RFC is its source)', async () => {
    await createWebhookWithStoredSecret(
      t.url,
      sql,
      tenant,
      {
        endpoint: 'hmac-example',
        ...POINTS,
        verification: { scheme: 'HMAC', header: 'x-payload-digest', algorithm: 'SHA512', encoding: 'HEX' },
      },
      'Jefe',
    );
    const response = await post(
      'hmac-example',
      'what do ya want for nothing?',
      {
        'x-payload-digest':
          '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
      },
      'text/plain',
    );
    expect(response.status).toBe(415);
  });
});

describe('every scheme end to end, signed here from its recipe', () => {
  const BODY = JSON.stringify({ customer: 'm-scheme', points: 2 });

  beforeAll(async () => {
    await sql.enrol(tenant.accountId, 'm-scheme');
  });

  const cases: [string, Record<string, unknown>, string, (secret: string) => Record<string, string>][] = [
    [
      'STANDARD_WEBHOOKS',
      { scheme: 'STANDARD_WEBHOOKS' },
      `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
      (s) => standardWebhooksHeaders(s, 'msg_scheme', nowSeconds(), BODY),
    ],
    ['STRIPE', { scheme: 'STRIPE' }, 'whsec_stripe-secret-of-mine', (s) => stripeHeaders(s, nowSeconds(), BODY)],
    ['GITHUB', { scheme: 'GITHUB' }, 'github-secret-0123456789', (s) => githubHeaders(s, BODY)],
    ['SHOPIFY', { scheme: 'SHOPIFY' }, 'shopify-secret-0123456789', (s) => shopifyHeaders(s, BODY)],
    ['WOOCOMMERCE', { scheme: 'WOOCOMMERCE' }, 'woo-secret-0123456789ab', (s) => wooCommerceHeaders(s, BODY)],
    ['SLACK', { scheme: 'SLACK' }, 'slack-secret-0123456789ab', (s) => slackHeaders(s, nowSeconds(), BODY)],
    [
      'HMAC (SHA1, base64url, prefix, timestamp header)',
      {
        scheme: 'HMAC',
        header: 'x-body-mac',
        algorithm: 'SHA1',
        encoding: 'BASE64URL',
        prefix: 'mac=',
        timestampHeader: 'x-sent-at',
      },
      'hmac-secret-0123456789ab',
      (s) => {
        const sentAt = nowSeconds();
        const mac = createHmac('sha1', s).update(`${sentAt}.${BODY}`).digest('base64url');
        return { 'x-body-mac': `mac=${mac}`, 'x-sent-at': String(sentAt) };
      },
    ],
    [
      'BASIC_AUTH (a password with ":")',
      { scheme: 'BASIC_AUTH', username: 'shop' },
      'pass:with:colons-0123',
      (s) => basicAuthHeaders('shop', s),
    ],
    [
      'API_KEY (own header)',
      { scheme: 'API_KEY', header: 'x-intake-key' },
      'api-key-0123456789abcd',
      (s) => ({
        'x-intake-key': s,
      }),
    ],
    [
      'API_KEY on authorization (Bearer)',
      { scheme: 'API_KEY', header: 'authorization' },
      'bearer-key-0123456789ab',
      (s) => ({
        authorization: `Bearer ${s}`,
      }),
    ],
  ];

  it.each(cases)(
    '%s: a correct request is PROCESSED; a wrong secret is 401 UNAUTHENTICATED',
    async (name, verification, secret, sign) => {
      const endpoint = `scheme-${name
        .toLowerCase()
        .replace(/[^a-z]+/g, '-')
        .replace(/-+$/, '')}`;
      await createVerifiedWebhook(t.url, tenant, { endpoint, ...POINTS, verification }, secret);
      const ok = await post(endpoint, BODY, sign(secret));
      expect(ok.status, ok.text).toBe(200);
      expect((await logOf(sql, ok)).outcome).toBe('PROCESSED');

      const wrong = await post(endpoint, BODY, sign(`${secret.slice(0, -2)}zz`));
      expect(wrong.status).toBe(401);
      expect(wrong.json.error.code).not.toBe('SIGNATURE_MISSING');
      const log = await logOf(sql, wrong);
      expect(log.outcome).toBe('UNAUTHENTICATED');
      if (verification.scheme === 'BASIC_AUTH') {
        expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="intake", charset="UTF-8"');
      } else {
        expect(wrong.headers.get('www-authenticate')).toBeNull();
      }
    },
  );
});

describe('refusals of sender-auth.md, over HTTP and logged', () => {
  const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
  const BODY = JSON.stringify({ customer: 'm-refusals', points: 1 });
  const signed = (overrides: Record<string, string> = {}, at = nowSeconds(), body = BODY) => ({
    ...standardWebhooksHeaders(SECRET, 'msg_refusals', at, body),
    ...overrides,
  });

  beforeAll(async () => {
    await sql.enrol(tenant.accountId, 'm-refusals');
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'refusals', ...POINTS, verification: { scheme: 'STANDARD_WEBHOOKS' } },
      SECRET,
    );
  });

  it('a wrong signature: SIGNATURE_INVALID, with the generic body, not the configured one', async () => {
    const headers = signed({ 'webhook-signature': `v1,${Buffer.alloc(32, 1).toString('base64')}` });
    const log = await expectRefused(
      await post('refusals', BODY, headers),
      'SIGNATURE_INVALID',
      /no signature in webhook-signature matches a live secret/,
    );
    // The stored request keeps its body but not its signature.
    expect(log.request_body).toBe(BODY);
    expect(log.request_headers['webhook-signature']).toBe('[REDACTED]');
  });

  it('one flipped byte of the body: SIGNATURE_INVALID', async () => {
    const flipped = BODY.replace('"points":1', '"points":7');
    await expectRefused(await post('refusals', flipped, signed()), 'SIGNATURE_INVALID', /matches a live secret/);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('missing %s: SIGNATURE_MISSING', async (header) => {
    const headers: Record<string, string> = signed();
    delete headers[header];
    await expectRefused(
      await post('refusals', BODY, headers),
      'SIGNATURE_MISSING',
      new RegExp(`missing header.*${header}`),
    );
  });

  it.each([
    ['301 s old', -301, /is 301 s in the past; the tolerance is 300 s/],
    ['301 s ahead', 301, /is 301 s in the future; the tolerance is 300 s/],
  ])('a timestamp %s: TIMESTAMP_INVALID', async (_name, offset, reason) => {
    await expectRefused(await post('refusals', BODY, signed({}, nowSeconds() + offset)), 'TIMESTAMP_INVALID', reason);
  });

  it('300 s either way still passes', async () => {
    frozenMs = Date.now();
    expect((await post('refusals', BODY, signed({}, nowSeconds() - 300))).status).toBe(200);
    expect((await post('refusals', BODY, signed({}, nowSeconds() + 300))).status).toBe(200);
  });

  it('a timestamp that is not a whole number: TIMESTAMP_INVALID', async () => {
    const headers = { ...signed(), 'webhook-timestamp': `${nowSeconds()}.5` };
    await expectRefused(await post('refusals', BODY, headers), 'TIMESTAMP_INVALID', /not a whole number of seconds/);
  });

  it('several signatures where only the last matches: PROCESSED', async () => {
    const good = signed()['webhook-signature'];
    const list = `v1,${Buffer.alloc(32, 1).toString('base64')} v2,${good.slice(3)} ${good}`;
    const response = await post('refusals', BODY, signed({ 'webhook-signature': list }));
    expect(response.status).toBe(200);
  });

  it('Stripe: a timestamp 301 s ahead passes (its tolerance is for the past only); 301 s old does not', async () => {
    const secret = 'whsec_stripe-tolerance-01';
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'stripe-tolerance', ...POINTS, verification: { scheme: 'STRIPE' } },
      secret,
    );
    frozenMs = Date.now();
    expect((await post('stripe-tolerance', BODY, stripeHeaders(secret, nowSeconds() + 301, BODY))).status).toBe(200);
    await expectRefused(
      await post('stripe-tolerance', BODY, stripeHeaders(secret, nowSeconds() - 301, BODY)),
      'TIMESTAMP_INVALID',
      /stripe-signature t= is 301 s in the past/,
    );
  });

  it('BASIC_AUTH: wrong password 401 with WWW-Authenticate; missing header too', async () => {
    await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'basic-refusals', ...POINTS, verification: { scheme: 'BASIC_AUTH', username: 'shop' } },
      'right:pass:word-0123',
    );
    const wrong = await post('basic-refusals', BODY, basicAuthHeaders('shop', 'right:pass:word-0124'));
    await expectRefused(wrong, 'UNAUTHENTICATED', /do not match/);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="intake", charset="UTF-8"');
    const otherUser = await post('basic-refusals', BODY, basicAuthHeaders('shopkeeper', 'right:pass:word-0123'));
    await expectRefused(otherUser, 'UNAUTHENTICATED', /do not match/);
    const missing = await post('basic-refusals', BODY, {});
    await expectRefused(missing, 'UNAUTHENTICATED', /missing header authorization/);
    expect(missing.headers.get('www-authenticate')).toContain('Basic');
    expect((await post('basic-refusals', BODY, basicAuthHeaders('shop', 'right:pass:word-0123'))).status).toBe(200);
  });

  it('401 comes after 405 and 413, and before 415 and the JSON', async () => {
    expect((await send(t.url, hookPath(tenant, 'refusals'), BODY, { method: 'PUT' })).status).toBe(405);
    const unsigned = await post('refusals', 'not json', {}, 'text/plain');
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('x-webhook-error')).toBe('SIGNATURE_MISSING');
    const signedText = await post('refusals', 'not json', signed({}, nowSeconds(), 'not json'), 'text/plain');
    expect(signedText.status).toBe(415);
  });
});

describe('secrets: expiry and rotation', () => {
  const BODY = JSON.stringify({ customer: 'm-rotation', points: 1 });
  const FIRST = `whsec_${Buffer.alloc(32, 21).toString('base64')}`;
  const SECOND = `whsec_${Buffer.alloc(32, 22).toString('base64')}`;
  const sign = (secret: string) => standardWebhooksHeaders(secret, 'msg_rotation', nowSeconds(), BODY);

  it('a rotated secret keeps verifying during its grace period, then 401; the new one verifies', async () => {
    await sql.enrol(tenant.accountId, 'm-rotation');
    const id = await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'rotation', ...POINTS, verification: { scheme: 'STANDARD_WEBHOOKS' } },
      FIRST,
    );
    await addSecret(t.url, tenant, id, SECOND, 600);
    frozenMs = Date.now();
    expect((await post('rotation', BODY, sign(FIRST))).status).toBe(200);
    expect((await post('rotation', BODY, sign(SECOND))).status).toBe(200);

    // Expiry is checked per request: the cached secret stops at its expiry without any change being announced.
    frozenMs = Date.now() + 601_000;
    await expectRefused(await post('rotation', BODY, sign(FIRST)), 'SIGNATURE_INVALID', /matches a live secret/);
    expect((await post('rotation', BODY, sign(SECOND))).status).toBe(200);
  });

  it('a webhook whose only secret has expired answers every request 401', async () => {
    const id = await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'expired', ...POINTS, verification: { scheme: 'STANDARD_WEBHOOKS' } },
      FIRST,
    );
    // Adding a second secret with no grace expires the first at once; then the second is removed.
    await addSecret(t.url, tenant, id, SECOND, 0);
    const [second] = await sql.rows(`SELECT id FROM webhook_secrets WHERE webhook_id = $1 AND expires_at IS NULL`, [
      id,
    ]);
    const removed = await gql(
      t.url,
      `mutation($id: ID!, $secretId: ID!) { removeWebhookSecret(id: $id, secretId: $secretId) { id } }`,
      { id, secretId: second.id },
      { apiKey: tenant.adminKey },
    );
    expect(removed.errors).toBeUndefined();
    expect(await sql.rows(`SELECT id FROM webhook_secrets WHERE webhook_id = $1`, [id])).toHaveLength(1);
    await expectRefused(await post('expired', BODY, sign(FIRST)), 'SIGNATURE_INVALID', /no live secret/);
  });
});

describe("WooCommerce's creation ping", () => {
  it('an unsigned webhook_id=<n> form: 200, nothing registered, logged with the reason', async () => {
    const id = await createVerifiedWebhook(
      t.url,
      tenant,
      { endpoint: 'woo-ping', ...POINTS, verification: { scheme: 'WOOCOMMERCE' } },
      'woo-ping-secret-0123456789',
    );
    const response = await post('woo-ping', 'webhook_id=42', {}, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, ping: true });
    const log = await logOf(sql, response);
    expect(log).toMatchObject({
      webhook_id: id,
      status_code: 200,
      outcome: 'FILTERED',
      error_code: 'WOOCOMMERCE_PING',
      event_id: null,
    });
    expect(log.error).toMatch(/creation ping: answered 200, nothing registered/);
    // The same form signed wrongly is not a ping.
    const forged = await post(
      'woo-ping',
      'webhook_id=42',
      { 'x-wc-webhook-signature': 'AAAA' },
      'application/x-www-form-urlencoded',
    );
    expect(forged.status).toBe(401);
  });
});
