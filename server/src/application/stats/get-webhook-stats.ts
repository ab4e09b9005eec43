import { completeBuckets, statsWindow, type StatsBucket, type StatsInterval } from '../../domain/stats.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/**
 * A webhook's volume by outcome and latency per bucket, from `from` to `to`, empty buckets included. Served from
 * the rollup, so its cost depends on the number of buckets, not on the number of requests.
 */
export async function getWebhookStats(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  question: { from: Date; to: Date; interval: StatsInterval },
): Promise<StatsBucket[]> {
  const window = statsWindow(question.from, question.to, question.interval);
  const rolledUp = await deps.webhookStats.rolledUp(actor.accountId, webhookId, window);
  return completeBuckets(window, rolledUp);
}
