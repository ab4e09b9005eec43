import { matchesConditionCount } from '@intake/rules';
import { Errors } from '../../domain/errors.js';
import { accountMatchesProblem } from '../../domain/limits.js';
import type { FilterGroup } from '../../domain/types.js';
import type { Deps } from '../deps.js';

/**
 * Refuses, with LIMIT_REACHED at `input.filter`, a filter that would take the account's live webhooks past
 * `ACCOUNT_LIMITS.matchesConditions`. Only a filter that adds MATCHES conditions (more than `replacing`, the
 * webhook's stored filter, holds) is checked: an account past the limit may still save anything that does not
 * add to it, and remove some.
 */
export async function assertRoomForMatches(
  deps: Deps,
  accountId: string,
  filter: FilterGroup | null,
  replacing?: { id: string; filter: FilterGroup | null },
): Promise<void> {
  const own = matchesConditionCount(filter);
  if (own === 0 || (replacing && own <= matchesConditionCount(replacing.filter))) return;
  // Checked before the write, not in its transaction: two writes at the limit at once may both pass (once).
  const others = await deps.webhooks.countLiveMatchesConditions(accountId, replacing?.id);
  const problem = accountMatchesProblem(others, own);
  if (problem) throw Errors.limitReached(problem, 'input.filter');
}
