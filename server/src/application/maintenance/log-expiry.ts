import type { CustomerEventView } from '../customers/customer-views.js';
import type { RequestLogView } from '../logs/request-log-view.js';
import type { WebhookRecord } from '../../domain/webhook.js';

/**
 * Whether the request log of an event has expired: the event names the log of the request that registered it,
 * the caller may see the logs of the event's webhook (`webhook`, as the caller may see it, else null), and the log
 * (`log`, as the caller may see it) is gone. An event and its log are written by one statement, and webhooks are
 * never deleted, so a log missing from a webhook the caller sees is one the retention dropped (LOG_RETENTION_DAYS).
 * Events are kept forever.
 */
export function requestLogExpired(
  event: Pick<CustomerEventView, 'requestLogId'>,
  log: RequestLogView | null,
  webhook: WebhookRecord | null,
): boolean {
  return event.requestLogId !== null && log === null && webhook !== null;
}
