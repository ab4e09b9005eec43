import { describe, expect, it } from 'vitest';
import type { VerificationInput } from '../../../gql/graphql';
import { pointAddWebhook, verificationOf } from '../../../test/fixtures';
import { draftFrom, toUpdateInput } from './editor-model';
import {
  hasLiveSecret,
  idempotencyDraftFrom,
  switchIdempotency,
  toIdempotencyInput,
  toVerificationInput,
  verificationDraftFrom,
  type VerificationData,
  type VerificationDraft,
} from './verification-model';

const EVERY_OPTION: VerificationDraft = {
  scheme: 'NONE',
  signatureHeader: 'x-sig',
  algorithm: 'SHA1',
  encoding: 'BASE64URL',
  prefix: 'sha1=',
  timestampHeader: 'x-ts',
  toleranceSeconds: 60,
  username: 'shop',
  keyHeader: 'authorization',
};

describe('toVerificationInput: the scheme and only the options it reads', () => {
  it.each<[VerificationDraft['scheme'], VerificationInput]>([
    ['NONE', { scheme: 'NONE' }],
    ['GITHUB', { scheme: 'GITHUB' }],
    ['SHOPIFY', { scheme: 'SHOPIFY' }],
    ['WOOCOMMERCE', { scheme: 'WOOCOMMERCE' }],
    ['STANDARD_WEBHOOKS', { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 60 }],
    ['STRIPE', { scheme: 'STRIPE', toleranceSeconds: 60 }],
    ['SLACK', { scheme: 'SLACK', toleranceSeconds: 60 }],
    [
      'HMAC',
      {
        scheme: 'HMAC',
        header: 'x-sig',
        algorithm: 'SHA1',
        encoding: 'BASE64URL',
        prefix: 'sha1=',
        timestampHeader: 'x-ts',
        toleranceSeconds: 60,
      },
    ],
    ['BASIC_AUTH', { scheme: 'BASIC_AUTH', username: 'shop' }],
    ['API_KEY', { scheme: 'API_KEY', header: 'authorization' }],
  ])('%s', (scheme, input) => {
    // Options typed under another scheme stay in the draft but are not sent (the server would refuse them).
    expect(toVerificationInput({ ...EVERY_OPTION, scheme })).toEqual(input);
  });

  it.each<[string, Partial<VerificationDraft>, VerificationInput]>([
    [
      'HMAC without a timestamp: no tolerance either',
      { scheme: 'HMAC', timestampHeader: '  ', prefix: '' },
      { scheme: 'HMAC', header: 'x-sig', algorithm: 'SHA1', encoding: 'BASE64URL' },
    ],
    [
      'HMAC without a header: left out, so the check says it is missing',
      { scheme: 'HMAC', signatureHeader: ' ', timestampHeader: '' },
      { scheme: 'HMAC', algorithm: 'SHA1', encoding: 'BASE64URL', prefix: 'sha1=' },
    ],
    ['an API key on the default header', { scheme: 'API_KEY', keyHeader: '' }, { scheme: 'API_KEY' }],
    ['an empty tolerance: the default', { scheme: 'SLACK', toleranceSeconds: '' }, { scheme: 'SLACK' }],
    [
      'an empty username is sent, to be refused',
      { scheme: 'BASIC_AUTH', username: '' },
      { scheme: 'BASIC_AUTH', username: '' },
    ],
  ])('%s', (_label, change, input) => {
    expect(toVerificationInput({ ...EVERY_OPTION, ...change })).toEqual(input);
  });
});

describe('verificationDraftFrom', () => {
  it.each<VerificationData>([
    { scheme: 'NONE' },
    { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 300 },
    { scheme: 'HMAC', header: 'x-sig', algorithm: 'SHA512', encoding: 'HEX', prefix: 'v1=' },
    {
      scheme: 'HMAC',
      header: 'x-sig',
      algorithm: 'SHA256',
      encoding: 'BASE64',
      timestampHeader: 'x-ts',
      toleranceSeconds: 30,
    },
    { scheme: 'BASIC_AUTH', username: 'mparticle' },
    { scheme: 'API_KEY', header: 'authorization' },
  ])('round-trips what the server stores: %j', (data) => {
    expect(toVerificationInput(verificationDraftFrom(data))).toEqual(data);
  });

  it('reads the header into the input of its scheme', () => {
    expect(verificationDraftFrom({ scheme: 'API_KEY', header: 'x-key' })).toMatchObject({
      keyHeader: 'x-key',
      signatureHeader: '',
    });
    expect(verificationDraftFrom({ scheme: 'HMAC', header: 'x-sig' })).toMatchObject({
      signatureHeader: 'x-sig',
      keyHeader: '',
    });
  });
});

describe('idempotency', () => {
  it('is off without a setting, with the default window ready', () => {
    expect(idempotencyDraftFrom(null)).toEqual({ enabled: false, key: '', windowHours: 168 });
    expect(toIdempotencyInput(idempotencyDraftFrom(null))).toBeNull();
  });

  it.each<[string, Parameters<typeof switchIdempotency>, string]>([
    ['GitHub', [{ enabled: false, key: '', windowHours: 168 }, true, 'GITHUB'], 'headers.x-github-delivery'],
    [
      'Standard Webhooks',
      [{ enabled: false, key: '', windowHours: 168 }, true, 'STANDARD_WEBHOOKS'],
      'headers.webhook-id',
    ],
    ['Shopify', [{ enabled: false, key: '', windowHours: 168 }, true, 'SHOPIFY'], 'headers.x-shopify-webhook-id'],
    ['Stripe', [{ enabled: false, key: '', windowHours: 168 }, true, 'STRIPE'], 'body.id'],
    ['a scheme without a delivery id', [{ enabled: false, key: '', windowHours: 168 }, true, 'HMAC'], ''],
    ['a key already typed', [{ enabled: false, key: 'body.batch', windowHours: 168 }, true, 'GITHUB'], 'body.batch'],
  ])('switched on for %s, the key is %j', (_label, args, key) => {
    expect(switchIdempotency(...args)).toEqual({ ...args[0], enabled: true, key });
  });

  it('sends the key trimmed and the window when given', () => {
    expect(toIdempotencyInput({ enabled: true, key: ' body.id ', windowHours: 24 })).toEqual({
      key: 'body.id',
      windowHours: 24,
    });
    expect(toIdempotencyInput({ enabled: true, key: 'body.id', windowHours: '' })).toEqual({ key: 'body.id' });
  });
});

describe('the update patch (tri-state)', () => {
  const webhook = pointAddWebhook({
    verification: verificationOf('STRIPE', { toleranceSeconds: 300 }),
    idempotency: { key: 'body.id', windowHours: 168 },
  });
  const baseline = draftFrom(webhook);

  it('leaves verification and idempotency out while they are unchanged', () => {
    expect(toUpdateInput(baseline, baseline, 3).input).toEqual({ expectedVersion: 3 });
  });

  it('sends the whole verification when one option changed', () => {
    const draft = { ...baseline, verification: { ...baseline.verification, toleranceSeconds: 60 } };
    expect(toUpdateInput(draft, baseline, 3).input).toEqual({
      verification: { scheme: 'STRIPE', toleranceSeconds: 60 },
      expectedVersion: 3,
    });
  });

  it('sends null to switch idempotency off', () => {
    const draft = { ...baseline, idempotency: { ...baseline.idempotency, enabled: false } };
    expect(toUpdateInput(draft, baseline, 3).input).toEqual({ idempotency: null, expectedVersion: 3 });
  });
});

describe('hasLiveSecret', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it.each([
    [[], false],
    [[{ expiresAt: null }], true],
    [[{ expiresAt: '2026-12-01T12:00:01Z' }], true],
    [[{ expiresAt: '2026-12-01T12:00:00Z' }], false],
    [[{ expiresAt: '2026-11-30T12:00:00Z' }, { expiresAt: null }], true],
  ])('%j → %s', (secrets, live) => {
    expect(hasLiveSecret(secrets, now)).toBe(live);
  });
});
