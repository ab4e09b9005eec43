import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { LiveTail } from './live-tail.js';
import { getWebhook } from '../webhooks/get-webhook.js';
import type { RequestLogView } from './request-log-view.js';

/**
 * The requests a webhook of the caller's account logs from now on, on any instance, as they commit (the live
 * tail). The webhook must be one the caller may see (NOT_FOUND otherwise, like `webhook(id)`).
 */
export async function followRequestLogs(
  deps: Deps,
  liveTail: LiveTail,
  actor: Actor,
  webhookId: string,
): Promise<AsyncIterableIterator<RequestLogView>> {
  const webhook = await getWebhook(deps, actor, webhookId);
  return liveTail.follow(actor, webhook.id);
}
