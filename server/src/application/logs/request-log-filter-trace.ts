import { loggedFilterTrace, type FilterTrace } from '../../domain/filter-trace.js';
import { isSecretCondition, REDACTED } from '../../domain/redaction.js';
import type { FilterGroup } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { RequestLogView } from './request-log-view.js';

/**
 * A log's filter trace: the webhook's filter as configured when the request arrived (the current one, or the value
 * before its first change since, from the change history) evaluated again on the request as logged. The values a
 * filter's secret conditions expect (sender tokens) are never shown, to admins either.
 */
export async function requestLogFilterTrace(
  deps: Deps,
  actor: Actor,
  log: RequestLogView,
  webhook: WebhookRecord | null,
): Promise<FilterTrace | null> {
  if (!webhook) return null;
  const changed = await deps.requestLogs.findFilterChangedAfter(actor.accountId, log.webhookId, log.receivedAt);
  const filter = changed ? (changed.filter as unknown as FilterGroup | null) : webhook.filter;
  const trace = loggedFilterTrace(filter, log);
  if (!trace) return null;
  return {
    ...trace,
    conditions: trace.conditions.map((condition) =>
      isSecretCondition(condition.attribute) && condition.expected !== undefined
        ? { ...condition, expected: REDACTED }
        : condition,
    ),
  };
}
