import { describe, expect, it } from 'vitest';
import { REQUEST_OUTCOMES } from './enums.js';
import { settingsIssues } from './settings.js';
import {
  defaultIdempotencyKey,
  idempotencyIssues,
  idempotencyKeyProblem,
  normaliseIdempotency,
  normaliseVerification,
  secretValueProblem,
  VERIFICATION_SCHEMES,
  verificationIssues,
  type VerificationScheme,
  type VerificationSettings,
} from './verification.js';

describe('verificationIssues', () => {
  it.each<[string, VerificationSettings]>([
    ['NONE', { scheme: 'NONE' }],
    ['STANDARD_WEBHOOKS with a tolerance', { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 600 }],
    ['STRIPE with the tolerance limits', { scheme: 'STRIPE', toleranceSeconds: 3600 }],
    ['SLACK with the lowest tolerance', { scheme: 'SLACK', toleranceSeconds: 1 }],
    [
      'GITHUB with every option null',
      {
        scheme: 'GITHUB',
        header: null,
        algorithm: null,
        encoding: null,
        prefix: null,
        timestampHeader: null,
        toleranceSeconds: null,
        username: null,
      },
    ],
    ['SHOPIFY', { scheme: 'SHOPIFY' }],
    ['WOOCOMMERCE', { scheme: 'WOOCOMMERCE' }],
    ['HMAC with a header only', { scheme: 'HMAC', header: 'X-Signature' }],
    [
      'HMAC with everything',
      {
        scheme: 'HMAC',
        header: 'x-sig',
        algorithm: 'SHA512',
        encoding: 'BASE64URL',
        prefix: 'sha512=',
        timestampHeader: 'x-sig-ts',
        toleranceSeconds: 120,
      },
    ],
    ['HMAC with an empty prefix', { scheme: 'HMAC', header: 'x-sig', prefix: '' }],
    ['BASIC_AUTH', { scheme: 'BASIC_AUTH', username: 'mparticle' }],
    ['API_KEY on the default header', { scheme: 'API_KEY' }],
    ['API_KEY on authorization', { scheme: 'API_KEY', header: 'Authorization' }],
  ])('accepts %s', (_name, config) => {
    expect(verificationIssues(config)).toEqual([]);
  });

  it.each<[string, VerificationSettings, string, RegExp]>([
    [
      'an unknown scheme',
      { scheme: 'PGP' as VerificationScheme },
      'verification.scheme',
      /Choose one of NONE, STANDARD_WEBHOOKS/,
    ],
    ['HMAC without a header', { scheme: 'HMAC' }, 'verification.header', /HMAC needs the signature header/],
    ['BASIC_AUTH without a username', { scheme: 'BASIC_AUTH' }, 'verification.username', /BASIC_AUTH needs a username/],
    [
      'a username with a colon',
      { scheme: 'BASIC_AUTH', username: 'a:b' },
      'verification.username',
      /cannot contain ":"/,
    ],
    [
      'a username with a control character',
      { scheme: 'BASIC_AUTH', username: 'a\nb' },
      'verification.username',
      /without control characters/,
    ],
    ['a tolerance of 0', { scheme: 'STRIPE', toleranceSeconds: 0 }, 'verification.toleranceSeconds', /from 1 to 3600/],
    [
      'a tolerance of 3601',
      { scheme: 'SLACK', toleranceSeconds: 3601 },
      'verification.toleranceSeconds',
      /from 1 to 3600/,
    ],
    [
      'a fractional tolerance',
      { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 1.5 },
      'verification.toleranceSeconds',
      /whole number/,
    ],
    ['a header with a space', { scheme: 'HMAC', header: 'X Signature' }, 'verification.header', /only letters, digits/],
    ['a header with a colon', { scheme: 'API_KEY', header: 'x-key:' }, 'verification.header', /only letters, digits/],
    ['a header of 65 characters', { scheme: 'API_KEY', header: 'x'.repeat(65) }, 'verification.header', /at most 64/],
    [
      'a reserved header',
      { scheme: 'API_KEY', header: 'Content-Type' },
      'verification.header',
      /cannot carry a credential/,
    ],
    ['an empty API_KEY header', { scheme: 'API_KEY', header: '' }, 'verification.header', /Give a header name/],
    [
      'an invalid timestamp header',
      { scheme: 'HMAC', header: 'x-sig', timestampHeader: 'x ts' },
      'verification.timestampHeader',
      /only letters/,
    ],
    [
      'the same header for signature and timestamp',
      { scheme: 'HMAC', header: 'X-Sig', timestampHeader: 'x-sig' },
      'verification.timestampHeader',
      /must differ/,
    ],
    [
      'an HMAC tolerance without a timestamp header',
      { scheme: 'HMAC', header: 'x-sig', toleranceSeconds: 60 },
      'verification.toleranceSeconds',
      /only with a timestampHeader/,
    ],
    [
      'an unknown algorithm',
      { scheme: 'HMAC', header: 'x-sig', algorithm: 'MD5' as never },
      'verification.algorithm',
      /SHA1, SHA256, SHA512/,
    ],
    [
      'an unknown encoding',
      { scheme: 'HMAC', header: 'x-sig', encoding: 'BASE32' as never },
      'verification.encoding',
      /HEX, BASE64, BASE64URL/,
    ],
    [
      'a prefix with a control character',
      { scheme: 'HMAC', header: 'x-sig', prefix: 'sha\t=' },
      'verification.prefix',
      /printable ASCII/,
    ],
    [
      'a prefix of 65 characters',
      { scheme: 'HMAC', header: 'x-sig', prefix: 'p'.repeat(65) },
      'verification.prefix',
      /at most 64/,
    ],
    [
      'a header for GITHUB',
      { scheme: 'GITHUB', header: 'x-hub-signature' },
      'verification.header',
      /header does not apply to GITHUB \(only HMAC and API_KEY use it\)/,
    ],
    [
      'a username for API_KEY',
      { scheme: 'API_KEY', username: 'me' },
      'verification.username',
      /username does not apply to API_KEY \(only BASIC_AUTH use it\)/,
    ],
    [
      'a tolerance for SHOPIFY',
      { scheme: 'SHOPIFY', toleranceSeconds: 300 },
      'verification.toleranceSeconds',
      /does not apply to SHOPIFY/,
    ],
    [
      'an algorithm for STRIPE',
      { scheme: 'STRIPE', algorithm: 'SHA256' },
      'verification.algorithm',
      /does not apply to STRIPE \(only HMAC use it\)/,
    ],
    ['a prefix for NONE', { scheme: 'NONE', prefix: 'x' }, 'verification.prefix', /does not apply to NONE/],
    [
      'a timestamp header for SLACK',
      { scheme: 'SLACK', timestampHeader: 'x-ts' },
      'verification.timestampHeader',
      /does not apply to SLACK/,
    ],
    [
      'an encoding for BASIC_AUTH',
      { scheme: 'BASIC_AUTH', username: 'u', encoding: 'HEX' },
      'verification.encoding',
      /does not apply to BASIC_AUTH/,
    ],
  ])('refuses %s', (_name, config, field, message) => {
    const problems = verificationIssues(config);
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('reports every problem at once, under the given prefix', () => {
    expect(verificationIssues({ scheme: 'HMAC', username: 'u', toleranceSeconds: 0 }, 'input.verification')).toEqual([
      { field: 'input.verification.username', message: expect.any(String) },
      { field: 'input.verification.header', message: 'HMAC needs the signature header.' },
      { field: 'input.verification.toleranceSeconds', message: expect.stringMatching(/only with a timestampHeader/) },
      { field: 'input.verification.toleranceSeconds', message: expect.stringMatching(/from 1 to 3600/) },
    ]);
  });
});

describe('normaliseVerification: what is stored and shown', () => {
  it.each<[VerificationSettings, VerificationSettings]>([
    [{ scheme: 'NONE' }, { scheme: 'NONE' }],
    [{ scheme: 'GITHUB', header: null, username: null }, { scheme: 'GITHUB' }],
    [{ scheme: 'STANDARD_WEBHOOKS' }, { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 300 }],
    [
      { scheme: 'STRIPE', toleranceSeconds: 60 },
      { scheme: 'STRIPE', toleranceSeconds: 60 },
    ],
    [{ scheme: 'SLACK' }, { scheme: 'SLACK', toleranceSeconds: 300 }],
    [
      { scheme: 'HMAC', header: 'X-Signature', prefix: '' },
      { scheme: 'HMAC', header: 'x-signature', algorithm: 'SHA256', encoding: 'HEX' },
    ],
    [
      {
        scheme: 'HMAC',
        header: 'X-Sig',
        algorithm: 'SHA512',
        encoding: 'BASE64',
        prefix: 'v1=',
        timestampHeader: 'X-T',
      },
      {
        scheme: 'HMAC',
        header: 'x-sig',
        algorithm: 'SHA512',
        encoding: 'BASE64',
        prefix: 'v1=',
        timestampHeader: 'x-t',
        toleranceSeconds: 300,
      },
    ],
    [{ scheme: 'API_KEY' }, { scheme: 'API_KEY', header: 'x-api-key' }],
    [
      { scheme: 'API_KEY', header: 'Authorization' },
      { scheme: 'API_KEY', header: 'authorization' },
    ],
    [
      { scheme: 'BASIC_AUTH', username: 'Shop' },
      { scheme: 'BASIC_AUTH', username: 'Shop' },
    ],
  ])('%j → %j', (given, stored) => {
    expect(normaliseVerification(given)).toEqual(stored);
    // Normalising what is stored changes nothing, and what is stored is valid.
    expect(normaliseVerification(stored)).toEqual(stored);
    expect(verificationIssues(stored)).toEqual([]);
  });
});

describe('idempotency', () => {
  it.each<[string, string | null]>([
    ['headers.webhook-id', null],
    ['headers.X-GitHub-Delivery', null],
    ['body.id', null],
    ['body.meta.delivery.id', null],
    ['', 'Say where the delivery id is.'],
    ['  ', 'Say where the delivery id is.'],
    ['webhook-id', '"webhook-id" is not a place in the request.'],
    ['query.id', '"query.id" is not a place in the request.'],
    ['headers.', 'Name the header after "headers."'],
    ['headers.x id', 'is not a valid header name'],
    ['body.', 'The path is empty.'],
    ['body.a..b', 'empty segment'],
    ['body.__proto__', 'not allowed'],
  ])('key %j', (key, problem) => {
    const found = idempotencyKeyProblem(key);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it.each<[number | null | undefined, boolean]>([
    [undefined, true],
    [null, true],
    [1, true],
    [168, true],
    [720, true],
    [0, false],
    [721, false],
    [1.5, false],
    [-1, false],
  ])('window %j accepted: %s', (windowHours, accepted) => {
    const issues = idempotencyIssues({ key: 'body.id', windowHours }, 'input.idempotency');
    expect(issues).toEqual(
      accepted
        ? []
        : [
            {
              field: 'input.idempotency.windowHours',
              message: 'The window is a whole number of hours from 1 to 720 (30 days).',
            },
          ],
    );
  });

  it('stores header keys in lower case and writes the default window out', () => {
    expect(normaliseIdempotency({ key: 'headers.X-GitHub-Delivery' })).toEqual({
      key: 'headers.x-github-delivery',
      windowHours: 168,
    });
    expect(normaliseIdempotency({ key: 'body.Id', windowHours: 2 })).toEqual({ key: 'body.Id', windowHours: 2 });
  });

  it.each<[VerificationScheme, string | null]>([
    ['STANDARD_WEBHOOKS', 'headers.webhook-id'],
    ['GITHUB', 'headers.x-github-delivery'],
    ['SHOPIFY', 'headers.x-shopify-webhook-id'],
    ['STRIPE', 'body.id'],
    ['NONE', null],
    ['HMAC', null],
  ])('the default key of %s is %j, and a valid one', (scheme, key) => {
    expect(defaultIdempotencyKey(scheme)).toBe(key);
    if (key) expect(idempotencyKeyProblem(key)).toBeNull();
  });
});

describe('settingsIssues checks verification and idempotency at their input paths', () => {
  it('reports them with the other settings, below the prefix', () => {
    expect(
      settingsIssues(
        { name: '', verification: { scheme: 'HMAC' }, idempotency: { key: 'nowhere', windowHours: 0 } },
        'input',
      ).map((issue) => issue.field),
    ).toEqual(['input.name', 'input.verification.header', 'input.idempotency.key', 'input.idempotency.windowHours']);
  });

  it('null and absent are not checked (a patch may switch idempotency off)', () => {
    expect(settingsIssues({ idempotency: null, verification: undefined }, 'input')).toEqual([]);
  });
});

describe('the outcomes and schemes lists', () => {
  it('hold the sender-auth outcomes and the ten schemes of the contract', () => {
    expect(REQUEST_OUTCOMES).toContain('UNAUTHENTICATED');
    expect(REQUEST_OUTCOMES).toContain('DUPLICATE');
    expect(VERIFICATION_SCHEMES).toHaveLength(10);
  });
});

describe('secretValueProblem', () => {
  const base64Of = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
  it.each<[VerificationScheme, string, RegExp | null]>([
    ['GITHUB', "It's a Secret to Everybody", null],
    ['BASIC_AUTH', 'pass:word:with:colons', null],
    ['STANDARD_WEBHOOKS', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', null],
    ['STANDARD_WEBHOOKS', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', null],
    ['STANDARD_WEBHOOKS', `whsec_${base64Of(24)}`, null],
    ['STANDARD_WEBHOOKS', `whsec_${base64Of(64)}`, null],
    ['STANDARD_WEBHOOKS', `whsec_${base64Of(23)}`, /base64 of 24 to 64 bytes/],
    ['STANDARD_WEBHOOKS', `whsec_${base64Of(65)}`, /base64 of 24 to 64 bytes/],
    // 33 characters: the last one carries 6 bits that make no byte, so the key is 24 bytes.
    ['STANDARD_WEBHOOKS', `${base64Of(24)}A`, null],
    ['STANDARD_WEBHOOKS', 'whsec_not base64 at all!!', /base64 of 24 to 64 bytes/],
    ['STRIPE', 'short', /at least 16/],
    ['STRIPE', 'x'.repeat(1025), /at most 1024/],
    ['STRIPE', '😀'.repeat(16), null],
    ['SLACK', ' 8f742231b10e8888abcd99yyyzzz85a5', /whitespace/],
    ['SLACK', '8f742231b10e8888abcd99yyyzzz85a5\n', /whitespace/],
    ['API_KEY', 'key-with-a\u0000-nul-inside', /control characters/],
    ['NONE', 'anything-at-all-here', /uses no secret/],
  ])('%s %j', (scheme, value, problem) => {
    const found = secretValueProblem(scheme, value);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('counts decoded key bytes as Node does, for every length and padding', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let length = 28; length <= 90; length++) {
      for (const padding of ['', '=', '==']) {
        const text = Array.from({ length }, (_, i) => alphabet[(i * 7) % 64]).join('') + padding;
        const bytes = Buffer.from(text, 'base64').length;
        const accepted = secretValueProblem('STANDARD_WEBHOOKS', text) === null;
        expect(accepted, `${text} (${bytes} bytes)`).toBe(bytes >= 24 && bytes <= 64);
      }
    }
  });
});
