import { describe, expect, it } from 'vitest';
import { jsonSize } from './answer-size.js';

describe('jsonSize', () => {
  it.each([
    ['a string: its UTF-8 bytes and quotes', 'héllo', JSON.stringify('héllo').length + 1],
    ['a number', 12345, 8],
    ['null', null, 8],
    ['a date', new Date(0), 26],
  ])('%s', (_case, value, expected) => {
    expect(jsonSize(value, Infinity)).toBe(expected);
  });

  it('is at least the length of the JSON text', () => {
    const value = { name: 'Orders', labels: ['a', 'b'], nested: { deep: [1, 2, { x: 'y' }] } };
    expect(jsonSize(value, Infinity)).toBeGreaterThanOrEqual(JSON.stringify(value).length);
  });

  it('stops counting once the budget is passed', () => {
    const big = Array.from({ length: 100_000 }, () => 'x'.repeat(100));
    const size = jsonSize(big, 1_000);
    expect(size).toBeGreaterThan(1_000);
    // Counting every element would reach ten million.
    expect(size).toBeLessThan(200_000);
  });
});
