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
  const digest = sha256(key);
  const now = Date.now();
  const cached = deps.credentials.get(digest, now);
  if (cached) {
    if (cached.lastUsedAt === null || now - cached.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      cached.lastUsedAt = now;
      await deps.accounts.recordApiKeyUse(cached.actor.apiKeyId!, new Date(now));
    }
    return cached.actor;
  }
  const stored = await deps.accounts.findApiKeyByPrefix(prefix);
  if (!stored || stored.key.revokedAt || !digestsEqual(stored.secretHash, digest)) return null;
  let lastUsedAt = stored.key.lastUsedAt?.getTime() ?? null;
  if (lastUsedAt === null || now - lastUsedAt > LAST_USED_RESOLUTION_MS) {
    await deps.accounts.recordApiKeyUse(stored.key.id, new Date(now));
    lastUsedAt = now;
  }
  const actor: Actor = {
    ...actorIn(stored.account),
    role: stored.key.role,
    label: `api-key:${stored.key.name}`,
    apiKeyId: stored.key.id,
  };
  deps.credentials.remember(digest, actor, lastUsedAt, now);
  return actor;
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
