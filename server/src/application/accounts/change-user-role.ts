import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { UserView } from './account-repository.js';

/**
 * Makes a console user an admin or a reader. Nobody changes their own role (another admin does, so nobody locks
 * themselves out by mistake), and the account's last admin stays one.
 */
export async function changeUserRole(
  deps: Pick<Deps, 'accounts'>,
  actor: Actor,
  userId: string,
  role: Role,
): Promise<UserView> {
  requireAdmin(actor);
  if (actor.userId === userId) throw Errors.badInput('id', 'You cannot change your own role: ask another admin.');
  const result = await deps.accounts.changeUserRole(actor.accountId, userId, role);
  if (result === 'not-found') throw Errors.notFound('User', userId);
  if (result === 'last-admin')
    throw Errors.conflict('This is the account’s last admin: make another user admin first.', 'role');
  return result.user;
}
