import { Errors } from './errors.js';
import type { RequestOutcome } from './types.js';

/**
 * Per-webhook statistics: what a bucket counts, how durations are summarised, and which buckets a question asks
 * for. The rollup itself is kept by the database as requests are stored (a trigger on request_logs); this module
 * holds the rules both sides agree on, so a test can check the SQL against them.
 */

export const STATS_INTERVALS = ['MINUTE', 'HOUR', 'DAY'] as const;
export type StatsInterval = (typeof STATS_INTERVALS)[number];

export const INTERVAL_MS: Record<StatsInterval, number> = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** The most buckets one question may ask for (24 h by minute is 1,440). */
export const MAX_STATS_BUCKETS = 1_500;

/** The six counters of a bucket; `total` is their sum. */
export const STATS_COUNTERS = ['processed', 'filtered', 'invalid', 'rejected', 'duplicate', 'failed'] as const;
export type StatsCounter = (typeof STATS_COUNTERS)[number];

/** Which counter an outcome adds to (the SQL rollup uses the same grouping). */
export const COUNTER_OF_OUTCOME: Record<RequestOutcome, StatsCounter> = {
  PROCESSED: 'processed',
  FILTERED: 'filtered',
  INVALID_REQUEST: 'invalid',
  INVALID_EVENT: 'invalid',
  UNAUTHENTICATED: 'rejected',
  NOT_ROUTABLE: 'rejected',
  DUPLICATE: 'duplicate',
  FAILED: 'failed',
};

/**
 * Durations are counted in a histogram of geometric buckets: bucket 0 holds durations ≤ 0.05 ms, bucket i
 * (1 ≤ i < 63) those in (0.05·1.25^(i−1), 0.05·1.25^i] ms, bucket 63 everything above ≈ 50 s. Histograms add up,
 * so a minute's, an hour's or a day's percentiles come from the same rollup rows, and an estimate is never more
 * than one bucket (25 %) from the exact value. The SQL function `intake_duration_bucket` is this formula.
 */
export const HISTOGRAM_BUCKETS = 64;
export const HISTOGRAM_BASE_MS = 0.05;
export const HISTOGRAM_GROWTH = 1.25;

export function durationBucket(durationMs: number): number {
  if (!(durationMs > HISTOGRAM_BASE_MS)) return 0;
  const index = Math.ceil(Math.log(durationMs / HISTOGRAM_BASE_MS) / Math.log(HISTOGRAM_GROWTH));
  return Math.min(HISTOGRAM_BUCKETS - 1, index);
}

function upperBound(bucket: number): number {
  return HISTOGRAM_BASE_MS * HISTOGRAM_GROWTH ** bucket;
}

/**
 * The q-quantile (nearest rank) of the durations a histogram counts, placed inside its bucket by geometric
 * interpolation; null for an empty histogram.
 */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const n = histogram[bucket] ?? 0;
    if (n === 0 || seen + n < rank) {
      seen += n;
      continue;
    }
    if (bucket === 0) return HISTOGRAM_BASE_MS;
    const low = upperBound(bucket - 1);
    const high = upperBound(bucket);
    return low * (high / low) ** ((rank - seen) / n);
  }
  return upperBound(histogram.length - 1);
}

export interface StatsWindow {
  /** Start of the first bucket: `from` rounded down to the interval (UTC). */
  start: Date;
  /** End of the last bucket (exclusive). */
  end: Date;
  interval: StatsInterval;
  buckets: number;
}

/** The buckets a question covers, or a BAD_USER_INPUT naming the argument at fault. */
export function statsWindow(from: Date, to: Date, interval: StatsInterval): StatsWindow {
  if (Number.isNaN(from.getTime())) throw Errors.badInput('from', '"from" is not a valid date-time.');
  if (Number.isNaN(to.getTime())) throw Errors.badInput('to', '"to" is not a valid date-time.');
  if (to.getTime() <= from.getTime()) throw Errors.badInput('to', '"to" must be later than "from".');
  const step = INTERVAL_MS[interval];
  const start = Math.floor(from.getTime() / step) * step;
  const buckets = Math.ceil((to.getTime() - start) / step);
  if (buckets > MAX_STATS_BUCKETS) {
    throw Errors.badInput(
      'to',
      `From "from" to "to" by ${interval} is ${count(buckets)} buckets; at most ${count(MAX_STATS_BUCKETS)} can be ` +
        'asked for at once. ' +
        'Choose a shorter period or a larger interval.',
    );
  }
  return { start: new Date(start), end: new Date(start + buckets * step), interval, buckets };
}

const count = (n: number) => n.toLocaleString('en-US');

/** What the rollup holds for one bucket (its counters and duration histogram summed over shards). */
export interface RolledUpBucket {
  start: Date;
  counts: Record<StatsCounter, number>;
  histogram: readonly number[];
}

export interface StatsBucket extends Record<StatsCounter, number> {
  start: Date;
  total: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Every bucket of the window, in order, the empty ones included. */
export function completeBuckets(window: StatsWindow, rolledUp: readonly RolledUpBucket[]): StatsBucket[] {
  const byStart = new Map(rolledUp.map((bucket) => [bucket.start.getTime(), bucket]));
  const step = INTERVAL_MS[window.interval];
  const result: StatsBucket[] = [];
  for (let i = 0; i < window.buckets; i++) {
    const start = window.start.getTime() + i * step;
    const found = byStart.get(start);
    const counts = found?.counts ?? { processed: 0, filtered: 0, invalid: 0, rejected: 0, duplicate: 0, failed: 0 };
    result.push({
      start: new Date(start),
      ...counts,
      total: STATS_COUNTERS.reduce((sum, counter) => sum + counts[counter], 0),
      p50Ms: found ? histogramQuantile(found.histogram, 0.5) : null,
      p95Ms: found ? histogramQuantile(found.histogram, 0.95) : null,
    });
  }
  return result;
}
