import type { IdempotencyInput, NewWebhookSettings, WebhookSettings } from './types.js';

/**
 * Tri-state update: a key that is absent keeps the value, null clears it, a value sets it. A `verification` given
 * replaces the stored one as a whole; `idempotency: null` switches idempotency off.
 */
export type WebhookPatch = { [K in Exclude<keyof WebhookSettings, 'idempotency'>]?: WebhookSettings[K] | null } & {
  idempotency?: IdempotencyInput | null;
};

/** Fields that may be cleared with null; for the others null is refused by validation. */
export const CLEARABLE_FIELDS = ['filter', 'successResponse', 'errorResponse', 'idempotency', 'splitOn'] as const;

/** The settings after the patch, before normalisation (an idempotency window may still be left to its default). */
export function applyPatch(current: WebhookSettings, patch: WebhookPatch): NewWebhookSettings {
  const next: NewWebhookSettings = { ...current };
  for (const key of Object.keys(patch) as (keyof WebhookPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}
