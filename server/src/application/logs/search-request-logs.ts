import { Errors } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { webhookStatusesVisibleTo } from '../webhooks/visibility.js';
import type { RequestLogSearch, SearchPage } from './request-log-repository.js';
import type { RequestLogView } from './request-log-view.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The bounds of a search, in one place (the README quotes them):
 * - body text is looked for in a window of at most `bodyWindowDays` days, so that a search that finds little
 *   cannot read a month of bodies page after page (a trigram index would make it cheap to read, but costs every
 *   ingestion write);
 * - outcome, status code and body text are checked on at most `scanLimit` logs per page: a page that runs out of
 *   them ends early, saying how far back it looked, and the next page continues from there.
 */
export const LOG_SEARCH_LIMITS = {
  bodyWindowDays: 7,
  scanLimit: 10_000,
  bodyTextLength: { min: 2, max: 200 },
  customerIdLength: 255,
} as const;

/** The search as the API takes it: where each field is in the input, for errors. */
export interface RequestLogSearchInput extends RequestLogSearch {
  /** Prefix of the fields in error messages, e.g. "filter". */
  field?: string;
}

/**
 * The account's request logs, newest first, across its webhooks (readers: active webhooks only), searched by
 * customer id, request id, outcome, status code, time and text in the body. Bad filters are BAD_USER_INPUT naming
 * the field.
 */
export async function searchRequestLogs(
  deps: Deps,
  actor: Actor,
  input: RequestLogSearchInput,
  now = new Date(),
): Promise<SearchPage<RequestLogView>> {
  const search = checkSearch(input, now);
  return deps.requestLogs.searchForAccount(
    actor.accountId,
    webhookStatusesVisibleTo(actor.role),
    search,
    LOG_SEARCH_LIMITS.scanLimit,
  );
}

function checkSearch(input: RequestLogSearchInput, now: Date): RequestLogSearch {
  const at = (name: string) => (input.field ? `${input.field}.${name}` : name);
  const text = (value: string | null | undefined) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : null;
  };
  const customerId = text(input.customerId);
  if (customerId !== null && customerId.length > LOG_SEARCH_LIMITS.customerIdLength) {
    throw Errors.badInput(
      at('customerId'),
      `A customer id has at most ${LOG_SEARCH_LIMITS.customerIdLength} characters.`,
    );
  }
  const requestId = text(input.requestId);
  if (requestId !== null && !isUuid(requestId)) {
    throw Errors.badInput(at('requestId'), 'A request id is the UUID in X-Request-Id, e.g. 0b6f3c1e-….');
  }
  if (
    input.statusCode != null &&
    (!Number.isInteger(input.statusCode) || input.statusCode < 100 || input.statusCode > 599)
  ) {
    throw Errors.badInput(at('statusCode'), 'A status code is a whole number from 100 to 599.');
  }
  const after = input.receivedAfter ?? null;
  const before = input.receivedBefore ?? null;
  for (const [name, value] of [
    ['receivedAfter', after],
    ['receivedBefore', before],
  ] as const) {
    if (value && Number.isNaN(value.getTime())) throw Errors.badInput(at(name), `${name} is not a valid date-time.`);
  }
  if (after && before && before.getTime() <= after.getTime()) {
    throw Errors.badInput(at('receivedBefore'), 'receivedBefore must be later than receivedAfter.');
  }
  const bodyContains = input.bodyContains?.trim() ? input.bodyContains : null;
  if (bodyContains !== null) {
    const { min, max } = LOG_SEARCH_LIMITS.bodyTextLength;
    if (bodyContains.trim().length < min || bodyContains.length > max) {
      throw Errors.badInput(at('bodyContains'), `Text to find in bodies has ${min} to ${max} characters.`);
    }
    const days = LOG_SEARCH_LIMITS.bodyWindowDays;
    if (!after) {
      throw Errors.badInput(
        at('receivedAfter'),
        `Searching bodies needs a time range of at most ${days} days: give receivedAfter (and receivedBefore, else now).`,
      );
    }
    const end = before ?? now;
    if (end.getTime() - after.getTime() > days * DAY_MS) {
      throw Errors.badInput(
        at('receivedAfter'),
        `Searching bodies looks at ${days} days at most; this range is longer. Narrow receivedAfter and receivedBefore.`,
      );
    }
  }
  return {
    first: input.first,
    after: input.after,
    customerId,
    requestId,
    statusCode: input.statusCode ?? null,
    outcome: input.outcome ?? null,
    receivedAfter: after,
    receivedBefore: before,
    bodyContains,
  };
}
