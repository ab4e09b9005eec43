import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan } from './json-text.js';

describe('jsonNestsDeeperThan', () => {
  it.each<[string, number, boolean]>([
    ['', 0, false],
    ['{}', 0, true],
    ['{}', 1, false],
    ['[[]]', 1, true],
    ['[[]]', 2, false],
    ['{"a":[1,{"b":2}]}', 3, false],
    ['{"a":[1,{"b":2}]}', 2, true],
    // siblings do not add up
    ['[[],[],[],[]]', 2, false],
    // brackets inside strings, escaped quotes included, do not count
    ['["[[[[", "\\"[[[["]', 1, false],
    ['["\\\\", [[]]]', 2, true],
    // not JSON at all: still counted, never thrown on
    ['[[[[', 3, true],
    [']]]][[', 2, false],
    ['{'.repeat(100_000), 64, true],
  ])('%j deeper than %i: %s', (text, maxDepth, deeper) => {
    expect(jsonNestsDeeperThan(text, maxDepth)).toBe(deeper);
  });
});
