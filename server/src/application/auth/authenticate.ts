import { apiKeyPrefix, digestsEqual, sha256 } from '../../security/secrets.js';
import type { AccountUser, AccountView } from '../accounts/account-repository.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/** last_used_at is written at most this often per key, so reads do not all become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind an API key, or null for unknown, malformed or revoked keys. */
export async function authenticateApiKey(deps: Deps, key: string): Promise<Actor | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  const stored = await deps.accounts.findApiKeyByPrefix(prefix);
  if (!stored || stored.key.revokedAt || !digestsEqual(stored.secretHash, sha256(key))) return null;
  const now = Date.now();
  const lastUsedAt = stored.key.lastUsedAt;
  if (!lastUsedAt || now - lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.accounts.recordApiKeyUse(stored.key.id, new Date(now));
  }
  return {
    ...actorIn(stored.account),
    role: stored.key.role,
    label: `api-key:${stored.key.name}`,
    apiKeyId: stored.key.id,
  };
}

/** The actor behind a console session cookie, or null when it is unknown or expired. */
export async function authenticateSession(deps: Deps, token: string): Promise<Actor | null> {
  if (token.length < 20 || token.length > 200) return null;
  const found = await deps.accounts.findSessionUser(sha256(token), new Date());
  return found && userActor(found);
}

/** The actor a console user acts as. */
export function userActor({ user, account }: AccountUser): Actor {
  return { ...actorIn(account), role: user.role, label: `user:${user.email}`, userId: user.id };
}

function actorIn(account: AccountView): Pick<Actor, 'accountId' | 'accountSlug'> {
  return { accountId: account.id, accountSlug: account.slug };
}
