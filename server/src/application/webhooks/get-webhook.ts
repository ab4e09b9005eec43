import { Errors } from '../../domain/errors.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { isVisibleTo } from './visibility.js';

/** One webhook of the caller's account. Readers see active webhooks only, like the Display API. */
export async function getWebhook(deps: Deps, actor: Actor, id: string): Promise<WebhookRecord> {
  const webhook = await deps.webhooks.findForAccount(actor.accountId, id);
  if (!webhook || !isVisibleTo(actor.role, webhook)) throw Errors.notFound('Webhook', id);
  return webhook;
}

/**
 * Webhooks by id, for links from logs and events, in any order: archived ones stay visible there; readers still
 * see active ones only.
 */
export async function getWebhooksIncludingArchived(
  deps: Deps,
  actor: Actor,
  ids: readonly string[],
): Promise<WebhookRecord[]> {
  const webhooks = await deps.webhooks.findManyForAccount(actor.accountId, ids);
  return webhooks.filter((webhook) => isVisibleTo(actor.role, webhook));
}
