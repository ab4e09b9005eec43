import { ROTATION_GRACE_SECONDS } from '@intake/rules';

export { ROTATION_GRACE_SECONDS };

/**
 * The rules of a webhook's secrets that need no cryptography: which are live, how a rotation sets the older ones'
 * expiry, and what the change history records of them (never a value: only ids, hints and dates).
 */

/** What is known of a stored secret apart from its value. */
export interface WebhookSecretSummary {
  id: string;
  /** "…" and the last 4 characters. */
  hint: string;
  createdAt: Date;
  /** null = until replaced. */
  expiresAt: Date | null;
}

/** A secret verifies requests until its expiry, exclusive. */
export function isLiveSecret(secret: { expiresAt: Date | null }, now: Date): boolean {
  return secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime();
}

/** Why `expirePreviousInSeconds` cannot be used, or null. */
export function rotationGraceProblem(seconds: number): string | null {
  if (Number.isInteger(seconds) && seconds >= 0 && seconds <= ROTATION_GRACE_SECONDS.max) return null;
  return `expirePreviousInSeconds is a whole number of seconds from 0 (the older secrets stop at once) to ${ROTATION_GRACE_SECONDS.max} (90 days).`;
}

/**
 * The expiry of an older live secret when a new one is added: the end of the grace period, unless it was already
 * due to expire sooner (a rotation never extends a secret's life).
 */
export function expiryAfterRotation(current: Date | null, graceEnd: Date): Date {
  return current !== null && current.getTime() < graceEnd.getTime() ? current : graceEnd;
}

/** The live secrets after a rotation at `now`: the older ones with their new expiry, the new one first. */
export function rotate(
  live: readonly WebhookSecretSummary[],
  added: WebhookSecretSummary,
  graceEnd: Date,
): WebhookSecretSummary[] {
  return [added, ...live.map((secret) => ({ ...secret, expiresAt: expiryAfterRotation(secret.expiresAt, graceEnd) }))];
}
