import { RE2JS } from 're2js';
import { patternShapeProblem, type PatternCheck } from './pattern.js';

/**
 * The RE2 pattern check and matcher (entry point `@intake/rules/regex`). RE2 runs in linear time on untrusted
 * input and refuses what would make that impossible: lookarounds and backreferences, which JavaScript's RegExp
 * accepts. The server and the console both ask this module, so they accept exactly the same patterns.
 */

export { MAX_PATTERN_LENGTH, type PatternCheck } from './pattern.js';

export type CompiledPattern = { test(input: string): boolean };

const cache = new Map<string, CompiledPattern>();

/** Returns why a pattern cannot be used (empty, too long, or refused by RE2), or null when it compiles. */
export const patternProblem: PatternCheck = (pattern) => {
  const shape = patternShapeProblem(pattern);
  if (shape) return shape;
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The pattern is not a valid RE2 regular expression (${reason}). Lookarounds and backreferences are not supported.`;
  }
};

/** Compiles (and memoises) a pattern already accepted by `patternProblem`. `test` finds a match anywhere. */
export function compilePattern(pattern: string): CompiledPattern {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const re = RE2JS.compile(pattern);
    compiled = { test: (input: string) => re.test(input) };
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}
