import { Errors } from '../../domain/errors.js';
import { CustomerEntity, CustomerEventEntity } from '../../persistence/entities/index.js';
import { fetchKeysetPage, type Page } from '../../persistence/pagination.js';
import { isUuid, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { toCustomerEventView, toCustomerView, type CustomerEventView, type CustomerView } from './customer-views.js';

/** A member by external id, in the caller's account. */
export async function getCustomer(deps: Deps, actor: Actor, externalId: string): Promise<CustomerView> {
  const customer = await deps.orm.em.fork().findOne(CustomerEntity, { account: actor.accountId, externalId });
  if (!customer) throw Errors.notFound('Customer', externalId);
  return toCustomerView(customer);
}

/** Members whose external id, email or name contains the search text; most recently changed first. */
export async function listCustomers(
  deps: Deps,
  actor: Actor,
  search?: string | null,
  first?: number | null,
  after?: string | null,
): Promise<Page<CustomerView>> {
  const qb = deps.orm.em.fork().createQueryBuilder(CustomerEntity, 'c').where({ account: actor.accountId });
  const text = search?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    qb.andWhere({
      $or: [
        { externalId: { $ilike: like } },
        { email: { $ilike: like } },
        { firstName: { $ilike: like } },
        { lastName: { $ilike: like } },
      ],
    });
  }
  const sort = { property: 'updatedAt', column: 'c.updated_at', valueOf: (c: CustomerEntity) => c.updatedAt };
  return fetchKeysetPage(qb, sort, { first, after }, toCustomerView);
}

/** A member's event history, newest first. */
export async function listCustomerEvents(
  deps: Deps,
  memberId: string,
  first?: number | null,
  after?: string | null,
): Promise<Page<CustomerEventView>> {
  const qb = deps.orm.em.fork().createQueryBuilder(CustomerEventEntity, 'e').where({ customer: memberId });
  const sort = { property: 'createdAt', column: 'e.created_at', valueOf: (e: CustomerEventEntity) => e.createdAt };
  return fetchKeysetPage(qb, sort, { first, after }, toCustomerEventView);
}

export async function getCustomerEvent(deps: Deps, actor: Actor, eventId: string): Promise<CustomerEventView | null> {
  if (!isUuid(eventId)) return null;
  const event = await deps.orm.em.fork().findOne(CustomerEventEntity, { id: eventId, account: actor.accountId });
  return event ? toCustomerEventView(event) : null;
}
