import { randomUUID } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { LogSelection, ReplayJobView } from './ports.js';

/**
 * Starts a bulk replay of every log `selection` matches among those received until now (replays made by the job
 * come later, so it never takes its own). The job is stored and run in the background by whichever instance claims
 * it (`ReplayRunner`); this instance is woken at once.
 */
export async function replayRequests(deps: Deps, actor: Actor, selection: LogSelection): Promise<ReplayJobView> {
  requireAdmin(actor);
  if (!isUuid(selection.webhookId)) throw Errors.notFound('Webhook', selection.webhookId);
  const webhook = await deps.webhooks.findForAccount(actor.accountId, selection.webhookId);
  if (!webhook) throw Errors.notFound('Webhook', selection.webhookId);
  if (webhook.status !== 'ACTIVE')
    throw Errors.invalidTransition(
      webhook.status === 'ARCHIVED'
        ? 'The webhook is archived; its requests cannot be replayed.'
        : 'The webhook is inactive; activate it to replay its requests.',
    );
  if (selection.receivedAfter && selection.receivedBefore && selection.receivedAfter > selection.receivedBefore)
    throw Errors.badInput('selection.receivedBefore', 'receivedBefore must not be earlier than receivedAfter.');
  const createdAt = new Date();
  const total = await deps.replays.countSelection(actor.accountId, selection, createdAt);
  const job = await deps.replays.createJob({
    id: randomUUID(),
    accountId: actor.accountId,
    selection,
    total,
    createdBy: actor.label,
    createdAt,
  });
  await deps.replays.recordHistory(actor.accountId, selection.webhookId, {
    actor: actor.label,
    kind: 'REPLAY_STARTED',
    changes: [{ field: 'replayJob', before: null, after: { id: job.id, total } }],
  });
  deps.replayJobsChanged?.();
  return job;
}

/** How many logs `replayRequests` would take with this selection now (the console's confirmation says it). */
export async function countReplaySelection(deps: Deps, actor: Actor, selection: LogSelection): Promise<number> {
  if (!isUuid(selection.webhookId)) throw Errors.notFound('Webhook', selection.webhookId);
  const webhook = await deps.webhooks.findForAccount(actor.accountId, selection.webhookId);
  if (!webhook) throw Errors.notFound('Webhook', selection.webhookId);
  return deps.replays.countSelection(actor.accountId, selection, new Date());
}

export async function getReplayJob(deps: Deps, actor: Actor, id: string): Promise<ReplayJobView | null> {
  if (!isUuid(id)) return null;
  return deps.replays.findJob(actor.accountId, id);
}

/** Stops a bulk replay: the chunk in progress finishes, no further one starts. A finished job is left as it is. */
export async function cancelReplayJob(deps: Deps, actor: Actor, id: string): Promise<ReplayJobView> {
  requireAdmin(actor);
  const job = isUuid(id) ? await deps.replays.cancelJob(actor.accountId, id) : null;
  if (!job) throw Errors.notFound('Replay job', id);
  return job;
}
