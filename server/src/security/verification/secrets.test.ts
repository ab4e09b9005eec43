import { describe, expect, it } from 'vitest';
import { generateSecret, secretHint, secretValueProblem } from './secrets.js';
import { signForTest } from './sign-for-test.js';
import { VERIFICATION_SCHEMES, type VerificationScheme } from './types.js';
import { verifySender } from './verify-sender.js';

describe('generateSecret', () => {
  it('STANDARD_WEBHOOKS: whsec_ and base64 of 32 random bytes', () => {
    const secret = generateSecret('STANDARD_WEBHOOKS');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it.each(VERIFICATION_SCHEMES.filter((scheme) => scheme !== 'STANDARD_WEBHOOKS'))(
    '%s: 32 random bytes as hex',
    (scheme) => {
      expect(generateSecret(scheme)).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it('never repeats', () => {
    expect(generateSecret('GITHUB')).not.toBe(generateSecret('GITHUB'));
  });

  it.each(VERIFICATION_SCHEMES.filter((scheme) => scheme !== 'NONE'))(
    '%s: a generated secret is accepted and verifies',
    (scheme) => {
      const secret = generateSecret(scheme);
      expect(secretValueProblem(scheme, secret)).toBeNull();
      const config = {
        scheme,
        header: scheme === 'HMAC' ? 'x-signature' : null,
        username: scheme === 'BASIC_AUTH' ? 'u' : null,
      };
      const headers = signForTest(config, secret, '{}', 1_700_000_000);
      const verdict = verifySender(
        config,
        [{ id: 's', value: secret }],
        { headers, rawBody: Buffer.from('{}') },
        1_700_000_000,
      );
      expect(verdict).toEqual({ ok: true, scheme, secretId: 's' });
    },
  );
});

describe('secretHint', () => {
  it.each([
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '…LaSw'],
    ['0123456789ab', '…89ab'],
    ['0123456789a', '…'],
    ['', '…'],
    ['mot-de-passe-très-sûr-😀😀', '…r-😀😀'],
  ])('%j → %j', (value, hint) => {
    expect(secretHint(value)).toBe(hint);
  });

  it('shows at most the last 4 characters, counting emoji as one', () => {
    expect(secretHint('abcdefghijkl😀😀😀😀')).toBe('…😀😀😀😀');
  });
});

describe('secretValueProblem', () => {
  it.each<[VerificationScheme, string, RegExp | null]>([
    ['GITHUB', "It's a Secret to Everybody", null],
    ['BASIC_AUTH', 'pass:word:with:colons', null],
    ['STANDARD_WEBHOOKS', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', null],
    ['STANDARD_WEBHOOKS', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', null],
    ['STANDARD_WEBHOOKS', 'whsec_not base64 at all!!', /base64 of 24 to 64 bytes/],
    ['STANDARD_WEBHOOKS', `whsec_${Buffer.alloc(16).toString('base64')}`, /base64 of 24 to 64 bytes/],
    ['STRIPE', 'short', /at least 16/],
    ['STRIPE', 'x'.repeat(1025), /at most 1024/],
    ['SLACK', ' 8f742231b10e8888abcd99yyyzzz85a5', /whitespace/],
    ['SLACK', '8f742231b10e8888abcd99yyyzzz85a5\n', /whitespace/],
    ['API_KEY', 'key-with-a\u0000-nul-inside', /control characters/],
    ['NONE', 'anything-at-all-here', /uses no secret/],
  ])('%s %j', (scheme, value, problem) => {
    const found = secretValueProblem(scheme, value);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
