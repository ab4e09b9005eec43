import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { UserView } from './account-repository.js';

/** The account's console users, oldest first. */
export async function listUsers(deps: Pick<Deps, 'accounts'>, actor: Actor): Promise<UserView[]> {
  requireAdmin(actor);
  return deps.accounts.listUsers(actor.accountId);
}
