import { Errors } from '../../domain/errors.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { CustomerView } from './customer-views.js';

/** A member by external id, in the caller's account. */
export async function getCustomer(deps: Deps, actor: Actor, externalId: string): Promise<CustomerView> {
  const customer = await deps.customers.findByExternalId(actor.accountId, externalId);
  if (!customer) throw Errors.notFound('Customer', externalId);
  return customer;
}

/** Members by external id, for links from events: those that exist in the caller's account, in any order. */
export async function getCustomers(deps: Deps, actor: Actor, externalIds: readonly string[]): Promise<CustomerView[]> {
  return deps.customers.findManyByExternalIds(actor.accountId, externalIds);
}
