import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (sender secrets, filter tokens): a random 12-byte IV per value, the 16-byte tag
 * authenticating it, stored as `v1:` + base64(iv | tag | ciphertext). The version prefix leaves room for another
 * algorithm or key later without guessing what a stored value is.
 */

export const SECRET_KEY_BYTES = 32;
const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * IVs are drawn from a pool of random bytes refilled 4 KiB at a time: request logs seal their originals on the
 * ingestion path, where one call into the system's generator per value (randomBytes) cost more than the cipher.
 * Every IV is still fresh randomness, never reused.
 */
const IV_POOL_BYTES = 4096 - (4096 % IV_BYTES);
const ivPool = Buffer.alloc(IV_POOL_BYTES);
let ivOffset = IV_POOL_BYTES;

function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > IV_POOL_BYTES) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export class AesGcmSecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) {
      throw new SecretBoxError(`The secret key must be ${SECRET_KEY_BYTES} bytes; this one has ${key.length}.`);
    }
    this.#key = Buffer.from(key);
  }

  seal(plain: string): string {
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(VERSION)) throw new SecretBoxError('Not a sealed value (no "v1:" prefix).');
    const bytes = Buffer.from(sealed.slice(VERSION.length), 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('The sealed value is too short.');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // GCM cannot tell a wrong key from tampering, and neither may we: both mean "not ours".
      throw new SecretBoxError('The sealed value does not open with this key (another key, or it was altered).');
    }
  }
}
