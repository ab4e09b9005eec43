import { Errors } from '../../domain/errors.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { UserView } from './account-repository.js';

/**
 * Removes a console user of the account; their sessions end at once. Nobody removes themselves (another admin
 * does), and the account keeps at least one admin user.
 */
export async function removeUser(deps: Pick<Deps, 'accounts'>, actor: Actor, userId: string): Promise<UserView> {
  requireAdmin(actor);
  if (actor.userId === userId) throw Errors.badInput('id', 'You cannot remove yourself: ask another admin.');
  const result = await deps.accounts.removeUser(actor.accountId, userId);
  if (result === 'not-found') throw Errors.notFound('User', userId);
  if (result === 'last-admin')
    throw Errors.conflict('This is the account’s last admin: make another user admin first.', 'id');
  return result.user;
}
