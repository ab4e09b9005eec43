import type { Page, PageRequest } from '../page.js';
import type { CustomerEventView, CustomerView } from './customer-views.js';

export interface CustomerListQuery extends PageRequest {
  /** Part of the external id, email, first or last name, case-insensitively. */
  search?: string | null;
}

/** The read side of loyalty members and their events (ingestion writes them). Every read takes the account first. */
export interface CustomerRepository {
  findByExternalId(accountId: string, externalId: string): Promise<CustomerView | null>;
  /** The members among `externalIds` that exist in the account, in any order. */
  findManyByExternalIds(accountId: string, externalIds: readonly string[]): Promise<CustomerView[]>;
  /** Most recently changed first, by keyset. */
  listForAccount(accountId: string, query: CustomerListQuery): Promise<Page<CustomerView>>;
  /** A member's events, newest first, by keyset. */
  listEventsOfCustomer(accountId: string, internalId: string, page: PageRequest): Promise<Page<CustomerEventView>>;
  /** The events among `ids` that exist in the account, in any order. */
  findEventsForAccount(accountId: string, ids: readonly string[]): Promise<CustomerEventView[]>;
  /** The events the request logs `requestLogIds` registered, in the account, by request then item order. */
  findEventsOfRequestLogs(accountId: string, requestLogIds: readonly string[]): Promise<CustomerEventView[]>;
  /** Whether the member already accepted this checkout transaction. */
  hasAcceptedCheckout(accountId: string, internalId: string, transactionId: string): Promise<boolean>;
}
