import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox, SecretBoxError } from './secret-box.js';

const key = randomBytes(32);
const box = new AesGcmSecretBox(key);

describe('AesGcmSecretBox', () => {
  it.each(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '', 'ünïcødé 🔑', 'x'.repeat(5000)])(
    'opens what it sealed: %#',
    (plain) => {
      expect(box.open(box.seal(plain))).toBe(plain);
    },
  );

  it('writes v1: + base64(iv | tag | ciphertext), never the plain text, a fresh IV each time', () => {
    const plain = 'It is a Secret to Everybody';
    const first = box.seal(plain);
    const second = box.seal(plain);
    expect(first).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(first).not.toContain(plain);
    expect(first).not.toBe(second);
    expect(Buffer.from(first.slice(3), 'base64').length).toBe(12 + 16 + Buffer.byteLength(plain));
  });

  it('never repeats an IV, also across refills of its pool of random bytes', () => {
    // 1,000 values use the 4 KiB pool (341 IVs) three times over.
    const ivs = Array.from({ length: 1_000 }, () =>
      Buffer.from(box.seal('x').slice(3), 'base64').subarray(0, 12).toString('hex'),
    );
    expect(new Set(ivs).size).toBe(ivs.length);
    for (const plain of ['a', 'b'.repeat(100)]) expect(box.open(box.seal(plain))).toBe(plain);
  });

  it('refuses what another key sealed', () => {
    const other = new AesGcmSecretBox(randomBytes(32));
    expect(() => other.open(box.seal('secret'))).toThrow(SecretBoxError);
  });

  it('refuses a sealed value with one byte flipped (GCM authenticates it)', () => {
    const sealed = box.seal('secret value');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    expect(() => box.open(`v1:${bytes.toString('base64')}`)).toThrow(/does not open with this key/);
  });

  it.each(['plain text', 'v2:abcd', 'v1:', 'v1:AAAA'])('refuses %j as not sealed by it', (text) => {
    expect(() => box.open(text)).toThrow(SecretBoxError);
  });

  it.each([0, 16, 31, 33])('refuses a key of %i bytes', (length) => {
    expect(() => new AesGcmSecretBox(Buffer.alloc(length))).toThrow(/must be 32 bytes/);
  });
});
