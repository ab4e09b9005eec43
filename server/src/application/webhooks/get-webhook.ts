import { Errors } from '../../domain/errors.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { toWebhookRecord } from '../../persistence/mappers.js';
import { findWebhookForAccount } from '../../persistence/webhook-repository.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/** One webhook of the caller's account. Readers see active webhooks only, like the Display API. */
export async function getWebhook(deps: Deps, actor: Actor, id: string): Promise<WebhookRecord> {
  const webhook = await findWebhookForAccount(deps.orm.em.fork(), actor.accountId, id);
  if (!webhook || (actor.role === 'READER' && webhook.status !== 'ACTIVE')) throw Errors.notFound('Webhook', id);
  return toWebhookRecord(webhook);
}

/** For links from logs and events: archived webhooks stay visible there; readers still see active ones only. */
export async function getWebhookIncludingArchived(deps: Deps, actor: Actor, id: string): Promise<WebhookRecord | null> {
  const webhook = await findWebhookForAccount(deps.orm.em.fork(), actor.accountId, id);
  if (!webhook || (actor.role === 'READER' && webhook.status !== 'ACTIVE')) return null;
  return toWebhookRecord(webhook);
}
