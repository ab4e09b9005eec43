import type { RequestOutcome, WebhookStatus } from '../../domain/types.js';
import type { Page, PageRequest } from '../page.js';
import type { RequestLogView } from './request-log-view.js';

export interface RequestLogFilter extends PageRequest {
  statusCode?: number | null;
  outcome?: RequestOutcome | null;
  receivedAfter?: Date | null;
  receivedBefore?: Date | null;
}

/** The read side of request logs (ingestion writes them). Every read takes the account first. */
export interface RequestLogRepository {
  /** A webhook's requests, newest first, by keyset. */
  listForWebhook(accountId: string, webhookId: string, filter: RequestLogFilter): Promise<Page<RequestLogView>>;
  /** The logs among `ids` that exist in the account and belong to a webhook in one of `webhookStatuses`. */
  findManyForAccount(
    accountId: string,
    ids: readonly string[],
    webhookStatuses: readonly WebhookStatus[],
  ): Promise<RequestLogView[]>;
  /** The most recent log of each of the webhooks that has one: one query for a whole list page. */
  findLatestForWebhooks(accountId: string, webhookIds: readonly string[]): Promise<RequestLogView[]>;
}
