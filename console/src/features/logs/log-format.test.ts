import { describe, expect, it } from 'vitest';
import { formatLogDuration, formatLogTime, pathOf } from './log-format';

describe('formatLogDuration', () => {
  it.each([
    [0.3, '0.3 ms'],
    [0.04, '< 0.1 ms'],
    [0.05, '0.1 ms'],
    [8, '8.0 ms'],
    [12.46, '12.5 ms'],
    [999.94, '999.9 ms'],
    [999.96, '1.00 s'],
    [1234, '1.23 s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatLogDuration(ms)).toBe(text);
  });
});

describe('formatLogTime', () => {
  it('keeps the milliseconds', () => {
    expect(formatLogTime('2026-12-01T10:00:00.042Z')).toMatch(/[.,]042/);
  });
});

describe('pathOf', () => {
  it('is the path of a URL', () => {
    expect(pathOf('https://intake.example/webhooks/custom/acme/points')).toBe('/webhooks/custom/acme/points');
  });
});
