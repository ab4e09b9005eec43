import type { Actor } from '../actor.js';
import type { CustomerEventView } from '../customers/customer-views.js';
import type { Deps } from '../deps.js';

/**
 * Every event each request log registered (several for a split request), in item order, by log id; a log of
 * another account, or one that registered nothing, has none.
 */
export async function getRequestLogEvents(
  deps: Deps,
  actor: Actor,
  requestLogIds: readonly string[],
): Promise<CustomerEventView[][]> {
  const events = await deps.customers.findEventsOfRequestLogs(actor.accountId, requestLogIds);
  const byLog = new Map<string, CustomerEventView[]>(requestLogIds.map((id) => [id, []]));
  for (const event of events) if (event.requestLogId) byLog.get(event.requestLogId)?.push(event);
  return requestLogIds.map((id) => byLog.get(id) ?? []);
}
