import { Errors } from '../../domain/errors.js';
import { transition, type WebhookAction } from '../../domain/lifecycle.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { translateWebhookWriteError } from '../../persistence/errors.js';
import { toWebhookRecord } from '../../persistence/mappers.js';
import { findWebhookForAccount } from '../../persistence/webhook-repository.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { forgetCachedWebhook } from '../ingestion/ingestion-runtime.js';
import { recordChange } from './record-change.js';

const HISTORY_KIND: Record<Exclude<WebhookAction, 'EDIT'>, string> = {
  ACTIVATE: 'ACTIVATED',
  DEACTIVATE: 'DEACTIVATED',
  ARCHIVE: 'ARCHIVED',
};

/** Moves a webhook through its lifecycle (activate, deactivate, archive) as the transition table allows. */
export async function changeWebhookStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  action: Exclude<WebhookAction, 'EDIT'>,
): Promise<WebhookRecord> {
  requireAdmin(actor);
  const em = deps.orm.em.fork();
  const webhook = await findWebhookForAccount(em, actor.accountId, id);
  if (!webhook) throw Errors.notFound('Webhook', id);
  const from = webhook.status;
  const to = transition(from, action);
  const readVersion = webhook.version;
  const updatedAt = new Date();
  const archivedAt = to === 'ARCHIVED' ? updatedAt : webhook.archivedAt;
  try {
    await em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        'WebhookEntity',
        { id: webhook.id, version: readVersion, status: from },
        { status: to, version: readVersion + 1, updatedAt, archivedAt },
      );
      if (updated === 0) throw Errors.conflict('The webhook was changed meanwhile; reload it and try again.');
      recordChange(tx, webhook.id, readVersion + 1, actor, HISTORY_KIND[action], [
        { field: 'status', before: from, after: to },
      ]);
    });
  } catch (error) {
    throw translateWebhookWriteError(error, webhook.endpoint, 'id');
  }
  forgetCachedWebhook(deps, webhook.id);
  return { ...toWebhookRecord(webhook), status: to, version: readVersion + 1, updatedAt };
}
