import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import { generatePassword, hashPassword } from '../../security/secrets.js';
import type { Deps } from '../deps.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Operator task (CLI): a console user. Returns the generated password, which is not stored anywhere. */
export async function createUser(
  deps: Pick<Deps, 'accounts'>,
  accountId: string,
  email: string,
  role: Role,
  password = generatePassword(),
): Promise<{ id: string; email: string; role: Role; password: string }> {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised)) throw Errors.badInput('email', `"${email}" is not an email address.`);
  const user = await deps.accounts.createUser(accountId, {
    email: normalised,
    passwordHash: await hashPassword(password),
    role,
  });
  return { id: user.id, email: user.email, role: user.role, password };
}
