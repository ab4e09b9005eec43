import { describe, expect, it } from 'vitest';
import { defaultIdempotencyKey, signatureHeaders } from './config.js';
import { VERIFICATION_SCHEMES, type VerificationConfig, type VerificationScheme } from './types.js';

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
