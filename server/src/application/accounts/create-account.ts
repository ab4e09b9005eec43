import { Errors } from '../../domain/errors.js';
import type { Deps } from '../deps.js';
import type { AccountView } from './account-repository.js';

export const ACCOUNT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Operator task (CLI): a new tenant. The slug is the `{account}` of ingestion URLs. */
export async function createAccount(
  deps: Pick<Deps, 'accounts'>,
  slug: string,
  name?: string | null,
): Promise<AccountView> {
  if (!ACCOUNT_SLUG_PATTERN.test(slug)) {
    throw Errors.badInput(
      'slug',
      `"${slug}" is not a valid account slug: use 2 to 63 lower-case letters, digits or "-".`,
    );
  }
  return deps.accounts.createAccount({ slug, name: name?.trim() || slug });
}
