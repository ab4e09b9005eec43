import { RE2JS } from 're2js';

/** Patterns run on untrusted input, so they go through RE2 (linear time) and have a bounded length. */
export const MAX_PATTERN_LENGTH = 256;

export type CompiledPattern = { test(input: string): boolean };

const cache = new Map<string, CompiledPattern>();

/** Returns why a pattern cannot be used, or null when it compiles. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'The pattern is empty.';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `The pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed.`;
  }
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The pattern is not a valid RE2 regular expression (${reason}). Lookarounds and backreferences are not supported.`;
  }
}

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
