import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { Page, PageRequest } from '../page.js';
import type { CustomerEventView, CustomerView } from './customer-views.js';

/** A member's event history, newest first. */
export async function listCustomerEvents(
  deps: Deps,
  actor: Actor,
  customer: Pick<CustomerView, 'internalId'>,
  page: PageRequest,
): Promise<Page<CustomerEventView>> {
  return deps.customers.listEventsOfCustomer(actor.accountId, customer.internalId, page);
}
