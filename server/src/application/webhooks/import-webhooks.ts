import { matchesConditionCount } from '@intake/rules';
import { Errors } from '../../domain/errors.js';
import { ACCOUNT_LIMITS } from '../../domain/limits.js';
import { planWebhookImport, type ImportTarget, type PlannedChange } from '../../domain/webhook-import-plan.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { MAX_LIVE_WEBHOOKS } from './create-webhook.js';
import type { WebhookBatch } from './webhook-repository.js';

export type ImportChangeKind = 'CREATE' | 'UPDATE' | 'UNCHANGED';

/** One webhook of the document and what the import does (or, in a dry run, would do) to it. */
export interface ImportChangeView {
  endpoint: string;
  kind: ImportChangeKind;
  /** The settings (and status) set or changed; empty when unchanged. Never a value. */
  fields: string[];
  notes: string[];
  /** The webhook changed or kept; null for a creation in a dry run. */
  webhookId: string | null;
}

export interface ImportPlanView {
  applied: boolean;
  changes: ImportChangeView[];
}

/**
 * Makes the account's webhooks what a webhooks document (exportWebhooks) says, matched by endpoint among those
 * that are not archived. The whole document is validated first — every webhook through the checks of
 * createWebhook/updateWebhook — and refused as a whole (BAD_USER_INPUT, every problem at its path in the document)
 * before anything is written; so are the account's limits (LIMIT_REACHED). A dry run stops there and returns the
 * plan. Otherwise the plan is written in one transaction: every creation and update, each with an IMPORTED entry in
 * its history, or nothing (CONFLICT when a webhook changed meanwhile: run the import again). Webhooks the document
 * does not name are left alone. Secrets are never in a document: existing ones are kept, new webhooks have none.
 */
export async function importWebhooks(
  deps: Pick<Deps, 'webhooks' | 'webhookChanged'>,
  actor: Actor,
  document: unknown,
  options: { dryRun?: boolean | null } = {},
  now = new Date(),
): Promise<ImportPlanView> {
  requireAdmin(actor);
  const live = await deps.webhooks.listLiveForAccount(actor.accountId);
  const secrets = await deps.webhooks.listLiveSecrets(
    actor.accountId,
    live.map((webhook) => webhook.id),
    now,
  );
  const targets: ImportTarget[] = live.map((webhook) => ({
    ...webhook,
    liveSecrets: secrets.filter((secret) => secret.webhookId === webhook.id).length,
  }));
  const plan = planWebhookImport(document, targets);
  assertWithinLimits(plan, targets);

  const view = (createdIds: string[] | null): ImportPlanView => {
    let created = 0;
    return {
      applied: createdIds !== null,
      changes: plan.map((change) => ({
        endpoint: change.endpoint,
        kind: change.kind,
        fields: change.kind === 'UNCHANGED' ? [] : change.changes.map((c) => c.field),
        notes: change.notes,
        webhookId: change.kind === 'CREATE' ? (createdIds?.[created++] ?? null) : change.target.id,
      })),
    };
  };
  if (options.dryRun) return view(null);

  const batch = batchOf(plan, actor, now);
  if (batch.creates.length === 0 && batch.updates.length === 0) return view([]);
  const created = await deps.webhooks.applyBatch(actor.accountId, batch);
  if (created === null) {
    throw Errors.conflict(
      'A webhook of the document was changed meanwhile: nothing was imported. Run the import again (a dry run shows the new plan).',
    );
  }
  for (const webhook of created) deps.webhookChanged(webhook.id);
  for (const write of batch.updates) deps.webhookChanged(write.id);
  return view(created.map((webhook) => webhook.id));
}

function batchOf(plan: PlannedChange[], actor: Actor, now: Date): WebhookBatch {
  const batch: WebhookBatch = { creates: [], updates: [] };
  for (const change of plan) {
    if (change.kind === 'CREATE') {
      batch.creates.push({
        settings: change.settings,
        status: change.status,
        entry: { actor: actor.label, kind: 'IMPORTED', changes: change.changes },
      });
    } else if (change.kind === 'UPDATE') {
      const { target } = change;
      batch.updates.push({
        id: target.id,
        version: target.version,
        // As it was planned against: a status changed meanwhile makes the write stale too.
        statuses: [target.status],
        set: change.status === target.status ? change.settings : { ...change.settings, status: change.status },
        updatedAt: now,
        entry: { actor: actor.label, kind: 'IMPORTED', changes: change.changes },
      });
    }
  }
  return batch;
}

/**
 * The account's limits over the result: at most MAX_LIVE_WEBHOOKS webhooks that are not archived, and
 * ACCOUNT_LIMITS.matchesConditions MATCHES conditions over them — checked only when the import adds some, as an
 * update of one webhook is. Like createWebhook's checks, they run before the write, not inside its transaction.
 */
function assertWithinLimits(plan: PlannedChange[], targets: ImportTarget[]): void {
  const creates = plan.filter((change) => change.kind === 'CREATE').length;
  if (targets.length + creates > MAX_LIVE_WEBHOOKS) {
    throw Errors.limitReached(
      `An account has at most ${MAX_LIVE_WEBHOOKS} webhooks that are not archived: it has ${targets.length}, and the document would create ${creates}. Archive unused ones first.`,
      'document.webhooks',
    );
  }
  const before = targets.reduce((sum, target) => sum + matchesConditionCount(target.filter), 0);
  let added = 0;
  for (const change of plan) {
    if (change.kind === 'CREATE') added += matchesConditionCount(change.settings.filter);
    if (change.kind === 'UPDATE')
      added += matchesConditionCount(change.settings.filter) - matchesConditionCount(change.target.filter);
  }
  const limit = ACCOUNT_LIMITS.matchesConditions;
  if (added > 0 && before + added > limit) {
    throw Errors.limitReached(
      `An account has at most ${limit} MATCHES conditions in webhooks that are not archived; they hold ${before}, and the document would add ${added}. Remove some, or archive webhooks you no longer use.`,
      'document.webhooks',
    );
  }
}
