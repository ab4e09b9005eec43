import { describe, expect, it } from 'vitest';
import { addDays, dayOf, planLogPartitions } from './log-partitions.js';

const settings = { retentionDays: 30, daysAhead: 7 };
const noon = new Date('2026-12-15T12:00:00Z');

function days(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}

describe('planLogPartitions', () => {
  it('creates today and the 7 days ahead on an empty table', () => {
    const plan = planLogPartitions(noon, settings, { days: [], daysInDefault: [] });
    expect(plan.create).toEqual(days('2026-12-15', 8));
    expect(plan.drop).toEqual([]);
    expect(plan.deleteExpiredDefaultRows).toBe(false);
  });

  it('creates only the missing days and nothing when all are there', () => {
    const existing = days('2026-12-10', 12);
    expect(planLogPartitions(noon, settings, { days: existing, daysInDefault: [] }).create).toEqual(['2026-12-22']);
    expect(planLogPartitions(noon, settings, { days: days('2026-12-10', 13), daysInDefault: [] }).create).toEqual([]);
  });

  it('drops the days before today − retention, keeps that day and every later one', () => {
    const existing = days('2026-11-10', 45);
    const plan = planLogPartitions(noon, settings, { days: existing, daysInDefault: [] });
    // 2026-11-15 00:00 UTC is today − 30 days: its partition and later ones stay; 2026-11-14's upper bound is it.
    expect(plan.expiredBefore).toEqual(new Date('2026-11-15T00:00:00Z'));
    expect(plan.drop).toEqual(days('2026-11-10', 5));
    expect(plan.drop).not.toContain('2026-11-15');
  });

  it('never drops today or later, even with one day of retention', () => {
    const existing = days('2026-12-10', 13);
    const plan = planLogPartitions(noon, { retentionDays: 1, daysAhead: 7 }, { days: existing, daysInDefault: [] });
    expect(plan.drop).toEqual(days('2026-12-10', 4));
    expect(plan.drop.every((day) => day < '2026-12-14')).toBe(true);
  });

  it('decides by UTC day whatever the hour: the last millisecond of a day and midnight', () => {
    const lastMs = new Date('2026-12-15T23:59:59.999Z');
    const midnight = new Date('2026-12-16T00:00:00.000Z');
    expect(planLogPartitions(lastMs, settings, { days: [], daysInDefault: [] }).create[0]).toBe('2026-12-15');
    expect(planLogPartitions(midnight, settings, { days: [], daysInDefault: [] }).create[0]).toBe('2026-12-16');
    expect(planLogPartitions(midnight, settings, { days: ['2026-11-15'], daysInDefault: [] }).drop).toEqual([
      '2026-11-15',
    ]);
    expect(planLogPartitions(lastMs, settings, { days: ['2026-11-15'], daysInDefault: [] }).drop).toEqual([]);
  });

  it('gives unexpired days of default rows a partition, and deletes expired ones instead', () => {
    const plan = planLogPartitions(noon, settings, {
      days: days('2026-12-15', 8),
      daysInDefault: ['2026-10-01', '2026-11-20', '2027-03-01'],
    });
    expect(plan.create).toEqual(['2026-11-20', '2027-03-01']);
    expect(plan.deleteExpiredDefaultRows).toBe(true);
  });

  it('refuses a retention below one day', () => {
    expect(() => planLogPartitions(noon, { retentionDays: 0, daysAhead: 7 }, { days: [], daysInDefault: [] })).toThrow(
      /at least 1/,
    );
  });

  it('counts days in UTC across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(dayOf(new Date('2026-12-31T23:30:00-02:00'))).toBe('2027-01-01');
  });
});
