import { Errors } from '../../domain/errors.js';
import type { Role } from '../../domain/types.js';
import { generateApiKey } from '../../security/secrets.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { ApiKeyView } from './account-repository.js';

/** Issues a key; the secret is returned once and only its hash is stored. */
export async function issueApiKey(
  deps: Pick<Deps, 'accounts'>,
  accountId: string,
  name: string,
  role: Role,
): Promise<{ apiKey: ApiKeyView; secret: string }> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100)
    throw Errors.badInput('name', 'The key name must have 1 to 100 characters.');
  const generated = generateApiKey();
  const apiKey = await deps.accounts.createApiKey(accountId, {
    name: trimmed,
    prefix: generated.prefix,
    secretHash: generated.hash,
    role,
  });
  return { apiKey, secret: generated.key };
}

export async function createApiKey(deps: Deps, actor: Actor, name: string, role: Role = 'ADMIN') {
  requireAdmin(actor);
  return issueApiKey(deps, actor.accountId, name, role);
}

export async function listApiKeys(deps: Deps, actor: Actor): Promise<ApiKeyView[]> {
  requireAdmin(actor);
  return deps.accounts.listApiKeys(actor.accountId);
}

/** Revoking is immediate and final; revoking twice is harmless. */
export async function revokeApiKey(deps: Deps, actor: Actor, id: string): Promise<ApiKeyView> {
  requireAdmin(actor);
  const key = await deps.accounts.revokeApiKey(actor.accountId, id, new Date());
  // At once in this process; other instances hear it from the database (NOTIFY).
  deps.credentials.clear();
  if (!key) throw Errors.notFound('API key', id);
  return key;
}
