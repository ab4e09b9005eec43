import { Errors } from '../../domain/errors.js';
import { CustomerEntity, CustomerEventEntity } from '../../persistence/entities/index.js';
import { decodeCursor, pageSize, toPage, type Page } from '../../persistence/pagination.js';
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
  deps: Deps, actor: Actor, search?: string | null, first?: number | null, after?: string | null,
): Promise<Page<CustomerView>> {
  const limit = pageSize(first);
  const cursor = decodeCursor(after);
  const qb = deps.orm.em.fork().createQueryBuilder(CustomerEntity, 'c')
    .where({ account: actor.accountId })
    .orderBy({ updatedAt: 'desc', id: 'desc' })
    .limit(limit + 1);
  const text = search?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    qb.andWhere({ $or: [{ externalId: { $ilike: like } }, { email: { $ilike: like } }, { firstName: { $ilike: like } }, { lastName: { $ilike: like } }] });
  }
  if (cursor) qb.andWhere('(c.updated_at, c.id) < (?, ?)', [cursor.at, cursor.id]);
  const rows = await qb.getResultList();
  return toPage(rows, limit, (c) => ({ at: c.updatedAt.toISOString(), id: c.id }), toCustomerView);
}

/** A member's event history, newest first. */
export async function listCustomerEvents(
  deps: Deps, memberId: string, first?: number | null, after?: string | null,
): Promise<Page<CustomerEventView>> {
  const limit = pageSize(first);
  const cursor = decodeCursor(after);
  const qb = deps.orm.em.fork().createQueryBuilder(CustomerEventEntity, 'e')
    .where({ customer: memberId })
    .orderBy({ createdAt: 'desc', id: 'desc' })
    .limit(limit + 1);
  if (cursor) qb.andWhere('(e.created_at, e.id) < (?, ?)', [cursor.at, cursor.id]);
  const rows = await qb.getResultList();
  return toPage(rows, limit, (e) => ({ at: e.createdAt.toISOString(), id: e.id }), toCustomerEventView);
}

export async function getCustomerEvent(deps: Deps, actor: Actor, eventId: string): Promise<CustomerEventView | null> {
  if (!isUuid(eventId)) return null;
  const event = await deps.orm.em.fork().findOne(CustomerEventEntity, { id: eventId, account: actor.accountId });
  return event ? toCustomerEventView(event) : null;
}
