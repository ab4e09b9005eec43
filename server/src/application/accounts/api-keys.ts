import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import { AccountEntity, ApiKeyEntity } from '../../persistence/entities/index.js';
import { generateApiKey } from '../../security/secrets.js';
import { isUuid, requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toView(k: ApiKeyEntity): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}

/** Issues a key; the secret is returned once and only its hash is stored. */
export async function issueApiKey(
  deps: Deps,
  accountId: string,
  name: string,
  role: Role,
): Promise<{ apiKey: ApiKeyView; secret: string }> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100)
    throw Errors.badInput('name', 'The key name must have 1 to 100 characters.');
  const em = deps.orm.em.fork();
  const generated = generateApiKey();
  const key = em.create(ApiKeyEntity, {
    account: em.getReference(AccountEntity, accountId),
    name: trimmed,
    prefix: generated.prefix,
    secretHash: generated.hash,
    role,
  });
  await em.flush();
  return { apiKey: toView(key), secret: generated.key };
}

export async function createApiKey(deps: Deps, actor: Actor, name: string, role: Role = 'ADMIN') {
  requireAdmin(actor);
  return issueApiKey(deps, actor.accountId, name, role);
}

export async function listApiKeys(deps: Deps, actor: Actor): Promise<ApiKeyView[]> {
  requireAdmin(actor);
  const keys = await deps.orm.em
    .fork()
    .find(ApiKeyEntity, { account: actor.accountId }, { orderBy: { createdAt: 'desc' } });
  return keys.map(toView);
}

/** Revoking is immediate and final; revoking twice is harmless. */
export async function revokeApiKey(deps: Deps, actor: Actor, id: string): Promise<ApiKeyView> {
  requireAdmin(actor);
  const em = deps.orm.em.fork();
  const key = isUuid(id) ? await em.findOne(ApiKeyEntity, { id, account: actor.accountId }) : null;
  if (!key) throw Errors.notFound('API key', id);
  if (!key.revokedAt) {
    key.revokedAt = new Date();
    await em.flush();
  }
  return toView(key);
}
