import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { CustomerEventView } from './customer-views.js';

/** Events by id, for links from request logs: those that exist in the caller's account, in any order. */
export async function getCustomerEvents(
  deps: Deps,
  actor: Actor,
  ids: readonly string[],
): Promise<CustomerEventView[]> {
  return deps.customers.findEventsForAccount(actor.accountId, ids);
}
