import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import { AccountEntity, AdminUserEntity } from '../../persistence/entities/index.js';
import { generatePassword, hashPassword } from '../../security/secrets.js';
import type { Deps } from '../deps.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Operator task (CLI): a console user. Returns the generated password, which is not stored anywhere. */
export async function createUser(
  deps: Deps,
  accountId: string,
  email: string,
  role: Role,
  password = generatePassword(),
): Promise<{ id: string; email: string; role: Role; password: string }> {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised)) throw Errors.badInput('email', `"${email}" is not an email address.`);
  const em = deps.orm.em.fork();
  const user = em.create(AdminUserEntity, {
    account: em.getReference(AccountEntity, accountId),
    email: normalised,
    passwordHash: await hashPassword(password),
    role,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw Errors.conflict(`A user with email ${normalised} already exists.`, 'email');
    throw error;
  }
  return { id: user.id, email: normalised, role, password };
}
