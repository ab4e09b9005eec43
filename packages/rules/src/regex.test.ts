import { describe, expect, it } from 'vitest';
import { compilePattern, MAX_PATTERN_LENGTH, patternProblem } from './regex.js';

describe('patternProblem', () => {
  it.each(['^VIP-[0-9]+$', 'gold|silver', '(?i)^abc', '\\d{3}', '[[:alpha:]]+', '^(a|b)*$'])(
    'accepts %s',
    (pattern) => {
      expect(patternProblem(pattern)).toBeNull();
    },
  );

  it.each([
    ['lookbehind', '(?<=a)b'],
    ['negative lookbehind', '(?<!a)b'],
    ['lookahead', 'a(?=b)'],
    ['backreference', '(a)\\1'],
    ['a broken class', '['],
    ['an unbalanced group', '(a'],
  ])('refuses a %s, which RE2 does not support', (_label, pattern) => {
    expect(patternProblem(pattern)).toMatch(/^The pattern is not a valid RE2 regular expression \(.+\)\. Lookarounds/);
  });

  it('refuses the empty pattern and patterns over the length limit', () => {
    expect(patternProblem('')).toBe('The pattern is empty.');
    expect(patternProblem('a'.repeat(MAX_PATTERN_LENGTH))).toBeNull();
    expect(patternProblem('a'.repeat(MAX_PATTERN_LENGTH + 1))).toBe(
      `The pattern is ${MAX_PATTERN_LENGTH + 1} characters long; at most ${MAX_PATTERN_LENGTH} are allowed.`,
    );
  });
});

describe('compilePattern', () => {
  it('finds a match anywhere and memoises', () => {
    const compiled = compilePattern('^VIP-[0-9]+$');
    expect(compiled.test('VIP-12')).toBe(true);
    expect(compiled.test('xVIP-12')).toBe(false);
    expect(compilePattern('b').test('abc')).toBe(true);
    expect(compilePattern('^VIP-[0-9]+$')).toBe(compiled);
  });
});
