import type { LiveSecret } from '../../security/verification/index.js';
import type { WebhookSecretSummary } from '../../domain/webhook-secrets.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { WebhookSecretOf } from './webhook-repository.js';

/**
 * The live secrets of webhooks the caller has already resolved (a page of them): hints and dates only, newest
 * first. Readers see them too: a hint tells which secret is in use and gives nothing away.
 */
export async function liveSecretsOf(
  deps: Deps,
  actor: Actor,
  webhookIds: readonly string[],
  now = new Date(),
): Promise<WebhookSecretOf[]> {
  return deps.webhooks.listLiveSecrets(actor.accountId, webhookIds, now);
}

/** Strips the webhook id: what the API shows of one secret. */
export function secretSummary({ id, hint, createdAt, expiresAt }: WebhookSecretOf): WebhookSecretSummary {
  return { id, hint, createdAt, expiresAt };
}

/**
 * A webhook's live secrets, opened, newest first: what a use case needs to verify or sign a sample server-side (the
 * dry run). The values never leave the server.
 */
export async function liveSecretValues(
  deps: Deps,
  accountId: string,
  webhookId: string,
  now = new Date(),
): Promise<LiveSecret[]> {
  const sealed = await deps.webhooks.findLiveSealedSecrets(accountId, webhookId, now);
  return sealed.map(({ id, sealed: text }) => ({ id, value: deps.secretBox.open(text) }));
}
