import { Errors } from '../../domain/errors.js';
import type { NewWebhookSettings } from '../../domain/types.js';
import { diffWebhook } from '../../domain/webhook-history.js';
import { validateWebhookSettings } from '../../domain/webhook-validation.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { assertRoomForMatches } from './matches-limit.js';

/** Webhooks an account may have that are not archived: each is cached, listed and matched by every instance. */
export const MAX_LIVE_WEBHOOKS = 1_000;

/**
 * Creates a webhook, always INACTIVE: it takes requests only once an admin activates it. Without `verification` its
 * scheme is NONE; a verifying scheme needs a secret (addWebhookSecret) before activation.
 */
export async function createWebhook(deps: Deps, actor: Actor, input: NewWebhookSettings): Promise<WebhookRecord> {
  requireAdmin(actor);
  const webhook = { ...validateWebhookSettings(input), status: 'INACTIVE' as const };
  // Checked before the write, not in its transaction: two creations at the limit at once may both pass (once).
  if ((await deps.webhooks.countLive(actor.accountId)) >= MAX_LIVE_WEBHOOKS) {
    throw Errors.limitReached(
      `An account has at most ${MAX_LIVE_WEBHOOKS} webhooks that are not archived: archive unused ones first.`,
    );
  }
  await assertRoomForMatches(deps, actor.accountId, webhook.filter);
  const created = await deps.webhooks.create(actor.accountId, webhook, {
    actor: actor.label,
    kind: 'CREATED',
    changes: diffWebhook({}, webhook),
  });
  // Its address may be cached as "nothing here".
  deps.webhookChanged(created.id);
  return created;
}
