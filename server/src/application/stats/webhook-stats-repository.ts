import type { RolledUpBucket, StatsWindow } from '../../domain/stats.js';

/** The read side of the statistics rollup (the database keeps it as logs are stored). */
export interface WebhookStatsRepository {
  /**
   * The non-empty buckets of `window` for a webhook of the account, each summed over its shards; nothing for a
   * webhook the account does not have.
   */
  rolledUp(accountId: string, webhookId: string, window: StatsWindow): Promise<RolledUpBucket[]>;
}
