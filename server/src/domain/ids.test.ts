import { describe, expect, it } from 'vitest';
import { isUuid } from './ids.js';

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
