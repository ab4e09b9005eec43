import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { HmacAlgorithm, SignatureEncoding } from './types.js';

const NODE_ALGORITHMS: Record<HmacAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
const NODE_ENCODINGS: Record<SignatureEncoding, BufferEncoding> = {
  HEX: 'hex',
  BASE64: 'base64',
  BASE64URL: 'base64url',
};

// Buffer.from is lenient (it stops at the first bad hex digit and skips foreign base64 characters), so a text is
// checked against its alphabet first: an undecodable signature must be a non-match, never a shorter digest.
const ALPHABETS: Record<SignatureEncoding, RegExp> = {
  HEX: /^(?:[0-9a-fA-F]{2})+$/,
  BASE64: /^[A-Za-z0-9+/]+={0,2}$/,
  BASE64URL: /^[A-Za-z0-9_-]+={0,2}$/,
};

export function hmacDigest(algorithm: HmacAlgorithm, key: Buffer, content: readonly Buffer[]): Buffer {
  const mac = createHmac(NODE_ALGORITHMS[algorithm], key);
  for (const part of content) mac.update(part);
  return mac.digest();
}

/** The bytes of an encoded signature, or null when the text is not in the encoding's alphabet. */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | null {
  if (!ALPHABETS[encoding].test(text)) return null;
  return Buffer.from(text, NODE_ENCODINGS[encoding]);
}

export function encodeSignature(digest: Buffer, encoding: SignatureEncoding): string {
  return digest.toString(NODE_ENCODINGS[encoding]);
}

/** Constant-time comparison of decoded digests; a candidate of another length is simply a non-match. */
export function digestsMatch(candidate: Buffer, expected: Buffer): boolean {
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/**
 * Constant-time comparison of two texts of any lengths (passwords, API keys): both are hashed first, so the
 * comparison always runs over 32 equal-length bytes and its time says nothing about where the texts differ.
 */
export function textsMatch(presented: string, expected: string): boolean {
  const left = createHash('sha256').update(presented, 'utf8').digest();
  const right = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(left, right);
}
