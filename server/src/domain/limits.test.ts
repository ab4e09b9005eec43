import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMITS, accountMatchesProblem } from './limits.js';

describe('accountMatchesProblem', () => {
  const limit = ACCOUNT_LIMITS.matchesConditions;

  it.each<[string, number, number, boolean]>([
    ['nothing anywhere', 0, 0, true],
    ['exactly the limit', limit - 20, 20, true],
    ['the limit in this filter alone', 0, limit, true],
    ['one past the limit', limit - 20, 21, false],
    ['the others already at the limit', limit, 1, false],
  ])('%s', (_label, others, own, fits) => {
    const problem = accountMatchesProblem(others, own);
    if (fits) expect(problem).toBeNull();
    else {
      expect(problem).toBe(
        `An account has at most ${limit} MATCHES conditions in webhooks that are not archived; the other webhooks hold ${others} and this filter ${own}. Remove some, or archive webhooks you no longer use.`,
      );
    }
  });
});
