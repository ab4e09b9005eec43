import { describe, expect, it } from 'vitest';
import { decodeSignature, digestsMatch, textsMatch } from './digests.js';
import { headerValues, signatureCandidates, singleValue } from './request-headers.js';
import type { SignatureEncoding } from './types.js';

describe('decodeSignature refuses what Buffer.from would silently truncate', () => {
  it.each<[string, SignatureEncoding, string | null]>([
    ['deadBEEF', 'HEX', 'deadbeef'],
    ['deadbeefzz', 'HEX', null],
    ['dea', 'HEX', null],
    ['', 'HEX', null],
    ['3q2+7w==', 'BASE64', 'deadbeef'],
    ['3q2+7w', 'BASE64', 'deadbeef'],
    ['3q2-7w', 'BASE64', null],
    ['3q2+7w==!', 'BASE64', null],
    ['3q2 7w==', 'BASE64', null],
    ['3q2-7w', 'BASE64URL', 'deadbeef'],
    ['3q2-7w==', 'BASE64URL', 'deadbeef'],
    ['3q2+7w', 'BASE64URL', null],
  ])('%j as %s', (text, encoding, hex) => {
    expect(decodeSignature(text, encoding)?.toString('hex') ?? null).toBe(hex);
  });
});

describe('comparisons', () => {
  it('digestsMatch compares equal-length digests only', () => {
    const digest = Buffer.from('00112233', 'hex');
    expect(digestsMatch(Buffer.from('00112233', 'hex'), digest)).toBe(true);
    expect(digestsMatch(Buffer.from('00112234', 'hex'), digest)).toBe(false);
    expect(digestsMatch(Buffer.from('001122', 'hex'), digest)).toBe(false);
    expect(digestsMatch(Buffer.from('0011223344', 'hex'), digest)).toBe(false);
  });

  it.each([
    ['secret', 'secret', true],
    ['secret', 'secreT', false],
    ['secre', 'secret', false],
    ['secret ', 'secret', false],
    ['', '', true],
    ['ünïcødé', 'ünïcødé', true],
  ])('textsMatch(%j, %j) → %s', (presented, expected, equal) => {
    expect(textsMatch(presented, expected)).toBe(equal);
  });
});

describe('request headers', () => {
  it('reads single and repeated values, trimmed, without empty ones', () => {
    expect(headerValues({ a: ' x ', b: ['y', '', ' z'], c: undefined }, 'a')).toEqual(['x']);
    expect(headerValues({ b: ['y', '', ' z'] }, 'b')).toEqual(['y', 'z']);
    expect(headerValues({}, 'c')).toEqual([]);
  });

  it('a single value tolerates repetition but not disagreement', () => {
    expect(singleValue(['1', '1'])).toBe('1');
    expect(singleValue(['1', '2'])).toBeNull();
  });

  it('a header joined by Node with ", " yields each signature', () => {
    expect(signatureCandidates(['sha256=aa, sha256=bb', 'sha256=cc'])).toEqual([
      'sha256=aa, sha256=bb',
      'sha256=aa',
      'sha256=bb',
      'sha256=cc',
    ]);
  });
});
