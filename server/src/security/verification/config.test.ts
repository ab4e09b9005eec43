import { describe, expect, it } from 'vitest';
import { defaultIdempotencyKey, signatureHeaders, verificationConfigProblems } from './config.js';
import { VERIFICATION_SCHEMES, type VerificationConfig, type VerificationScheme } from './types.js';

describe('verificationConfigProblems', () => {
  it.each<[string, VerificationConfig]>([
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
    expect(verificationConfigProblems(config)).toEqual([]);
  });

  it.each<[string, VerificationConfig, string, RegExp]>([
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
    const problems = verificationConfigProblems(config);
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('reports every problem at once, under the given prefix', () => {
    expect(
      verificationConfigProblems({ scheme: 'HMAC', username: 'u', toleranceSeconds: 0 }, 'input.verification'),
    ).toEqual([
      { field: 'input.verification.username', message: expect.any(String) },
      { field: 'input.verification.header', message: 'HMAC needs the signature header.' },
      { field: 'input.verification.toleranceSeconds', message: expect.stringMatching(/only with a timestampHeader/) },
      { field: 'input.verification.toleranceSeconds', message: expect.stringMatching(/from 1 to 3600/) },
    ]);
  });
});

describe('signatureHeaders', () => {
  it.each<[VerificationConfig, string[]]>([
    [{ scheme: 'NONE' }, []],
    [{ scheme: 'STANDARD_WEBHOOKS' }, ['webhook-signature', 'svix-signature']],
    [{ scheme: 'STRIPE' }, ['stripe-signature']],
    [{ scheme: 'GITHUB' }, ['x-hub-signature-256', 'x-hub-signature']],
    [{ scheme: 'SHOPIFY' }, ['x-shopify-hmac-sha256']],
    [{ scheme: 'WOOCOMMERCE' }, ['x-wc-webhook-signature']],
    [{ scheme: 'SLACK' }, ['x-slack-signature']],
    [{ scheme: 'HMAC', header: 'X-Loyalty-Signature', timestampHeader: 'X-Loyalty-Time' }, ['x-loyalty-signature']],
    [{ scheme: 'HMAC' }, []],
    [{ scheme: 'BASIC_AUTH', username: 'u' }, ['authorization']],
    [{ scheme: 'API_KEY' }, ['x-api-key']],
    [{ scheme: 'API_KEY', header: 'Authorization' }, ['authorization']],
  ])('%j → %j', (config, headers) => {
    expect(signatureHeaders(config)).toEqual(headers);
  });
});

describe('defaultIdempotencyKey', () => {
  const expected: Record<VerificationScheme, string | null> = {
    NONE: null,
    STANDARD_WEBHOOKS: 'headers.webhook-id',
    STRIPE: 'body.id',
    GITHUB: 'headers.x-github-delivery',
    SHOPIFY: 'headers.x-shopify-webhook-id',
    WOOCOMMERCE: null,
    SLACK: null,
    HMAC: null,
    BASIC_AUTH: null,
    API_KEY: null,
  };
  it.each(VERIFICATION_SCHEMES)('%s', (scheme) => {
    expect(defaultIdempotencyKey(scheme)).toBe(expected[scheme]);
  });
});
