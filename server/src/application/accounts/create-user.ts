import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import { generatePassword, hashPassword } from '../../security/secrets.js';
import type { Deps } from '../deps.js';
import type { UserView } from './account-repository.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A console user (the CLI's `user:create`, an admin's invitation). Returns the password — generated unless given —
 * which is not stored anywhere: only its argon2 hash is.
 */
export async function createUser(
  deps: Pick<Deps, 'accounts'>,
  accountId: string,
  email: string,
  role: Role,
  password = generatePassword(),
): Promise<UserView & { password: string }> {
  const normalised = email.trim().toLowerCase();
  // 254: the longest address SMTP can carry.
  if (normalised.length > 254 || !EMAIL.test(normalised))
    throw Errors.badInput('email', `"${email.slice(0, 254)}" is not an email address.`);
  const user = await deps.accounts.createUser(accountId, {
    email: normalised,
    passwordHash: await hashPassword(password),
    role,
  });
  return { ...user, password };
}
