import type { Role } from '../../domain/types.js';
import { AccountEntity, AdminUserEntity, ApiKeyEntity, SessionEntity } from '../../persistence/entities/index.js';
import { apiKeyPrefix, digestsEqual, sha256 } from '../../security/secrets.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/** last_used_at is written at most this often per key, so reads do not all become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind an API key, or null for unknown, malformed or revoked keys. */
export async function authenticateApiKey(deps: Deps, key: string): Promise<Actor | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  const em = deps.orm.em.fork();
  const record = await em.findOne(ApiKeyEntity, { prefix }, { populate: ['account'] });
  if (!record || record.revokedAt || !digestsEqual(record.secretHash, sha256(key))) return null;
  const now = Date.now();
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ApiKeyEntity, { id: record.id }, { lastUsedAt: new Date(now) });
  }
  return actorOf(record.account, record.role, `api-key:${record.name}`, { apiKeyId: record.id });
}

/** The actor behind a console session cookie, or null when it is unknown or expired. */
export async function authenticateSession(deps: Deps, token: string): Promise<Actor | null> {
  if (token.length < 20 || token.length > 200) return null;
  const em = deps.orm.em.fork();
  const session = await em.findOne(
    SessionEntity,
    { tokenHash: sha256(token), expiresAt: { $gt: new Date() } },
    { populate: ['user', 'user.account'] },
  );
  if (!session) return null;
  const user: AdminUserEntity = session.user;
  return actorOf(user.account, user.role, `user:${user.email}`, { userId: user.id });
}

function actorOf(account: AccountEntity, role: Role, label: string, extra: Partial<Actor>): Actor {
  return { accountId: account.id, accountSlug: account.slug, role, label, ...extra };
}
