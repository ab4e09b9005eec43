import { completeBuckets, statsWindow, type StatsBucket, type StatsInterval } from '../../domain/stats.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

export interface StatsQuestion {
  from: Date;
  to: Date;
  interval: StatsInterval;
}

/**
 * Webhooks' volume by outcome and latency per bucket, from `from` to `to`, empty buckets included, in the order of
 * `webhookIds`. Served from the rollup, so its cost depends on the number of buckets, not of requests. The window
 * is checked first: a bad question is refused (BAD_USER_INPUT) before anything is read.
 */
export async function getWebhooksStats(
  deps: Deps,
  actor: Actor,
  webhookIds: readonly string[],
  question: StatsQuestion,
): Promise<StatsBucket[][]> {
  const window = statsWindow(question.from, question.to, question.interval);
  const rolledUp = await deps.webhookStats.rolledUp(actor.accountId, webhookIds, window);
  return webhookIds.map((id) => completeBuckets(window, rolledUp.get(id) ?? []));
}
