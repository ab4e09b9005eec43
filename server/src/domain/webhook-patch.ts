import type { WebhookSettings } from './types.js';

/** Tri-state update: a key that is absent keeps the value, null clears it, a value sets it. */
export type WebhookPatch = { [K in keyof WebhookSettings]?: WebhookSettings[K] | null };

/** Fields that may be cleared with null; for the others null is refused by validation. */
export const CLEARABLE_FIELDS = ['filter', 'successResponse', 'errorResponse'] as const;

export function applyPatch(current: WebhookSettings, patch: WebhookPatch): WebhookSettings {
  const next: WebhookSettings = { ...current };
  for (const key of Object.keys(patch) as (keyof WebhookSettings)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}
