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
    ['STRIPE at the highest tolerance', { scheme: 'STRIPE', toleranceSeconds: 3600 }],
    ['SLACK at the lowest tolerance', { scheme: 'SLACK', toleranceSeconds: 1 }],
    ['GITHUB with every option null', { scheme: 'GITHUB', header: null, prefix: null, username: null }],
    ['HMAC with a header only', { scheme: 'HMAC', header: 'X-Signature' }],
    [
      'HMAC with every option',
      {
        scheme: 'HMAC',
        header: 'x-sig',
        algorithm: 'SHA1',
        encoding: 'BASE64',
        prefix: 'sha1=',
        timestampHeader: 'x-sig-ts',
        toleranceSeconds: 60,
      },
    ],
    ['BASIC_AUTH with a username', { scheme: 'BASIC_AUTH', username: 'mparticle' }],
    ['API_KEY on its default header', { scheme: 'API_KEY' }],
    ['API_KEY on authorization', { scheme: 'API_KEY', header: 'Authorization' }],
  ])('accepts %s', (_label, config) => {
    expect(verificationIssues(config)).toEqual([]);
  });

  it.each<[string, VerificationSettings, string, string]>([
    ['an unknown scheme', { scheme: 'PGP' as never }, 'scheme', 'Choose one of NONE, STANDARD_WEBHOOKS, STRIPE'],
    ['HMAC without a header', { scheme: 'HMAC' }, 'header', 'HMAC needs the signature header.'],
    ['a header with a space', { scheme: 'HMAC', header: 'x sig' }, 'header', 'A header name uses only letters'],
    ['a reserved header', { scheme: 'API_KEY', header: 'Host' }, 'header', 'Host cannot carry a credential'],
    ['an empty API_KEY header', { scheme: 'API_KEY', header: '' }, 'header', 'Give a header name.'],
    [
      'the signature header as timestamp header',
      { scheme: 'HMAC', header: 'X-Sig', timestampHeader: 'x-sig' },
      'timestampHeader',
      'The timestamp header must differ from the signature header.',
    ],
    [
      'an HMAC tolerance without a timestamp header',
      { scheme: 'HMAC', header: 'x-sig', toleranceSeconds: 60 },
      'toleranceSeconds',
      'A tolerance applies only with a timestampHeader',
    ],
    ['an unknown algorithm', { scheme: 'HMAC', header: 'x', algorithm: 'MD5' as never }, 'algorithm', 'SHA1, SHA256'],
    ['an unknown encoding', { scheme: 'HMAC', header: 'x', encoding: 'B32' as never }, 'encoding', 'HEX, BASE64'],
    ['a prefix with a tab', { scheme: 'HMAC', header: 'x', prefix: 'a\tb' }, 'prefix', 'printable ASCII'],
    ['a tolerance of 0', { scheme: 'STRIPE', toleranceSeconds: 0 }, 'toleranceSeconds', 'from 1 to 3600'],
    ['a tolerance of 3601', { scheme: 'SLACK', toleranceSeconds: 3601 }, 'toleranceSeconds', 'from 1 to 3600'],
    ['BASIC_AUTH without a username', { scheme: 'BASIC_AUTH' }, 'username', 'BASIC_AUTH needs a username.'],
    ['a username with a colon', { scheme: 'BASIC_AUTH', username: 'a:b' }, 'username', 'cannot contain ":"'],
    [
      'an option another scheme reads',
      { scheme: 'GITHUB', header: 'x-hub-signature' },
      'header',
      'header does not apply to GITHUB (only HMAC and API_KEY use it); leave it out.',
    ],
  ])('refuses %s', (_label, config, option, message) => {
    expect(verificationIssues(config, 'input.verification')).toContainEqual({
      field: `input.verification.${option}`,
      message: expect.stringContaining(message),
    });
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
