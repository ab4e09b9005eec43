import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeaders } from './config.js';
import { secretHint } from './secrets.js';
import { signForTest } from './sign-for-test.js';
import type {
  IncomingRequest,
  LiveSecret,
  VerificationConfig,
  VerificationErrorCode,
  VerificationVerdict,
} from './types.js';
import { verifySender } from './verify-sender.js';

type Headers = Record<string, string | string[]>;

function request(headers: Headers, body: string | Buffer): IncomingRequest {
  return { headers, rawBody: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

const live = (value: string, id = 'sec_1'): LiveSecret => ({ id, value });
const verified = (config: VerificationConfig, secretId = 'sec_1') => ({ ok: true, scheme: config.scheme, secretId });

interface PublishedVector {
  name: string;
  config: VerificationConfig;
  secret: string;
  body: string;
  headers: Headers;
  now: number;
}

// Every vector below was published by the sender or its official library, or by an RFC; the comment names where.
const SLACK_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
  '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
  '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const RFC_HMAC_BODY = 'what do ya want for nothing?';

const PUBLISHED: PublishedVector[] = [
  // docs/spec/next/sender-auth.md, taken from standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts
  // ("sign function works") and libraries/go/webhook_test.go (TestWebhookSign); the clock is frozen at its timestamp.
  {
    name: 'Standard Webhooks (spec and standard-webhooks library tests)',
    config: { scheme: 'STANDARD_WEBHOOKS' },
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    body: '{"test": 2432232314}',
    headers: {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    },
    now: 1614265330,
  },
  // Same vector; the libraries' test "verification works with and without signature prefix" uses the bare secret.
  {
    name: 'Standard Webhooks, secret without whsec_',
    config: { scheme: 'STANDARD_WEBHOOKS' },
    secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    body: '{"test": 2432232314}',
    headers: {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    },
    now: 1614265330,
  },
  // Same vector under Svix's header names (sender-auth.md: svix-* are accepted too).
  {
    name: 'Standard Webhooks, svix-* headers',
    config: { scheme: 'STANDARD_WEBHOOKS' },
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    body: '{"test": 2432232314}',
    headers: {
      'svix-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'svix-timestamp': '1614265330',
      'svix-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    },
    now: 1614265330,
  },
  // The signature list of the libraries' test "multi sig payload is valid" (javascript/src/webhook.test.ts,
  // go/webhook_test.go): decoys of versions v1 and v2 around the valid signature.
  {
    name: 'Standard Webhooks, library multi-signature list',
    config: { scheme: 'STANDARD_WEBHOOKS' },
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    body: '{"test": 2432232314}',
    headers: {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': [
        'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
        'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
        'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
        'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      ].join(' '),
    },
    now: 1614265330,
  },
  // docs/spec/next/sender-auth.md, from GitHub's "Validating webhook deliveries" docs
  // (docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries, "Testing the webhook payload validation").
  {
    name: 'GitHub (GitHub docs)',
    config: { scheme: 'GITHUB' },
    secret: "It's a Secret to Everybody",
    body: 'Hello, World!',
    headers: { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
    now: 1_700_000_000,
  },
  // Slack's "Verifying requests from Slack" docs example, as used by slackapi/python-slack-sdk
  // tests/slack_sdk/signature/test_signature_verifier.py (its MockClock freezes the clock at the timestamp).
  {
    name: 'Slack (Slack docs via python-slack-sdk tests)',
    config: { scheme: 'SLACK' },
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    body: SLACK_BODY,
    headers: {
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    },
    now: 1531420618,
  },
  // Shopify/shopify-app-js packages/apps/shopify-api/lib/webhooks/__tests__/validate.test.ts ("returns true for valid
  // request"): body '{"foo": "bar"}', apiSecretKey 'test_secret_key' (lib/__tests__/test-config.ts).
  {
    name: 'Shopify (shopify-app-js webhook validation test)',
    config: { scheme: 'SHOPIFY' },
    secret: 'test_secret_key',
    body: '{"foo": "bar"}',
    headers: { 'x-shopify-hmac-sha256': 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=' },
    now: 1_700_000_000,
  },
  // RFC 2202 section 3, test case 2 (HMAC-SHA-1): key "Jefe". Generic HMAC has no sender, so the RFCs are its source.
  {
    name: 'HMAC SHA1 hex (RFC 2202 test case 2)',
    config: { scheme: 'HMAC', header: 'x-signature', algorithm: 'SHA1', encoding: 'HEX' },
    secret: 'Jefe',
    body: RFC_HMAC_BODY,
    headers: { 'x-signature': 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79' },
    now: 1_700_000_000,
  },
  // RFC 4231 section 4.3, test case 2 (HMAC-SHA-256), with a prefix and the default algorithm and encoding.
  {
    name: 'HMAC SHA256 hex with prefix (RFC 4231 test case 2)',
    config: { scheme: 'HMAC', header: 'X-Signature', prefix: 'sha256=' },
    secret: 'Jefe',
    body: RFC_HMAC_BODY,
    headers: { 'x-signature': 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
    now: 1_700_000_000,
  },
  // RFC 4231 section 4.3, test case 2 (HMAC-SHA-512).
  {
    name: 'HMAC SHA512 hex (RFC 4231 test case 2)',
    config: { scheme: 'HMAC', header: 'x-signature', algorithm: 'SHA512', encoding: 'HEX' },
    secret: 'Jefe',
    body: RFC_HMAC_BODY,
    headers: {
      'x-signature':
        '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    },
    now: 1_700_000_000,
  },
  // GitHub's documented vector again, through the generic scheme configured the way GitHub signs.
  {
    name: 'HMAC configured as GitHub (GitHub docs vector)',
    config: { scheme: 'HMAC', header: 'x-hub-signature-256', prefix: 'sha256=', algorithm: 'SHA256', encoding: 'HEX' },
    secret: "It's a Secret to Everybody",
    body: 'Hello, World!',
    headers: { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
    now: 1_700_000_000,
  },
  // shopify-app-js's vector again, through the generic scheme with BASE64.
  {
    name: 'HMAC base64 configured as Shopify (shopify-app-js vector)',
    config: { scheme: 'HMAC', header: 'x-shopify-hmac-sha256', encoding: 'BASE64' },
    secret: 'test_secret_key',
    body: '{"foo": "bar"}',
    headers: { 'x-shopify-hmac-sha256': 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=' },
    now: 1_700_000_000,
  },
  // RFC 7617 section 2: user-id "Aladdin", password "open sesame".
  {
    name: 'BASIC_AUTH (RFC 7617 section 2)',
    config: { scheme: 'BASIC_AUTH', username: 'Aladdin' },
    secret: 'open sesame',
    body: '{}',
    headers: { authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' },
    now: 1_700_000_000,
  },
  // RFC 7617 section 2.1: user-id "test", password "123£" in UTF-8.
  {
    name: 'BASIC_AUTH UTF-8 (RFC 7617 section 2.1)',
    config: { scheme: 'BASIC_AUTH', username: 'test' },
    secret: '123£',
    body: '{}',
    headers: { authorization: 'Basic dGVzdDoxMjPCow==' },
    now: 1_700_000_000,
  },
];

// No published example with a fixed timestamp and secret was found for these; the expected values were computed with
// `openssl dgst -hmac` (independent of this code) following the senders' own recipes.
const COMPUTED: PublishedVector[] = [
  // stripe-node's tests build headers at run time (generateTestHeaderString: `t=<t>,v1=<hex>` over "<t>.<payload>",
  // key = the whole secret text); this uses their SECRET and EVENT_PAYLOAD_STRING with t = 1700000000.
  {
    name: 'Stripe (computed with stripe-node test inputs)',
    config: { scheme: 'STRIPE' },
    secret: 'whsec_test_secret',
    body: JSON.stringify({ id: 'evt_test_webhook', object: 'event' }, null, 2),
    headers: { 'stripe-signature': 't=1700000000,v1=4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150' },
    now: 1_700_000_000,
  },
  {
    name: 'HMAC SHA512 base64url with timestamp header (computed)',
    config: {
      scheme: 'HMAC',
      header: 'x-sig',
      algorithm: 'SHA512',
      encoding: 'BASE64URL',
      timestampHeader: 'x-sig-timestamp',
    },
    secret: 'hmac-test-secret-0001',
    body: '{"points":10}',
    headers: {
      'x-sig': 'cCL8raOi03D7HerOHumuJZ-fYOlTzyO8lByOboSxVuX-6SXvYLJpUty6BOKz8b--t1PM3Ypp4FOg1efw0FvcjQ',
      'x-sig-timestamp': '1700000000',
    },
    now: 1_700_000_000,
  },
  {
    name: 'API_KEY default header (computed: the header is the secret)',
    config: { scheme: 'API_KEY' },
    secret: 'k3y-for-the-api-0123456789',
    body: '{}',
    headers: { 'x-api-key': 'k3y-for-the-api-0123456789' },
    now: 1_700_000_000,
  },
];

describe('verifySender accepts published examples', () => {
  it.each([...PUBLISHED, ...COMPUTED])('$name', (vector) => {
    const verdict = verifySender(
      vector.config,
      [live(vector.secret)],
      request(vector.headers, vector.body),
      vector.now,
    );
    expect(verdict).toEqual(verified(vector.config));
  });

  it('WooCommerce: its published vector uses an empty secret, which is never live (fail closed)', () => {
    // woocommerce/woocommerce plugins/woocommerce/tests/legacy/unit-tests/webhooks/crud.php test_generate_signature:
    // a new WC_Webhook (secret '') signs the payload 'secret' as 'GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs='.
    // signForTest reproduces it below; verification refuses an empty secret, since anyone could sign with it.
    const verdict = verifySender(
      { scheme: 'WOOCOMMERCE' },
      [live('')],
      request({ 'x-wc-webhook-signature': 'GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=' }, 'secret'),
      1_700_000_000,
    );
    expect(verdict).toMatchObject({ ok: false, errorCode: 'SIGNATURE_INVALID', reason: 'no live secret' });
  });
});

describe('signForTest reproduces published signatures', () => {
  it.each([...PUBLISHED, ...COMPUTED])('$name', (vector) => {
    const id = (vector.headers['webhook-id'] ?? vector.headers['svix-id']) as string | undefined;
    const signed = signForTest(vector.config, vector.secret, vector.body, vector.now, { id });
    // The multi-signature and svix vectors list more than (or other names than) a sender writes: compare the v1 one.
    if (vector.name.includes('multi-signature') || vector.name.includes('svix')) {
      expect(signed['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    } else {
      expect(signed).toEqual(vector.headers);
    }
  });

  it('WooCommerce (woocommerce crud.php test_generate_signature: empty secret, payload "secret")', () => {
    expect(signForTest({ scheme: 'WOOCOMMERCE' }, '', 'secret', 0)).toEqual({
      'x-wc-webhook-signature': 'GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=',
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Behaviour around the examples: each scheme signed by signForTest, then tampered with.

const NOW = 1_700_000_000;
const BODY = '{"member":"M-1042","points":250}';
const derive = (label: string) => createHash('sha256').update(label).digest();

interface SchemeCase {
  config: VerificationConfig;
  secret: string;
  other: string;
  signed: boolean;
  timestamped: boolean;
}

const CASES: SchemeCase[] = [
  {
    config: { scheme: 'STANDARD_WEBHOOKS' },
    secret: `whsec_${derive('alpha').toString('base64')}`,
    other: `whsec_${derive('beta').toString('base64')}`,
    signed: true,
    timestamped: true,
  },
  {
    config: { scheme: 'STRIPE' },
    secret: 'whsec_stripeAlphaSecretZq7',
    other: 'whsec_stripeBetaSecretXw3',
    signed: true,
    timestamped: true,
  },
  {
    config: { scheme: 'GITHUB' },
    secret: 'github-alpha-secret-Kp4',
    other: 'github-beta-secret-Lm2',
    signed: true,
    timestamped: false,
  },
  {
    config: { scheme: 'SHOPIFY' },
    secret: 'shopify-alpha-secret-Hj8',
    other: 'shopify-beta-secret-Gf6',
    signed: true,
    timestamped: false,
  },
  {
    config: { scheme: 'WOOCOMMERCE' },
    secret: 'woo-alpha-secret-Rt5',
    other: 'woo-beta-secret-Yu1',
    signed: true,
    timestamped: false,
  },
  {
    config: { scheme: 'SLACK' },
    secret: derive('slack-alpha').toString('hex').slice(0, 32),
    other: derive('slack-beta').toString('hex').slice(0, 32),
    signed: true,
    timestamped: true,
  },
  {
    config: { scheme: 'HMAC', header: 'X-Loyalty-Signature', prefix: 'hmac=', algorithm: 'SHA512', encoding: 'BASE64' },
    secret: 'hmac-alpha-secret-Vb9',
    other: 'hmac-beta-secret-Nc0',
    signed: true,
    timestamped: false,
  },
  {
    config: {
      scheme: 'HMAC',
      header: 'x-sig',
      timestampHeader: 'X-Sig-Time',
      encoding: 'BASE64URL',
      toleranceSeconds: 300,
    },
    secret: 'hmac-ts-alpha-secret-Qa3',
    other: 'hmac-ts-beta-secret-Ws4',
    signed: true,
    timestamped: true,
  },
  {
    config: { scheme: 'BASIC_AUTH', username: 'loyalty-sender' },
    secret: 'basic:alpha:secret-Ed5',
    other: 'basic-beta-secret-Tg6',
    signed: false,
    timestamped: false,
  },
  {
    config: { scheme: 'API_KEY' },
    secret: 'apikey-alpha-secret-Oi7',
    other: 'apikey-beta-secret-Pl8',
    signed: false,
    timestamped: false,
  },
  {
    config: { scheme: 'API_KEY', header: 'Authorization' },
    secret: 'bearer-alpha-secret-Uj9',
    other: 'bearer-beta-secret-Ik0',
    signed: false,
    timestamped: false,
  },
];

const label = (c: SchemeCase) =>
  c.config.scheme === 'HMAC'
    ? `HMAC ${c.config.timestampHeader ? 'with' : 'without'} timestamp`
    : `${c.config.scheme}${c.config.header ? ` on ${c.config.header}` : ''}`;
const signedHeaders = (
  c: SchemeCase,
  now = NOW,
  secret = c.secret,
  body: string | Buffer = BODY,
): Record<string, string> => signForTest(c.config, secret, body, now, { id: 'msg_2Xq9' });
const credentialHeader = (c: SchemeCase) => signatureHeaders(c.config)[0];
const timestampHeader = (c: SchemeCase) =>
  ({ STANDARD_WEBHOOKS: 'webhook-timestamp', SLACK: 'x-slack-request-timestamp', HMAC: 'x-sig-time' })[
    c.config.scheme as string
  ];
const rejectedCode = (c: SchemeCase, signedCode: VerificationErrorCode): VerificationErrorCode =>
  c.signed ? signedCode : 'UNAUTHENTICATED';

/** Replaces the one signature in a sender's header value by a list of values, keeping its framing. */
function withSignatures(c: SchemeCase, wrong: Headers, right: Headers): string | string[] {
  const header = credentialHeader(c);
  const good = right[header] as string;
  const bad = wrong[header] as string;
  switch (c.config.scheme) {
    case 'STANDARD_WEBHOOKS':
      return `${bad} ${bad.replace('v1,', 'v1,A')} ${good}`;
    case 'STRIPE':
      return `${bad},${good.split(',')[1]}`;
    case 'SHOPIFY':
      return `${bad}, ${good}`; // how Node joins a repeated header
    default:
      return [bad, good];
  }
}

/** A text, and when it is an encoded digest, the same bytes in the other encodings: a leak in any form counts. */
function inEveryEncoding(text: string): string[] {
  const decoded: (Buffer | null)[] = [
    /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, 'hex') : null,
    Buffer.from(text, 'base64'),
  ];
  return [
    text,
    ...decoded
      .filter((bytes): bytes is Buffer => bytes !== null && bytes.length >= 16)
      .flatMap((bytes) => [
        bytes.toString('hex'),
        bytes.toString('base64').replace(/=+$/, ''),
        bytes.toString('base64url'),
      ]),
  ];
}

interface FailingCase {
  name: string;
  scheme: SchemeCase;
  secrets: LiveSecret[];
  request: IncomingRequest;
  now: number;
  errorCode: VerificationErrorCode;
}

function flipOneByte(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  bytes[7] ^= 0x01;
  return bytes;
}

const FAILING: FailingCase[] = CASES.flatMap((c) => {
  const secrets = [live(c.secret)];
  const good = signedHeaders(c);
  const cases: FailingCase[] = [
    {
      name: 'wrong secret',
      scheme: c,
      secrets,
      request: request(signedHeaders(c, NOW, c.other), BODY),
      now: NOW,
      errorCode: rejectedCode(c, 'SIGNATURE_INVALID'),
    },
    {
      name: 'missing credential header',
      scheme: c,
      secrets,
      request: request(Object.fromEntries(Object.entries(good).filter(([name]) => name !== credentialHeader(c))), BODY),
      now: NOW,
      errorCode: rejectedCode(c, 'SIGNATURE_MISSING'),
    },
    {
      name: 'no live secret',
      scheme: c,
      secrets: [],
      request: request(good, BODY),
      now: NOW,
      errorCode: rejectedCode(c, 'SIGNATURE_INVALID'),
    },
  ];
  if (c.signed) {
    cases.push(
      {
        name: 'one flipped byte of the body',
        scheme: c,
        secrets,
        request: request(good, flipOneByte(BODY)),
        now: NOW,
        errorCode: 'SIGNATURE_INVALID',
      },
      {
        name: 'a signature of the wrong length',
        scheme: c,
        secrets,
        request: request({ ...good, [credentialHeader(c)]: (good[credentialHeader(c)] as string).slice(0, -4) }, BODY),
        now: NOW,
        errorCode: 'SIGNATURE_INVALID',
      },
    );
  }
  if (c.timestamped) {
    cases.push({
      name: 'timestamp 301 s old',
      scheme: c,
      secrets,
      request: request(signedHeaders(c, NOW - 301), BODY),
      now: NOW,
      errorCode: 'TIMESTAMP_INVALID',
    });
    if (c.config.scheme !== 'STRIPE') {
      cases.push({
        name: 'timestamp 301 s ahead',
        scheme: c,
        secrets,
        request: request(signedHeaders(c, NOW + 301), BODY),
        now: NOW,
        errorCode: 'TIMESTAMP_INVALID',
      });
    }
    const nonNumeric =
      c.config.scheme === 'STRIPE'
        ? { 'stripe-signature': (good['stripe-signature'] as string).replace(`t=${NOW}`, 't=hello') }
        : { [timestampHeader(c)!]: `${NOW}.5` };
    cases.push({
      name: 'non-numeric timestamp',
      scheme: c,
      secrets,
      request: request({ ...good, ...nonNumeric }, BODY),
      now: NOW,
      errorCode: 'TIMESTAMP_INVALID',
    });
  }
  return cases.map((failing) => ({ ...failing, name: `${label(c)}: ${failing.name}` }));
});

describe('verifySender refuses', () => {
  it.each(FAILING)('$name', (failing) => {
    const verdict = verifySender(failing.scheme.config, failing.secrets, failing.request, failing.now);
    expect(verdict).toMatchObject({ ok: false, status: 401, errorCode: failing.errorCode });
    if (failing.scheme.config.scheme === 'BASIC_AUTH') {
      expect(verdict).toMatchObject({ wwwAuthenticate: 'Basic realm="intake", charset="UTF-8"' });
    } else {
      expect(verdict).not.toHaveProperty('wwwAuthenticate');
    }
  });

  it('with reasons that never reveal a secret, its hint or the expected signature', () => {
    for (const failing of FAILING) {
      const c = failing.scheme;
      const verdict = verifySender(c.config, failing.secrets, failing.request, failing.now);
      const expectedCredentials = Object.values(signedHeaders(c))
        .flatMap((value) => [value, ...value.split(/[ ,=]/)])
        .flatMap(inEveryEncoding);
      const forbidden = [
        c.secret,
        c.other,
        secretHint(c.secret),
        secretHint(c.other),
        c.secret.slice(-4),
        ...expectedCredentials,
      ].filter(
        (text) =>
          text.length >= 4 &&
          text !== String(NOW) &&
          text !== 'msg_2Xq9' &&
          !/^(Basic|Bearer|v1|t|hmac|sha256)$/i.test(text),
      );
      expect(verdict.ok).toBe(false);
      const text = JSON.stringify(verdict);
      for (const secretText of forbidden) expect(text, `${failing.name} leaks ${secretText}`).not.toContain(secretText);
      expect((verdict as { reason: string }).reason).toMatch(/^[a-z0-9 ;.,'=()_-]+$/i);
    }
  });
});

describe('verifySender accepts', () => {
  it.each(CASES)('$config.scheme signed correctly ($config.header)', (c) => {
    expect(verifySender(c.config, [live(c.secret)], request(signedHeaders(c), BODY), NOW)).toEqual(verified(c.config));
  });

  it.each(CASES)('$config.scheme when only the second of several live secrets matches ($config.header)', (c) => {
    const verdict = verifySender(
      c.config,
      [live(c.other, 'sec_1'), live(c.secret, 'sec_2')],
      request(signedHeaders(c), BODY),
      NOW,
    );
    expect(verdict).toEqual(verified(c.config, 'sec_2'));
  });

  it.each(CASES.filter((c) => c.signed))('$config.scheme when only the last of several signatures matches', (c) => {
    const headers = {
      ...signedHeaders(c),
      [credentialHeader(c)]: withSignatures(c, signedHeaders(c, NOW, c.other), signedHeaders(c)),
    };
    expect(verifySender(c.config, [live(c.secret)], request(headers, BODY), NOW)).toEqual(verified(c.config));
  });

  it.each(CASES.filter((c) => c.timestamped))('$config.scheme exactly at the tolerance, both ways', (c) => {
    for (const sentAt of [NOW - 300, NOW + 300]) {
      expect(verifySender(c.config, [live(c.secret)], request(signedHeaders(c, sentAt), BODY), NOW)).toEqual(
        verified(c.config),
      );
    }
  });

  it('STRIPE with a timestamp 301 s (and a day) ahead: its tolerance applies to the past only', () => {
    const stripe = CASES.find((c) => c.config.scheme === 'STRIPE')!;
    for (const sentAt of [NOW + 301, NOW + 86_400]) {
      expect(
        verifySender(stripe.config, [live(stripe.secret)], request(signedHeaders(stripe, sentAt), BODY), NOW),
      ).toEqual(verified(stripe.config));
    }
  });

  it('a configured tolerance instead of the default', () => {
    const config: VerificationConfig = { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 30 };
    const secret = CASES[0].secret;
    expect(
      verifySender(config, [live(secret)], request(signForTest(config, secret, BODY, NOW - 30, { id: 'm' }), BODY), NOW)
        .ok,
    ).toBe(true);
    expect(
      verifySender(
        config,
        [live(secret)],
        request(signForTest(config, secret, BODY, NOW - 31, { id: 'm' }), BODY),
        NOW,
      ),
    ).toMatchObject({
      errorCode: 'TIMESTAMP_INVALID',
      reason: 'webhook-timestamp is 31 s in the past; the tolerance is 30 s',
    });
  });
});

describe('unknown versions are ignored', () => {
  const sw = CASES[0];
  const stripe = CASES[1];
  const slack = CASES[5];
  const swSignature = (
    signForTest(sw.config, sw.secret, BODY, NOW, { id: 'msg_2Xq9' })['webhook-signature'] as string
  ).slice('v1,'.length);
  const stripeHeader = signForTest(stripe.config, stripe.secret, BODY, NOW)['stripe-signature'];
  const stripeSignature = stripeHeader.split('v1=')[1];
  const slackSignature = signForTest(slack.config, slack.secret, BODY, NOW)['x-slack-signature'].slice('v0='.length);

  it.each<[string, SchemeCase, Headers, VerificationVerdict['ok'], string?]>([
    [
      'Standard Webhooks: v1a and v2 entries next to a valid v1',
      sw,
      { 'webhook-signature': `v1a,bm90IGEgc2lnbmF0dXJl v2,${swSignature} v1,${swSignature}` },
      true,
    ],
    [
      'Standard Webhooks: the right digest under v2 only',
      sw,
      { 'webhook-signature': `v2,${swSignature} v1a,${swSignature}` },
      false,
      'webhook-signature lists no v1 signature',
    ],
    [
      'Stripe: v0 and an unknown key next to a valid v1',
      stripe,
      { 'stripe-signature': `t=${NOW},v0=${stripeSignature},x=1,v1=${stripeSignature}` },
      true,
    ],
    [
      'Stripe: the right digest under v0 only',
      stripe,
      { 'stripe-signature': `t=${NOW},v0=${stripeSignature}` },
      false,
      'stripe-signature lists no v1 signature',
    ],
    [
      'Slack: the right digest under v1 only',
      slack,
      { 'x-slack-signature': `v1=${slackSignature}` },
      false,
      'no signature in x-slack-signature matches a live secret',
    ],
  ])('%s', (_name, c, override, ok, reason) => {
    const headers = { ...signForTest(c.config, c.secret, BODY, NOW, { id: 'msg_2Xq9' }), ...override };
    const verdict = verifySender(c.config, [live(c.secret)], request(headers, BODY), NOW);
    expect(verdict.ok).toBe(ok);
    if (reason) expect(verdict).toMatchObject({ errorCode: 'SIGNATURE_INVALID', reason });
  });
});

describe('verifySender, scheme details', () => {
  const BASIC: VerificationConfig = { scheme: 'BASIC_AUTH', username: 'loyalty-sender' };
  const basic = (text: string) => ({ authorization: `Basic ${Buffer.from(text, 'utf8').toString('base64')}` });

  it.each<[string, VerificationConfig, LiveSecret[], Headers, string, Partial<VerificationVerdict>]>([
    ['NONE lets anyone in', { scheme: 'NONE' }, [], {}, BODY, { ok: true, scheme: 'NONE', secretId: null }],
    [
      'BASIC_AUTH password containing ":" (split at the first)',
      BASIC,
      [live('pa:ss:word-0123456789')],
      basic('loyalty-sender:pa:ss:word-0123456789'),
      BODY,
      { ok: true, secretId: 'sec_1' },
    ],
    [
      'BASIC_AUTH with the colon moved into the username',
      BASIC,
      [live('pa:ss:word-0123456789')],
      basic('loyalty-sender:pa:ss:word-0123456789'.replace('sender:pa', 'sender-pa')),
      BODY,
      { ok: false, errorCode: 'UNAUTHENTICATED' },
    ],
    [
      'BASIC_AUTH with the wrong username',
      BASIC,
      [live('right-password-012345')],
      basic('someone-else:right-password-012345'),
      BODY,
      { ok: false, reason: 'the Basic credentials in authorization do not match' },
    ],
    [
      'BASIC_AUTH lower-case scheme name',
      BASIC,
      [live('right-password-012345')],
      { authorization: basic('loyalty-sender:right-password-012345').authorization.replace('Basic', 'basic') },
      BODY,
      { ok: true },
    ],
    [
      'BASIC_AUTH given a Bearer token',
      BASIC,
      [live('right-password-012345')],
      { authorization: 'Bearer right-password-012345' },
      BODY,
      {
        ok: false,
        reason: 'authorization does not carry Basic credentials',
        wwwAuthenticate: 'Basic realm="intake", charset="UTF-8"',
      },
    ],
    [
      'BASIC_AUTH without a configured username fails closed',
      { scheme: 'BASIC_AUTH' },
      [live('pw-0123456789abcdef')],
      basic(':pw-0123456789abcdef'),
      BODY,
      { ok: false, reason: 'no username is configured' },
    ],
    [
      'API_KEY on authorization: Bearer <secret>',
      { scheme: 'API_KEY', header: 'authorization' },
      [live('bearer-key-0123456789')],
      { authorization: 'Bearer bearer-key-0123456789' },
      BODY,
      { ok: true },
    ],
    [
      'API_KEY on authorization: lower-case bearer',
      { scheme: 'API_KEY', header: 'authorization' },
      [live('bearer-key-0123456789')],
      { authorization: 'bearer bearer-key-0123456789' },
      BODY,
      { ok: true },
    ],
    [
      'API_KEY on authorization: the bare secret is not a Bearer token',
      { scheme: 'API_KEY', header: 'authorization' },
      [live('bearer-key-0123456789')],
      { authorization: 'bearer-key-0123456789' },
      BODY,
      { ok: false, reason: 'authorization does not carry a Bearer token' },
    ],
    [
      'API_KEY: one of several header values',
      { scheme: 'API_KEY', header: 'X-Key' },
      [live('the-api-key-0123456789')],
      { 'x-key': ['wrong', 'the-api-key-0123456789'] },
      BODY,
      { ok: true },
    ],
    [
      'API_KEY: a prefix of the secret',
      { scheme: 'API_KEY' },
      [live('the-api-key-0123456789')],
      { 'x-api-key': 'the-api-key-012345678' },
      BODY,
      { ok: false, reason: 'x-api-key does not match a live secret' },
    ],
    [
      'an empty secret is never live',
      { scheme: 'API_KEY' },
      [live('')],
      { 'x-api-key': '' },
      BODY,
      { ok: false, reason: 'no live secret' },
    ],
    [
      'an unknown scheme fails closed',
      { scheme: 'FUTURE' as never },
      [live('x')],
      {},
      BODY,
      { ok: false, errorCode: 'UNAUTHENTICATED', reason: 'unknown verification scheme' },
    ],
    [
      'HMAC without a header fails closed',
      { scheme: 'HMAC' },
      [live('s')],
      { 'x-signature': 'ab' },
      BODY,
      { ok: false, errorCode: 'SIGNATURE_INVALID' },
    ],
    [
      'an undecodable signature is a non-match',
      { scheme: 'GITHUB' },
      [live('s')],
      { 'x-hub-signature-256': `sha256=${'zz'.repeat(32)}` },
      BODY,
      { ok: false, errorCode: 'SIGNATURE_INVALID' },
    ],
    [
      'an empty header counts as missing',
      { scheme: 'SHOPIFY' },
      [live('s')],
      { 'x-shopify-hmac-sha256': '' },
      BODY,
      { ok: false, errorCode: 'SIGNATURE_MISSING', reason: 'missing header x-shopify-hmac-sha256' },
    ],
    [
      'Standard Webhooks names every missing header',
      { scheme: 'STANDARD_WEBHOOKS' },
      [live(CASES[0].secret)],
      { 'webhook-signature': 'v1,AAAA' },
      BODY,
      {
        ok: false,
        errorCode: 'SIGNATURE_MISSING',
        reason: 'missing headers webhook-id (or svix-id), webhook-timestamp (or svix-timestamp)',
      },
    ],
    [
      'Standard Webhooks with two different timestamps',
      { scheme: 'STANDARD_WEBHOOKS' },
      [live(CASES[0].secret)],
      { 'webhook-id': 'm', 'webhook-timestamp': [String(NOW), String(NOW - 1)], 'webhook-signature': 'v1,AAAA' },
      BODY,
      { ok: false, errorCode: 'TIMESTAMP_INVALID' },
    ],
    [
      'Stripe without t=',
      { scheme: 'STRIPE' },
      [live('whsec_x')],
      { 'stripe-signature': 'v1=abcd' },
      BODY,
      { ok: false, errorCode: 'TIMESTAMP_INVALID', reason: 'stripe-signature has no t= timestamp' },
    ],
    [
      'a timestamp beyond safe integers',
      { scheme: 'SLACK' },
      [live('s')],
      { 'x-slack-request-timestamp': '9'.repeat(30), 'x-slack-signature': 'v0=ab' },
      BODY,
      { ok: false, errorCode: 'TIMESTAMP_INVALID' },
    ],
    [
      'WooCommerce creation ping: 200, nothing registered',
      { scheme: 'WOOCOMMERCE' },
      [live('woo-secret-0123456789')],
      {},
      'webhook_id=42',
      { ok: false, status: 200, ping: 'WOOCOMMERCE' },
    ],
    [
      'WooCommerce: a ping-like body with a signature is verified as usual',
      { scheme: 'WOOCOMMERCE' },
      [live('woo-secret-0123456789')],
      { 'x-wc-webhook-signature': 'AAAA' },
      'webhook_id=42',
      { ok: false, status: 401, errorCode: 'SIGNATURE_INVALID' },
    ],
    [
      'WooCommerce: only the ping body is let through unsigned',
      { scheme: 'WOOCOMMERCE' },
      [live('woo-secret-0123456789')],
      {},
      'webhook_id=42&points=100',
      { ok: false, status: 401, errorCode: 'SIGNATURE_MISSING' },
    ],
  ])('%s', (_name, config, secrets, headers, body, expected) => {
    expect(verifySender(config, secrets, request(headers, body), NOW)).toMatchObject(expected);
  });

  it('verifies the raw bytes, not a re-serialisation (a body that is not valid UTF-8)', () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const github = CASES[2];
    const headers = signForTest(github.config, github.secret, body, NOW);
    expect(verifySender(github.config, [live(github.secret)], request(headers, body), NOW).ok).toBe(true);
    expect(
      verifySender(github.config, [live(github.secret)], request(headers, Buffer.from(body.toString('utf8'))), NOW).ok,
    ).toBe(false);
  });
});
