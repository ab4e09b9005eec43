import type { Role } from '../../domain/types.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { UserView } from './account-repository.js';
import { createUser } from './create-user.js';

/**
 * An admin adds a console user to their account. Intake sends no mail: the answer carries a generated initial
 * password, once (only its argon2 hash is stored), for the admin to hand over.
 */
export async function inviteUser(
  deps: Pick<Deps, 'accounts'>,
  actor: Actor,
  email: string,
  role: Role,
): Promise<{ user: UserView; password: string }> {
  requireAdmin(actor);
  const { password, ...user } = await createUser(deps, actor.accountId, email, role);
  return { user, password };
}
