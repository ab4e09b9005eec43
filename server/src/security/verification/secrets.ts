import { randomBytes } from 'node:crypto';
import type { VerificationScheme } from './types.js';

// The console checks a typed secret with the same function, so both refuse it in the same words.
export { secretValueProblem, SECRET_LENGTH_LIMITS } from '@intake/rules';

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
