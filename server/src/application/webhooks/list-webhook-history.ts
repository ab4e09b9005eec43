import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { Page, PageRequest } from '../page.js';
import type { WebhookChangeView } from './webhook-repository.js';

/** Who changed what and when, newest first. */
export async function listWebhookHistory(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  page: PageRequest,
): Promise<Page<WebhookChangeView>> {
  return deps.webhooks.listChangesForAccount(actor.accountId, webhookId, page);
}
