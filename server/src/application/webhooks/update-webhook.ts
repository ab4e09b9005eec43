import { Errors } from '../../domain/errors.js';
import { transition } from '../../domain/lifecycle.js';
import { applyPatch, type WebhookPatch } from '../../domain/webhook-patch.js';
import { diffWebhook } from '../../domain/webhook-history.js';
import { normalise, validateWebhookPatch } from '../../domain/webhook-validation.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { translateWebhookWriteError } from '../../persistence/errors.js';
import { settingsOf, toWebhookRecord } from '../../persistence/mappers.js';
import { findWebhookForAccount } from '../../persistence/webhook-repository.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { forgetCachedWebhook } from '../ingestion/ingestion-runtime.js';
import { recordChange } from './record-change.js';

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
  const em = deps.orm.em.fork();
  const webhook = await findWebhookForAccount(em, actor.accountId, id);
  if (!webhook) throw Errors.notFound('Webhook', id);
  transition(webhook.status, 'EDIT');
  if (expectedVersion != null && expectedVersion !== webhook.version)
    throw staleVersion(webhook.version, expectedVersion);
  const before = settingsOf(webhook);
  const after = normalise(applyPatch(before, patch));
  const changes = diffWebhook(before, after);
  if (changes.length === 0) return toWebhookRecord(webhook);

  const readVersion = webhook.version;
  const updatedAt = new Date();
  try {
    await em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        'WebhookEntity',
        { id: webhook.id, version: readVersion, status: { $ne: 'ARCHIVED' } },
        { ...after, version: readVersion + 1, updatedAt },
      );
      if (updated === 0) throw staleVersion(null, expectedVersion ?? readVersion);
      recordChange(tx, webhook.id, readVersion + 1, actor, 'UPDATED', changes);
    });
  } catch (error) {
    throw translateWebhookWriteError(error, after.endpoint);
  }
  forgetCachedWebhook(deps, webhook.id);
  return { ...toWebhookRecord(webhook), ...after, version: readVersion + 1, updatedAt };
}

function staleVersion(current: number | null, expected: number) {
  const now = current === null ? 'it was changed meanwhile' : `it is now at version ${current}`;
  return Errors.conflict(
    `Someone else changed this webhook: you edited version ${expected}, but ${now}. Reload it and apply your changes again.`,
    'input.expectedVersion',
  );
}
