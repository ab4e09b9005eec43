import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { RequestLogView } from './request-log-view.js';

/** The most recent request of each webhook that has one, for a list page (one read for the whole page). */
export async function lastRequestLogs(
  deps: Deps,
  actor: Actor,
  webhookIds: readonly string[],
): Promise<RequestLogView[]> {
  return deps.requestLogs.findLatestForWebhooks(actor.accountId, webhookIds);
}
