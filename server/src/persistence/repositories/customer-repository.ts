import type { MikroORM } from '@mikro-orm/postgresql';
import type { CustomerRepository } from '../../application/customers/customer-repository.js';
import type { CustomerEventView, CustomerView } from '../../application/customers/customer-views.js';
import { isUuid } from '../../domain/ids.js';
import { CustomerEntity, CustomerEventEntity } from '../entities/index.js';
import { emptyPage, fetchKeysetPage } from '../pagination.js';
import { likePattern } from './like.js';

export function customerRepository(orm: MikroORM): CustomerRepository {
  return {
    async findByExternalId(accountId, externalId) {
      const customer = await orm.em.fork().findOne(CustomerEntity, { account: accountId, externalId });
      return customer && toCustomerView(customer);
    },

    async findManyByExternalIds(accountId, externalIds) {
      if (externalIds.length === 0) return [];
      const customers = await orm.em
        .fork()
        .find(CustomerEntity, { account: accountId, externalId: { $in: [...externalIds] } });
      return customers.map(toCustomerView);
    },

    async listForAccount(accountId, query) {
      const qb = orm.em.fork().createQueryBuilder(CustomerEntity, 'c').where({ account: accountId });
      const text = query.search?.trim();
      if (text) {
        const like = likePattern(text);
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
      return fetchKeysetPage(qb, sort, query, toCustomerView);
    },

    async listEventsOfCustomer(accountId, internalId, page) {
      if (!isUuid(internalId)) return emptyPage();
      const qb = orm.em
        .fork()
        .createQueryBuilder(CustomerEventEntity, 'e')
        .where({ customer: internalId, account: accountId });
      const sort = { property: 'createdAt', column: 'e.created_at', valueOf: (e: CustomerEventEntity) => e.createdAt };
      return fetchKeysetPage(qb, sort, page, toCustomerEventView);
    },

    async findEventsForAccount(accountId, ids) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const events = await orm.em.fork().find(CustomerEventEntity, { id: { $in: valid }, account: accountId });
      return events.map(toCustomerEventView);
    },

    async findEventsOfRequestLogs(accountId, requestLogIds) {
      const valid = requestLogIds.filter(isUuid);
      if (valid.length === 0) return [];
      // One query for a page of logs, through the index on request_log_id; item order within a split request.
      const events = await orm.em
        .fork()
        .find(
          CustomerEventEntity,
          { requestLogId: { $in: valid }, account: accountId },
          { orderBy: [{ requestLogId: 'asc' }, { itemIndex: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] },
        );
      return events.map(toCustomerEventView);
    },

    async hasAcceptedCheckout(accountId, internalId, transactionId) {
      if (!isUuid(internalId)) return false;
      const count = await orm.em.fork().count(CustomerEventEntity, {
        account: accountId,
        customer: internalId,
        action: 'checkout_accept',
        transactionId,
      });
      return count > 0;
    },
  };
}

function toCustomerView(c: CustomerEntity): CustomerView {
  return {
    internalId: c.id,
    externalId: c.externalId,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    labels: c.labels,
    points: Number(c.points),
    pointsExact: c.points,
    optedOut: c.optedOut,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function toCustomerEventView(e: CustomerEventEntity): CustomerEventView {
  return {
    id: e.id,
    action: e.action,
    customerId: e.customerExternalId,
    data: e.data,
    createdAt: e.createdAt,
    webhookId: e.webhook?.id ?? null,
    requestLogId: e.requestLogId,
  };
}
