import { Errors } from '../../domain/errors.js';
import type { Actor } from '../actor.js';
import { requireAdmin } from '../actor.js';
import type { Deps } from '../deps.js';
import { getRequestLog } from '../logs/get-request-log.js';
import type { RequestLogView } from '../logs/request-log-view.js';
import { replayLog } from './replay-log.js';

/** Replays one logged request now (see `replayLog`), notes it in the webhook's history, and returns the new log. */
export async function replayRequest(deps: Deps, actor: Actor, logId: string): Promise<RequestLogView> {
  requireAdmin(actor);
  if (!deps.ingestion) throw Errors.unavailable();
  const replayed = await replayLog(
    { replays: deps.replays, ingestion: deps.ingestion, secretBox: deps.secretBox },
    actor.accountId,
    logId,
    actor.label,
  );
  const log = await getRequestLog(deps, actor, replayed.logId);
  await deps.replays.recordHistory(actor.accountId, log.webhookId, {
    actor: actor.label,
    kind: 'REPLAYED',
    changes: [{ field: 'request', before: logId, after: replayed.logId }],
  });
  return log;
}
