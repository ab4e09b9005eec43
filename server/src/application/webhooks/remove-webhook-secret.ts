import { Errors } from '../../domain/errors.js';
import { transition } from '../../domain/lifecycle.js';
import { secretsChange } from '../../domain/webhook-history.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/**
 * Deletes a webhook's secret. Allowed on an active webhook too: when it was the last live one, requests are
 * refused (401) from then on — fail closed, as the admin asked. The history records its hint, never its value.
 */
export async function removeWebhookSecret(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  secretId: string,
): Promise<WebhookRecord> {
  requireAdmin(actor);
  const webhook = await deps.webhooks.findForAccount(actor.accountId, webhookId);
  if (!webhook) throw Errors.notFound('Webhook', webhookId);
  transition(webhook.status, 'EDIT');
  const secret = await deps.webhooks.findSecret(actor.accountId, webhook.id, secretId);
  if (!secret) throw Errors.notFound('Secret', secretId);

  const now = new Date();
  const live = await deps.webhooks.listLiveSecrets(actor.accountId, [webhook.id], now);
  const written = await deps.webhooks.updateIfUnchanged(actor.accountId, {
    id: webhook.id,
    version: webhook.version,
    statuses: ['INACTIVE', 'ACTIVE'],
    set: {},
    updatedAt: now,
    secrets: { kind: 'remove', secretId: secret.id },
    entry: {
      actor: actor.label,
      kind: 'SECRET_REMOVED',
      changes: [
        secretsChange(
          live.some((s) => s.id === secret.id) ? live : [secret, ...live],
          live.filter((s) => s.id !== secret.id),
        ),
      ],
    },
  });
  if (!written) throw Errors.conflict('The webhook was changed meanwhile; reload it and try again.');
  deps.webhookChanged(webhook.id);
  return { ...webhook, version: webhook.version + 1, updatedAt: now };
}
