import type { StatsInterval } from '../../../gql/graphql';
import { formatDuration } from '../../../lib/format';

/**
 * What the statistics views compute from the API's buckets: which buckets a period asks for, the period's
 * totals and error rate, and how their figures read. Plain functions, so they are tested without rendering.
 */

export const INTERVAL_MS: Record<StatsInterval, number> = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

export type StatsPeriod = '1h' | '24h' | '7d' | '30d';

interface PeriodDefinition {
  /** Short, for the period picker. */
  label: string;
  /** What the charts show, in words. */
  description: string;
  interval: StatsInterval;
  buckets: number;
}

/** Each period in buckets small enough to see its shape and few enough to stay readable (≤ 168 points). */
export const STATS_PERIODS: Record<StatsPeriod, PeriodDefinition> = {
  '1h': { label: '1 h', description: 'Last hour, by minute', interval: 'MINUTE', buckets: 60 },
  '24h': { label: '24 h', description: 'Last 24 hours, by hour', interval: 'HOUR', buckets: 24 },
  '7d': { label: '7 d', description: 'Last 7 days, by hour', interval: 'HOUR', buckets: 168 },
  '30d': { label: '30 d', description: 'Last 30 days, by day (UTC)', interval: 'DAY', buckets: 30 },
};

export const DEFAULT_PERIOD: StatsPeriod = '24h';

export interface StatsWindow {
  from: string;
  to: string;
  interval: StatsInterval;
}

/**
 * The question for a period at `now`: its last `buckets` whole buckets, the current (still filling) one included.
 * Both ends fall on bucket boundaries (UTC, as the server buckets), so the window — and with it the query's
 * variables and cache key — stays the same until the next bucket starts, and no partial bucket from before the
 * period is counted in.
 */
export function statsWindow(period: StatsPeriod, now: Date): StatsWindow {
  const { interval, buckets } = STATS_PERIODS[period];
  const step = INTERVAL_MS[interval];
  const end = (Math.floor(now.getTime() / step) + 1) * step;
  return { from: new Date(end - buckets * step).toISOString(), to: new Date(end).toISOString(), interval };
}

export function sameWindow(a: StatsWindow, b: StatsWindow): boolean {
  return a.from === b.from && a.to === b.to && a.interval === b.interval;
}

/** The six outcome classes a bucket counts, in the order charts stack and legends list them. */
export const OUTCOME_CLASSES = ['processed', 'filtered', 'duplicate', 'invalid', 'rejected', 'failed'] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

/**
 * Names, the outcomes each class groups, and colours matching the outcome badges (components/Badges.tsx).
 * Rejected groups Unauthenticated (red badge) and Not routable (gray badge): gray here, so that red stays Failed.
 */
export const OUTCOME_CLASS_INFO: Record<OutcomeClass, { label: string; outcomes: string; color: string }> = {
  processed: { label: 'Processed', outcomes: 'Processed', color: 'green.6' },
  filtered: { label: 'Filtered', outcomes: 'Filtered out', color: 'yellow.6' },
  duplicate: { label: 'Duplicate', outcomes: 'Duplicate', color: 'blue.6' },
  invalid: { label: 'Invalid', outcomes: 'Invalid request, Invalid event', color: 'orange.6' },
  rejected: { label: 'Rejected', outcomes: 'Unauthenticated, Not routable', color: 'gray.6' },
  failed: { label: 'Failed', outcomes: 'Failed', color: 'red.6' },
};

/** The classes that count as errors: the sender's request was refused, or we failed. */
export const ERROR_CLASSES = ['invalid', 'rejected', 'failed'] as const satisfies readonly OutcomeClass[];

export const ERROR_RATE_DEFINITION =
  'Error rate = (Invalid + Rejected + Failed) ÷ all requests. Filtered and Duplicate requests are answered as ' +
  'intended and do not count as errors.';

type Counts = Record<'total' | (typeof ERROR_CLASSES)[number], number>;

/** The share of requests that were errors, or null without requests (no rate, rather than 0 %). */
export function errorRate(counts: Counts): number | null {
  if (counts.total === 0) return null;
  return ERROR_CLASSES.reduce((sum, name) => sum + counts[name], 0) / counts.total;
}

/** A bucket as the API answers it (WebhookStatsBucket). */
export interface StatsBucket extends Record<OutcomeClass, number> {
  start: string;
  total: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface StatsSummary extends Record<OutcomeClass, number> {
  total: number;
  errors: number;
  errorRate: number | null;
  /** The highest p95 of any one bucket: a period's own p95 cannot be derived from its buckets' percentiles. */
  maxBucketP95Ms: number | null;
}

/** The period's totals from its buckets. */
export function summarize(buckets: readonly StatsBucket[]): StatsSummary {
  const summary: StatsSummary = {
    total: 0,
    processed: 0,
    filtered: 0,
    duplicate: 0,
    invalid: 0,
    rejected: 0,
    failed: 0,
    errors: 0,
    errorRate: null,
    maxBucketP95Ms: null,
  };
  for (const bucket of buckets) {
    summary.total += bucket.total;
    for (const name of OUTCOME_CLASSES) summary[name] += bucket[name];
    if (bucket.p95Ms != null) summary.maxBucketP95Ms = Math.max(summary.maxBucketP95Ms ?? 0, bucket.p95Ms);
  }
  summary.errors = ERROR_CLASSES.reduce((sum, name) => sum + summary[name], 0);
  summary.errorRate = errorRate(summary);
  return summary;
}

const countFormat = new Intl.NumberFormat();
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** "—" without requests; a rate above 0 never reads as "0 %". */
export function formatErrorRate(rate: number | null): string {
  if (rate == null) return '—';
  if (rate > 0 && rate < 0.0005) return `< ${percentFormat.format(0.001)}`;
  return percentFormat.format(rate);
}

/** A latency; sub-millisecond ones would otherwise round to "0 ms". */
export function formatLatency(milliseconds: number | null): string {
  if (milliseconds == null) return '—';
  return milliseconds < 1 ? '< 1 ms' : formatDuration(milliseconds);
}

/** The bucket width in words: "minute", "hour", "day". */
export function intervalNoun(interval: StatsInterval): string {
  return interval.toLowerCase();
}

/**
 * Minutes and hours read in the reader's time zone. Days are UTC days (the server's buckets), so they are shown
 * as UTC dates: a local time would put a UTC midnight on the previous evening west of Greenwich.
 */
const minuteFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekdayHourFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
const utcDayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const utcLongDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const longFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An x-axis tick: a time of day, with the weekday when the chart spans more than a day. */
export function axisTick(start: number, interval: StatsInterval, buckets: number): string {
  if (interval === 'DAY') return utcDayFormat.format(start);
  return INTERVAL_MS[interval] * buckets > INTERVAL_MS.DAY
    ? weekdayHourFormat.format(start)
    : minuteFormat.format(start);
}

/** A bucket in full, for tooltips and the data table. */
export function bucketLabel(start: number, interval: StatsInterval): string {
  return interval === 'DAY' ? `${utcLongDayFormat.format(start)} (UTC)` : longFormat.format(start);
}

/** What the time axis is in: the reader's zone, or UTC days. */
export function timeAxisLabel(interval: StatsInterval): string {
  if (interval === 'DAY') return 'Day (UTC)';
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone ? `Time (${zone})` : 'Local time';
}

/** What a list row shows of the last 24 h: the volume per bucket for its sparkline, the total and error rate. */
export function volumeFigures(buckets: readonly Counts[]): {
  totals: number[];
  total: number;
  errorRate: number | null;
} {
  const counts = { total: 0, invalid: 0, rejected: 0, failed: 0 };
  for (const bucket of buckets) {
    counts.total += bucket.total;
    for (const name of ERROR_CLASSES) counts[name] += bucket[name];
  }
  return { totals: buckets.map((bucket) => bucket.total), total: counts.total, errorRate: errorRate(counts) };
}
