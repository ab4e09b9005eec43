import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { Page } from '../page.js';
import type { RequestLogFilter } from './request-log-repository.js';
import type { RequestLogView } from './request-log-view.js';

/** A webhook's requests, newest first, by keyset (indexes: webhook+received_at, +outcome, +status_code). */
export async function listRequestLogs(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  filter: RequestLogFilter,
): Promise<Page<RequestLogView>> {
  return deps.requestLogs.listForWebhook(actor.accountId, webhookId, filter);
}
