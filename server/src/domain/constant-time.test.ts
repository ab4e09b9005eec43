import { describe, expect, it } from 'vitest';
import { stringsEqualInConstantTime } from './constant-time.js';

describe('stringsEqualInConstantTime', () => {
  it.each([
    ['secret', 'secret', true],
    ['', '', true],
    ['secret', 'secreT', false],
    ['secre', 'secret', false],
    ['secrets', 'secret', false],
    ['', 'secret', false],
    ['secret', '', false],
    ['ünïcødé', 'ünïcødé', true],
    ['\u0000', '', false],
  ])('%j vs %j → %s', (actual, expected, equal) => {
    expect(stringsEqualInConstantTime(actual, expected)).toBe(equal);
  });
});
