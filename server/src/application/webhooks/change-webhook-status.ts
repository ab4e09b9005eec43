import { Errors } from '../../domain/errors.js';
import { assertActivatable, transition, type WebhookAction } from '../../domain/lifecycle.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { WebhookChangeKind } from './webhook-repository.js';

const HISTORY_KIND: Record<Exclude<WebhookAction, 'EDIT'>, WebhookChangeKind> = {
  ACTIVATE: 'ACTIVATED',
  DEACTIVATE: 'DEACTIVATED',
  ARCHIVE: 'ARCHIVED',
};

/**
 * Moves a webhook through its lifecycle (activate, deactivate, archive) as the transition table allows. A webhook
 * that verifies its senders is activated only with a live secret; the compare-and-set on the version makes a
 * secret removed meanwhile a CONFLICT rather than an active webhook without one.
 */
export async function changeWebhookStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  action: Exclude<WebhookAction, 'EDIT'>,
): Promise<WebhookRecord> {
  requireAdmin(actor);
  const webhook = await deps.webhooks.findForAccount(actor.accountId, id);
  if (!webhook) throw Errors.notFound('Webhook', id);
  const from = webhook.status;
  const to = transition(from, action);
  const updatedAt = new Date();
  if (action === 'ACTIVATE') {
    const live = await deps.webhooks.listLiveSecrets(actor.accountId, [webhook.id], updatedAt);
    assertActivatable(webhook.verification.scheme, live.length);
  }
  const written = await deps.webhooks.updateIfUnchanged(actor.accountId, {
    id: webhook.id,
    version: webhook.version,
    statuses: [from],
    set: to === 'ARCHIVED' ? { status: to, archivedAt: updatedAt } : { status: to },
    updatedAt,
    entry: { actor: actor.label, kind: HISTORY_KIND[action], changes: [{ field: 'status', before: from, after: to }] },
  });
  if (!written) throw Errors.conflict('The webhook was changed meanwhile; reload it and try again.');
  deps.webhookChanged(webhook.id);
  return { ...webhook, status: to, version: webhook.version + 1, updatedAt };
}
