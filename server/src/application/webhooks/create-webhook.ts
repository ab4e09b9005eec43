import { diffWebhook } from '../../domain/webhook-history.js';
import { validateWebhookSettings } from '../../domain/webhook-validation.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import type { WebhookSettings } from '../../domain/types.js';
import { AccountEntity, WebhookEntity } from '../../persistence/entities/index.js';
import { translateWebhookWriteError } from '../../persistence/errors.js';
import { toWebhookRecord } from '../../persistence/mappers.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { recordChange } from './record-change.js';

/** Creates a webhook, always INACTIVE: it takes requests only once an admin activates it. */
export async function createWebhook(deps: Deps, actor: Actor, input: WebhookSettings): Promise<WebhookRecord> {
  requireAdmin(actor);
  const settings = validateWebhookSettings(input);
  const em = deps.orm.em.fork();
  const webhook = em.create(WebhookEntity, {
    ...settings,
    account: em.getReference(AccountEntity, actor.accountId),
    status: 'INACTIVE',
  });
  recordChange(em, webhook.id, 1, actor, 'CREATED', diffWebhook({}, { ...settings, status: 'INACTIVE' }));
  try {
    await em.flush();
  } catch (error) {
    throw translateWebhookWriteError(error, settings.endpoint);
  }
  return toWebhookRecord(webhook);
}
