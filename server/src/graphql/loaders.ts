import DataLoader from 'dataloader';
import type { Actor } from '../application/actor.js';
import { getCustomerEvents } from '../application/customers/get-customer-events.js';
import { getCustomers } from '../application/customers/get-customer.js';
import type { CustomerEventView, CustomerView } from '../application/customers/customer-views.js';
import type { Deps } from '../application/deps.js';
import { getRequestLogs } from '../application/logs/get-request-log.js';
import { getRequestLogEvents } from '../application/logs/get-request-log-events.js';
import { lastRequestLogs } from '../application/logs/last-request-logs.js';
import type { RequestLogView } from '../application/logs/request-log-view.js';
import { getWebhooksStats, type StatsQuestion } from '../application/stats/get-webhook-stats.js';
import { getWebhooksIncludingArchived } from '../application/webhooks/get-webhook.js';
import type { StatsBucket } from '../domain/stats.js';
import { liveSecretsOf, secretSummary } from '../application/webhooks/webhook-secrets.js';
import type { WebhookSecretSummary } from '../domain/webhook-secrets.js';
import type { WebhookRecord } from '../domain/webhook.js';

/**
 * Per-request loaders: the links of every object of a list page are read in one query per kind of link (the
 * resolvers of one level run in the same tick), and an object linked twice is read once. Null means "not in the
 * caller's account, or not visible to the caller"; a failing read rejects, and the error reaches the client as
 * INTERNAL_SERVER_ERROR.
 */
export interface Loaders {
  /** By webhook id: its most recent request log. */
  lastRequest: DataLoader<string, RequestLogView | null>;
  webhook: DataLoader<string, WebhookRecord | null>;
  requestLog: DataLoader<string, RequestLogView | null>;
  event: DataLoader<string, CustomerEventView | null>;
  /** By request log id: every event it registered, in item order. */
  requestEvents: DataLoader<string, CustomerEventView[]>;
  /** By external id. */
  customer: DataLoader<string, CustomerView | null>;
  /** By webhook id: its live secrets (hints, never values), newest first. */
  webhookSecrets: DataLoader<string, WebhookSecretSummary[]>;
  /** By webhook and question: its statistics; one rollup query per distinct question on a list page. */
  webhookStats: DataLoader<{ webhookId: string; question: StatsQuestion }, StatsBucket[], string>;
}

/** `actor` is asked for on first load: only authorized resolvers load, so it is there by then. */
export function createLoaders(deps: Deps, actor: () => Actor): Loaders {
  return {
    lastRequest: keyedLoader(
      (ids) => lastRequestLogs(deps, actor(), ids),
      (log) => log.webhookId,
    ),
    webhook: keyedLoader(
      (ids) => getWebhooksIncludingArchived(deps, actor(), ids),
      (webhook) => webhook.id,
    ),
    requestLog: keyedLoader(
      (ids) => getRequestLogs(deps, actor(), ids),
      (log) => log.id,
    ),
    event: keyedLoader(
      (ids) => getCustomerEvents(deps, actor(), ids),
      (event) => event.id,
    ),
    requestEvents: new DataLoader((logIds) => getRequestLogEvents(deps, actor(), logIds)),
    customer: keyedLoader(
      (ids) => getCustomers(deps, actor(), ids),
      (customer) => customer.externalId,
    ),
    webhookSecrets: new DataLoader(async (webhookIds) => {
      const byWebhook = new Map<string, WebhookSecretSummary[]>(webhookIds.map((id) => [id, []]));
      for (const secret of await liveSecretsOf(deps, actor(), webhookIds)) {
        byWebhook.get(secret.webhookId)?.push(secretSummary(secret));
      }
      return webhookIds.map((id) => byWebhook.get(id)!);
    }),
    webhookStats: new DataLoader(
      async (keys) => {
        // Grouped by question (the rows of a list page ask the same one); a bad question fails its keys alone.
        const groups = new Map<string, { question: StatsQuestion; indexes: number[] }>();
        keys.forEach(({ question }, index) => {
          const group = groups.get(questionKey(question)) ?? { question, indexes: [] };
          group.indexes.push(index);
          groups.set(questionKey(question), group);
        });
        const answers: (StatsBucket[] | Error)[] = new Array(keys.length);
        await Promise.all(
          [...groups.values()].map(async ({ question, indexes }) => {
            try {
              const stats = await getWebhooksStats(
                deps,
                actor(),
                indexes.map((i) => keys[i]!.webhookId),
                question,
              );
              indexes.forEach((keyIndex, i) => (answers[keyIndex] = stats[i]!));
            } catch (error) {
              for (const keyIndex of indexes) answers[keyIndex] = error as Error;
            }
          }),
        );
        return answers;
      },
      { cacheKeyFn: ({ webhookId, question }) => `${webhookId}|${questionKey(question)}` },
    ),
  };
}

function questionKey({ from, to, interval }: StatsQuestion): string {
  return `${from.getTime()}|${to.getTime()}|${interval}`;
}

/** A loader over a batch read that answers the items it found, in any order. */
function keyedLoader<T>(
  read: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (item: T) => string,
): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const found = new Map((await read(keys)).map((item) => [keyOf(item), item]));
    return keys.map((key) => found.get(key) ?? null);
  });
}
