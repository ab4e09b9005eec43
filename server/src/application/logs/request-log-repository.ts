import type { JsonValue, RequestOutcome, WebhookStatus } from '../../domain/types.js';
import type { Page, PageRequest } from '../page.js';
import type { RequestLogView } from './request-log-view.js';

export interface RequestLogFilter extends PageRequest {
  statusCode?: number | null;
  outcome?: RequestOutcome | null;
  receivedAfter?: Date | null;
  receivedBefore?: Date | null;
}

/** An account-wide search (`searchRequestLogs` checks it first). */
export interface RequestLogSearch extends PageRequest {
  customerId?: string | null;
  requestId?: string | null;
  statusCode?: number | null;
  outcome?: RequestOutcome | null;
  receivedAfter?: Date | null;
  receivedBefore?: Date | null;
  /** Text the stored request body contains, case-insensitively (taken literally: no wildcards). */
  bodyContains?: string | null;
}

/** A page of a search; `searchedBackTo` is set when the page stopped at its scan limit (see `scanLimit`). */
export interface SearchPage<T> extends Page<T> {
  /** The received time of the last log examined when the scan limit ended the page early; null otherwise. */
  searchedBackTo: Date | null;
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
  /**
   * The account's logs matching `search`, newest first, of webhooks in `webhookStatuses`. Customer, request id and
   * time narrow the index scan; outcome, status code and body text are checked on at most `scanLimit` logs per page:
   * when those run out before the page is full, the page ends early with `searchedBackTo` and a cursor after the
   * last log examined.
   */
  searchForAccount(
    accountId: string,
    webhookStatuses: readonly WebhookStatus[],
    search: RequestLogSearch,
    scanLimit: number,
  ): Promise<SearchPage<RequestLogView>>;
  /**
   * The webhook's filter as it was at `at`, when it has changed since (the value before its first change after
   * `at`, as the change history keeps it: secrets redacted); null when it has not changed since.
   */
  findFilterChangedAfter(accountId: string, webhookId: string, at: Date): Promise<{ filter: JsonValue } | null>;
  /**
   * Logs just committed (the live tail): of the account's webhooks `webhookIds` that are in `webhookStatuses`,
   * received within [from, to], those among `ids` — or, with `ids` null, the newest `limit` of them. Newest first.
   */
  findLoggedForWebhooks(
    accountId: string,
    webhookIds: readonly string[],
    webhookStatuses: readonly WebhookStatus[],
    received: { from: Date; to: Date },
    ids: readonly string[] | null,
    limit: number,
  ): Promise<RequestLogView[]>;
  /** The most recent log of each of the webhooks that has one: one query for a whole list page. */
  findLatestForWebhooks(accountId: string, webhookIds: readonly string[]): Promise<RequestLogView[]>;
}
