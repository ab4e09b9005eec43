/**
 * The part of the regular-expression check that needs no regex engine: it runs everywhere, at once.
 * The full check (`patternProblem` in `@intake/rules/regex`) adds RE2's verdict; it is a separate entry point
 * because RE2 is large and the console loads it only when a filter uses MATCHES.
 */

/** Patterns run on untrusted input, so they go through RE2 (linear time) and have a bounded length. */
export const MAX_PATTERN_LENGTH = 256;

/** Why a pattern cannot be used, or null when it can: what an admin reads under a MATCHES value. */
export type PatternCheck = (pattern: string) => string | null;

/** The empty and length checks of `patternProblem`, for callers that have not loaded RE2 (yet). */
export const patternShapeProblem: PatternCheck = (pattern) => {
  if (pattern.length === 0) return 'The pattern is empty.';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `The pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed.`;
  }
  return null;
};
