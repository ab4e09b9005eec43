import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { Page } from '../page.js';
import type { CustomerListQuery } from './customer-repository.js';
import type { CustomerView } from './customer-views.js';

/** Members whose external id, email or name contains the search text; most recently changed first. */
export async function listCustomers(deps: Deps, actor: Actor, query: CustomerListQuery): Promise<Page<CustomerView>> {
  return deps.customers.listForAccount(actor.accountId, query);
}
