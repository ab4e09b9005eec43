import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  completeBuckets,
  durationBucket,
  HISTOGRAM_BUCKETS,
  histogramQuantile,
  statsWindow,
  type RolledUpBucket,
} from './stats.js';

function histogramOf(durations: number[]): number[] {
  const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const d of durations) histogram[durationBucket(d)]!++;
  return histogram;
}

describe('duration histogram', () => {
  it('puts each duration in the bucket whose upper bound is the first at or above it', () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(0.05)).toBe(0);
    expect(durationBucket(0.06)).toBe(1);
    expect(durationBucket(0.0625)).toBe(1);
    expect(durationBucket(0.063)).toBe(2);
    expect(durationBucket(Number.NaN)).toBe(0);
    expect(durationBucket(1e12)).toBe(HISTOGRAM_BUCKETS - 1);
  });

  it('estimates a quantile within one bucket (25 %) of the exact nearest-rank value', () => {
    const durations = Array.from({ length: 997 }, (_, i) => 0.1 * 1.01 ** i);
    const sorted = [...durations].sort((a, b) => a - b);
    for (const q of [0.01, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      const estimate = histogramQuantile(histogramOf(durations), q)!;
      expect(estimate / exact).toBeGreaterThanOrEqual(1 / 1.25);
      expect(estimate / exact).toBeLessThanOrEqual(1.25);
    }
  });

  it('has no quantile when empty, and reports the lowest bound for tiny durations', () => {
    expect(histogramQuantile(histogramOf([]), 0.5)).toBeNull();
    expect(histogramQuantile(histogramOf([0.01, 0.02]), 0.95)).toBe(0.05);
  });
});

describe('stats window', () => {
  it('starts at `from` rounded down to the interval and covers `to`', () => {
    const w = statsWindow(new Date('2026-11-30T10:15:30Z'), new Date('2026-11-30T12:00:01Z'), 'HOUR');
    expect(w.start.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(w.buckets).toBe(3);
    expect(w.end.toISOString()).toBe('2026-11-30T13:00:00.000Z');
    const days = statsWindow(new Date('2026-11-01T23:00:00Z'), new Date('2026-11-03T00:00:00Z'), 'DAY');
    expect(days.start.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(days.buckets).toBe(2);
  });

  it('refuses a reversed or empty period and more than 1,500 buckets, naming `to`', () => {
    const refused = (from: string, to: string, interval: 'MINUTE' | 'HOUR' | 'DAY') => {
      try {
        statsWindow(new Date(from), new Date(to), interval);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return { code: (error as DomainError).code, field: (error as DomainError).field };
      }
      return null;
    };
    expect(refused('2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z', 'MINUTE')).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'to',
    });
    expect(refused('2026-11-30T00:00:00Z', '2026-12-01T01:01:00Z', 'MINUTE')?.field).toBe('to');
    expect(refused('2026-11-30T00:00:00Z', '2026-12-01T01:00:00Z', 'MINUTE')).toBeNull();
    expect(refused('2020-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'DAY')?.code).toBe('BAD_USER_INPUT');
  });
});

describe('complete buckets', () => {
  it('fills the gaps with empty buckets and sums the counters into total', () => {
    const window = statsWindow(new Date('2026-11-30T10:00:00Z'), new Date('2026-11-30T10:03:00Z'), 'MINUTE');
    const rolledUp: RolledUpBucket[] = [
      {
        start: new Date('2026-11-30T10:01:00Z'),
        counts: { processed: 3, filtered: 1, invalid: 2, rejected: 0, duplicate: 1, failed: 1 },
        histogram: histogramOf([1, 2, 3, 4, 5, 6, 7, 8]),
      },
    ];
    const buckets = completeBuckets(window, rolledUp);
    expect(buckets.map((b) => b.total)).toEqual([0, 8, 0]);
    expect(buckets[0]).toMatchObject({ processed: 0, p50Ms: null, p95Ms: null });
    expect(buckets[1]!.p50Ms).toBeGreaterThan(4 / 1.25);
    expect(buckets[1]!.p50Ms).toBeLessThan(4 * 1.25);
  });
});
