import type { NewWebhookSettings } from '../../domain/types.js';
import { diffWebhook } from '../../domain/webhook-history.js';
import { validateWebhookSettings } from '../../domain/webhook-validation.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/**
 * Creates a webhook, always INACTIVE: it takes requests only once an admin activates it. Without `verification` its
 * scheme is NONE; a verifying scheme needs a secret (addWebhookSecret) before activation.
 */
export async function createWebhook(deps: Deps, actor: Actor, input: NewWebhookSettings): Promise<WebhookRecord> {
  requireAdmin(actor);
  const webhook = { ...validateWebhookSettings(input), status: 'INACTIVE' as const };
  const created = await deps.webhooks.create(actor.accountId, webhook, {
    actor: actor.label,
    kind: 'CREATED',
    changes: diffWebhook({}, webhook),
  });
  // Its address may be cached as "nothing here".
  deps.webhookChanged(created.id);
  return created;
}
