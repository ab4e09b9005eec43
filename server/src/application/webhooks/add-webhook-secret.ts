import { randomUUID } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import { transition } from '../../domain/lifecycle.js';
import { secretsChange } from '../../domain/webhook-history.js';
import {
  ROTATION_GRACE_SECONDS,
  rotate,
  rotationGraceProblem,
  type WebhookSecretSummary,
} from '../../domain/webhook-secrets.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { generateSecret, secretHint, secretValueProblem } from '../../security/verification/index.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';

export interface AddWebhookSecretInput {
  /** The value to use; absent = generated in the form the scheme's sender expects. */
  secret?: string | null;
  /** How long the secrets live until now keep verifying (default 86400; 0 = they stop at once). */
  expirePreviousInSeconds?: number | null;
}

export interface AddedWebhookSecret {
  /** The value, returned this once: only its hint is ever shown again. */
  secret: string;
  webhook: WebhookRecord;
}

/**
 * Adds a secret to a webhook that verifies its senders: given (and checked for the scheme) or generated, sealed
 * before it is stored. The secrets live until now expire after the grace period, so a sender can switch without
 * a moment where neither secret works. The version goes up and the history records the hint and the expiries,
 * never the value; ingestion caches reload at once.
 */
export async function addWebhookSecret(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  input: AddWebhookSecretInput,
): Promise<AddedWebhookSecret> {
  requireAdmin(actor);
  const grace = input.expirePreviousInSeconds ?? ROTATION_GRACE_SECONDS.default;
  const graceProblem = rotationGraceProblem(grace);
  if (graceProblem) throw Errors.badInput('expirePreviousInSeconds', graceProblem);
  const webhook = await deps.webhooks.findForAccount(actor.accountId, webhookId);
  if (!webhook) throw Errors.notFound('Webhook', webhookId);
  transition(webhook.status, 'EDIT');
  const scheme = webhook.verification.scheme;
  if (scheme === 'NONE') {
    throw Errors.badInput(
      'id',
      'This webhook verifies no sender (scheme NONE), so a secret would not be used: choose a verification scheme first (updateWebhook).',
    );
  }
  const value = input.secret ?? generateSecret(scheme);
  if (input.secret != null) {
    const problem = secretValueProblem(scheme, input.secret);
    if (problem) throw Errors.badInput('secret', problem);
  }

  const now = new Date();
  const live = await deps.webhooks.listLiveSecrets(actor.accountId, [webhook.id], now);
  const added: WebhookSecretSummary = { id: randomUUID(), hint: secretHint(value), createdAt: now, expiresAt: null };
  const graceEnd = new Date(now.getTime() + grace * 1000);
  const written = await deps.webhooks.updateIfUnchanged(actor.accountId, {
    id: webhook.id,
    version: webhook.version,
    statuses: ['INACTIVE', 'ACTIVE'],
    set: {},
    updatedAt: now,
    secrets: {
      kind: 'add',
      secret: { id: added.id, sealed: deps.secretBox.seal(value), hint: added.hint, createdAt: now },
      expireOthersAt: graceEnd,
    },
    entry: { actor: actor.label, kind: 'SECRET_ADDED', changes: [secretsChange(live, rotate(live, added, graceEnd))] },
  });
  if (!written) throw Errors.conflict('The webhook was changed meanwhile; reload it and try again.');
  deps.webhookChanged(webhook.id);
  return { secret: value, webhook: { ...webhook, version: webhook.version + 1, updatedAt: now } };
}
