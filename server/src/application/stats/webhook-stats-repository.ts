import type { RolledUpBucket, StatsWindow } from '../../domain/stats.js';

/** The read side of the statistics rollup (the database keeps it as logs are stored). */
export interface WebhookStatsRepository {
  /**
   * The non-empty buckets of `window` of each of the webhooks (of the account; others get nothing), each summed
   * over its shards: one query for a whole list page.
   */
  rolledUp(
    accountId: string,
    webhookIds: readonly string[],
    window: StatsWindow,
  ): Promise<Map<string, RolledUpBucket[]>>;
}
