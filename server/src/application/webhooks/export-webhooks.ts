import { Errors } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/types.js';
import { webhookDocument } from '../../domain/webhook-document.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { isVisibleTo } from './visibility.js';

/**
 * The account's webhooks as a versioned JSON document (domain/webhook-document.ts): every one that is not archived
 * when `ids` is null, else those given (NOT_FOUND for one not in the account). Secrets never travel: sender secrets
 * are counted, secret filter values replaced by a placeholder. Readers may export what they may read: active
 * webhooks only (another one is NOT_FOUND to them, as in `webhook`).
 */
export async function exportWebhooks(
  deps: Pick<Deps, 'webhooks'>,
  actor: Actor,
  ids?: readonly string[] | null,
  now = new Date(),
): Promise<JsonObject> {
  const webhooks = ids == null ? await allLive(deps, actor) : await chosen(deps, actor, ids);
  const secrets = await deps.webhooks.listLiveSecrets(
    actor.accountId,
    webhooks.map((webhook) => webhook.id),
    now,
  );
  const liveSecrets = (id: string) => secrets.filter((secret) => secret.webhookId === id).length;
  return webhookDocument({
    account: actor.accountSlug,
    exportedAt: now,
    webhooks: webhooks.map((webhook) => ({ ...webhook, liveSecrets: liveSecrets(webhook.id) })),
  });
}

async function allLive(deps: Pick<Deps, 'webhooks'>, actor: Actor): Promise<WebhookRecord[]> {
  const live = await deps.webhooks.listLiveForAccount(actor.accountId);
  return live.filter((webhook) => isVisibleTo(actor.role, webhook));
}

async function chosen(deps: Pick<Deps, 'webhooks'>, actor: Actor, ids: readonly string[]): Promise<WebhookRecord[]> {
  const unique = [...new Set(ids)];
  const found = new Map(
    (await deps.webhooks.findManyForAccount(actor.accountId, unique)).map((webhook) => [webhook.id, webhook]),
  );
  return unique.map((id) => {
    const webhook = found.get(id);
    if (!webhook || !isVisibleTo(actor.role, webhook)) throw Errors.notFound('Webhook', id);
    if (webhook.status === 'ARCHIVED') {
      throw Errors.badInput(
        `ids.${ids.indexOf(id)}`,
        `The webhook "${webhook.name}" is archived: an archived webhook is final and not part of a configuration, so it is not exported.`,
      );
    }
    return webhook;
  });
}
