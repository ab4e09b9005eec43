import { describe, expect, it } from 'vitest';
import { isUuid, timeOrderedUuid } from './ids.js';

describe('isUuid', () => {
  it.each([
    ['0b6f1c1e-58d2-4c4e-9a55-6c0f5d3b2a10', true],
    ['0B6F1C1E-58D2-4C4E-9A55-6C0F5D3B2A10', true],
    ['', false],
    ['42', false],
    ['0b6f1c1e58d24c4e9a556c0f5d3b2a10', false],
    ['0b6f1c1e-58d2-4c4e-9a55-6c0f5d3b2a10 ', false],
    ['0b6f1c1e-58d2-4c4e-9a55-6c0f5d3b2a1g', false],
    ["' or 1=1 --", false],
  ])('%j → %s', (id, expected) => {
    expect(isUuid(id)).toBe(expected);
  });
});

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID with the RFC 9562 variant, its first 48 bits the milliseconds given', () => {
    const id = timeOrderedUuid(Date.UTC(2026, 11, 1, 6, 0, 0, 123));
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 1, 6, 0, 0, 123));
  });

  it('sorts by time, and ids of one millisecond differ', () => {
    const earlier = timeOrderedUuid(1_000);
    const later = timeOrderedUuid(1_001);
    expect(earlier < later).toBe(true);
    const sameMs = new Set(Array.from({ length: 5_000 }, () => timeOrderedUuid(2_000)));
    expect(sameMs.size).toBe(5_000);
  });
});
