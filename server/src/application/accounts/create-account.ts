import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Errors } from '../../domain/errors.js';
import { AccountEntity } from '../../persistence/entities/index.js';
import type { Deps } from '../deps.js';

export const ACCOUNT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export interface AccountView {
  id: string;
  slug: string;
  name: string;
}

/** Operator task (CLI): a new tenant. The slug is the `{account}` of ingestion URLs. */
export async function createAccount(deps: Deps, slug: string, name?: string | null): Promise<AccountView> {
  if (!ACCOUNT_SLUG_PATTERN.test(slug)) {
    throw Errors.badInput(
      'slug',
      `"${slug}" is not a valid account slug: use 2 to 63 lower-case letters, digits or "-".`,
    );
  }
  const em = deps.orm.em.fork();
  const account = em.create(AccountEntity, { slug, name: name?.trim() || slug });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw Errors.conflict(`The account "${slug}" already exists.`, 'slug');
    throw error;
  }
  return { id: account.id, slug: account.slug, name: account.name };
}

export async function findAccountBySlug(deps: Deps, slug: string): Promise<AccountView> {
  const account = await deps.orm.em.fork().findOne(AccountEntity, { slug });
  if (!account) throw Errors.notFound('Account', slug);
  return { id: account.id, slug: account.slug, name: account.name };
}
