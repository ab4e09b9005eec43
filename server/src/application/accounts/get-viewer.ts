import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { AccountView, ApiKeyView, UserView } from './account-repository.js';

export interface Viewer {
  account: AccountView;
  role: Role;
  user: UserView | null;
  apiKey: ApiKeyView | null;
}

/** Who is calling, in which account, through which user or key. */
export async function getViewer(deps: Deps, actor: Actor): Promise<Viewer> {
  const [account, user, apiKey] = await Promise.all([
    deps.accounts.findAccount(actor.accountId),
    actor.userId ? deps.accounts.findUserForAccount(actor.accountId, actor.userId) : null,
    actor.apiKeyId ? deps.accounts.findApiKeyForAccount(actor.accountId, actor.apiKeyId) : null,
  ]);
  // Credentials checked a moment ago: their account is gone only if it was deleted meanwhile.
  if (!account) throw Errors.unauthenticated();
  return { account, role: actor.role, user, apiKey };
}
