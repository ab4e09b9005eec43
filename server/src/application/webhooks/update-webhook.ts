import { Errors } from '../../domain/errors.js';
import { transition } from '../../domain/lifecycle.js';
import { diffWebhook } from '../../domain/webhook-history.js';
import { applyPatch, type WebhookPatch } from '../../domain/webhook-patch.js';
import { normalise, validateWebhookPatch } from '../../domain/webhook-validation.js';
import { settingsOf, type WebhookRecord } from '../../domain/webhook.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { assertRoomForMatches } from './matches-limit.js';

/**
 * Applies a tri-state patch. With `expectedVersion`, a concurrent change makes this a CONFLICT and nothing changes:
 * the version is checked again inside the UPDATE, so two admins saving at once cannot both win.
 */
export async function updateWebhook(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: WebhookPatch,
  expectedVersion?: number | null,
): Promise<WebhookRecord> {
  requireAdmin(actor);
  validateWebhookPatch(patch);
  const webhook = await deps.webhooks.findForAccount(actor.accountId, id);
  if (!webhook) throw Errors.notFound('Webhook', id);
  transition(webhook.status, 'EDIT');
  if (expectedVersion != null && expectedVersion !== webhook.version)
    throw staleVersion(webhook.version, expectedVersion);
  const before = settingsOf(webhook);
  const after = normalise(applyPatch(before, patch));
  const changes = diffWebhook(before, after);
  if (changes.length === 0) return webhook;
  // Outside the write's transaction, like the webhook count on creation (see assertRoomForMatches).
  await assertRoomForMatches(deps, actor.accountId, after.filter, webhook);

  const updatedAt = new Date();
  const written = await deps.webhooks.updateIfUnchanged(actor.accountId, {
    id: webhook.id,
    version: webhook.version,
    statuses: ['INACTIVE', 'ACTIVE'],
    set: after,
    updatedAt,
    entry: { actor: actor.label, kind: 'UPDATED', changes },
  });
  if (!written) throw staleVersion(null, expectedVersion ?? webhook.version);
  deps.webhookChanged(webhook.id);
  return { ...webhook, ...after, version: webhook.version + 1, updatedAt };
}

function staleVersion(current: number | null, expected: number) {
  const now = current === null ? 'it was changed meanwhile' : `it is now at version ${current}`;
  return Errors.conflict(
    `Someone else changed this webhook: you edited version ${expected}, but ${now}. Reload it and apply your changes again.`,
    'input.expectedVersion',
  );
}
