import { Errors } from '../../domain/errors.js';
import type { Deps } from '../deps.js';
import type { AccountView } from './account-repository.js';

/** Operator task (CLI): the account an ingestion URL's `{account}` names. */
export async function findAccountBySlug(deps: Pick<Deps, 'accounts'>, slug: string): Promise<AccountView> {
  const account = await deps.accounts.findAccountBySlug(slug);
  if (!account) throw Errors.notFound('Account', slug);
  return account;
}
