import { describe, expect, it } from 'vitest';
import type { StatsInterval } from '../../../gql/graphql';
import {
  axisTick,
  bucketLabel,
  errorRate,
  formatErrorRate,
  formatLatency,
  INTERVAL_MS,
  sameWindow,
  STATS_PERIODS,
  statsWindow,
  summarize,
  volumeFigures,
  type StatsBucket,
  type StatsPeriod,
} from './stats-model';

const NOW = new Date('2026-12-01T10:37:12.345Z');

function bucket(start: string, counts: Partial<StatsBucket> = {}): StatsBucket {
  const classes = { processed: 0, filtered: 0, duplicate: 0, invalid: 0, rejected: 0, failed: 0 };
  const merged = { ...classes, p50Ms: null, p95Ms: null, ...counts };
  const total =
    merged.processed + merged.filtered + merged.duplicate + merged.invalid + merged.rejected + merged.failed;
  return { start, total, ...merged };
}

describe('statsWindow', () => {
  it.each<[StatsPeriod, StatsInterval, string, string]>([
    ['1h', 'MINUTE', '2026-12-01T09:38:00.000Z', '2026-12-01T10:38:00.000Z'],
    ['24h', 'HOUR', '2026-11-30T11:00:00.000Z', '2026-12-01T11:00:00.000Z'],
    ['7d', 'HOUR', '2026-11-24T11:00:00.000Z', '2026-12-01T11:00:00.000Z'],
    ['30d', 'DAY', '2026-11-02T00:00:00.000Z', '2026-12-02T00:00:00.000Z'],
  ])('%s asks by %s for whole buckets up to the end of the current one', (period, interval, from, to) => {
    const window = statsWindow(period, NOW);
    expect(window).toEqual({ from, to, interval });
    const { buckets } = STATS_PERIODS[period];
    expect(Date.parse(window.to) - Date.parse(window.from)).toBe(buckets * INTERVAL_MS[window.interval]);
  });

  it('stays the same until the next bucket begins, so the query and its cache entry stay the same', () => {
    const later = new Date('2026-12-01T10:59:59.999Z');
    expect(sameWindow(statsWindow('24h', NOW), statsWindow('24h', later))).toBe(true);
    expect(sameWindow(statsWindow('1h', NOW), statsWindow('1h', later))).toBe(false);
    expect(sameWindow(statsWindow('24h', NOW), statsWindow('24h', new Date('2026-12-01T11:00:00.000Z')))).toBe(false);
  });
});

describe('errorRate', () => {
  it.each([
    [{ total: 0, invalid: 0, rejected: 0, failed: 0 }, null],
    [{ total: 10, invalid: 0, rejected: 0, failed: 0 }, 0],
    [{ total: 10, invalid: 1, rejected: 2, failed: 1 }, 0.4],
    [{ total: 4, invalid: 0, rejected: 0, failed: 4 }, 1],
  ])('of %o is %s: (invalid + rejected + failed) / total, none without requests', (counts, rate) => {
    expect(errorRate(counts)).toBe(rate);
  });
});

describe('summarize', () => {
  it('adds up the classes, counts invalid, rejected and failed as errors, and keeps the highest bucket p95', () => {
    const summary = summarize([
      bucket('2026-12-01T10:00:00Z', { processed: 5, filtered: 2, duplicate: 1, p50Ms: 4, p95Ms: 12 }),
      bucket('2026-12-01T11:00:00Z'),
      bucket('2026-12-01T12:00:00Z', { processed: 1, invalid: 1, rejected: 2, failed: 1, p50Ms: 3, p95Ms: 30 }),
    ]);
    expect(summary).toEqual({
      total: 13,
      processed: 6,
      filtered: 2,
      duplicate: 1,
      invalid: 1,
      rejected: 2,
      failed: 1,
      errors: 4,
      errorRate: 4 / 13,
      maxBucketP95Ms: 30,
    });
  });

  it('has no error rate and no latency without requests', () => {
    const summary = summarize([bucket('2026-12-01T10:00:00Z'), bucket('2026-12-01T11:00:00Z')]);
    expect(summary.total).toBe(0);
    expect(summary.errorRate).toBeNull();
    expect(summary.maxBucketP95Ms).toBeNull();
  });
});

describe('volumeFigures', () => {
  it('gives the totals per bucket for the sparkline, the total and the error rate', () => {
    expect(
      volumeFigures([
        { total: 3, invalid: 1, rejected: 0, failed: 0 },
        { total: 0, invalid: 0, rejected: 0, failed: 0 },
        { total: 7, invalid: 0, rejected: 0, failed: 1 },
      ]),
    ).toEqual({ totals: [3, 0, 7], total: 10, errorRate: 0.2 });
    expect(volumeFigures([{ total: 0, invalid: 0, rejected: 0, failed: 0 }]).errorRate).toBeNull();
  });
});

describe('formatting', () => {
  it('reads an error rate as a percentage with one decimal, a dash without requests, never 0 % above 0', () => {
    expect(formatErrorRate(null)).toBe('—');
    expect(formatErrorRate(0)).toMatch(/^0\s?%$/);
    expect(formatErrorRate(0.0213)).toMatch(/^2\.1\s?%$/);
    expect(formatErrorRate(0.0001)).toMatch(/^< 0\.1\s?%$/);
  });

  it('reads latencies in ms or s, and below 1 ms as such', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(0.3)).toBe('< 1 ms');
    expect(formatLatency(42.4)).toBe('42 ms');
    expect(formatLatency(1234)).toBe('1.23 s');
  });

  it('shows days as UTC dates, whatever the reader’s zone', () => {
    const midnight = Date.parse('2026-12-01T00:00:00Z');
    expect(axisTick(midnight, 'DAY', 30)).toBe(
      new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(midnight),
    );
    expect(bucketLabel(midnight, 'DAY')).toMatch(/\(UTC\)$/);
  });
});
