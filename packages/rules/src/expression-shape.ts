/**
 * The part of the mapping-expression check that needs no JSONata: it runs everywhere, at once. The full check
 * (`expressionProblem` in `@intake/rules/expression`) adds JSONata's parser and the sandbox's rules; it is a
 * separate entry point because JSONata is large and the console loads it only when a mapping row has an expression.
 */

/** Longest expression, in characters: an expression is a formula for one value, not a program. */
export const MAX_EXPRESSION_LENGTH = 1_000;

/** Why an expression cannot be used, or null when it can: what an admin reads under a row's Expression. */
export type ExpressionCheck = (expression: string) => string | null;

/** The empty and length checks of `expressionProblem`, for callers that have not loaded JSONata (yet). */
export const expressionShapeProblem: ExpressionCheck = (expression) => {
  if (expression.trim().length === 0) {
    return 'The expression is empty: write one, or remove it to copy the value as it is.';
  }
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return `The expression is ${expression.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are allowed.`;
  }
  return null;
};
