import { randomBytes } from 'node:crypto';
import { standardWebhooksKey } from './signature-schemes.js';
import type { VerificationScheme } from './types.js';

/** C0 controls and DEL: never part of a header value that travels intact. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const SECRET_LENGTH_LIMITS = { min: 16, max: 1024 } as const;

/** A new secret in the form the sender expects: `whsec_` + base64 of 32 random bytes for STANDARD_WEBHOOKS, hex otherwise. */
export function generateSecret(scheme: VerificationScheme): string {
  const bytes = randomBytes(32);
  return scheme === 'STANDARD_WEBHOOKS' ? `whsec_${bytes.toString('base64')}` : bytes.toString('hex');
}

/**
 * What an admin sees of a stored secret: "…" and its last 4 characters. A secret shorter than 12 characters shows
 * nothing, so a hint never gives away a third of it.
 */
export function secretHint(value: string): string {
  const characters = Array.from(value);
  return characters.length >= 12 ? `…${characters.slice(-4).join('')}` : '…';
}

/**
 * Why a secret an admin typed cannot be used with the scheme, or null. Whitespace at either end is refused because it
 * is almost always a copy-and-paste accident that would make every signature fail.
 */
export function secretValueProblem(scheme: VerificationScheme, value: string): string | null {
  if (scheme === 'NONE') return 'The NONE scheme uses no secret.';
  if (value.trim() !== value) return 'The secret starts or ends with whitespace; remove it.';
  const length = Array.from(value).length;
  if (length < SECRET_LENGTH_LIMITS.min) {
    return `The secret must have at least ${SECRET_LENGTH_LIMITS.min} characters.`;
  }
  if (length > SECRET_LENGTH_LIMITS.max) return `The secret must have at most ${SECRET_LENGTH_LIMITS.max} characters.`;
  if (hasControlCharacters(value)) return 'The secret contains control characters.';
  if (scheme === 'STANDARD_WEBHOOKS') {
    const key = standardWebhooksKey(value);
    if (!key || key.length < 24 || key.length > 64) {
      return 'A Standard Webhooks secret is base64 of 24 to 64 bytes, optionally after "whsec_".';
    }
  }
  return null;
}
