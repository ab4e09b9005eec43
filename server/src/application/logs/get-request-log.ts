import { Errors } from '../../domain/errors.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { webhookStatusesVisibleTo } from '../webhooks/visibility.js';
import type { RequestLogView } from './request-log-view.js';

/** Logs stay readable after their webhook is archived; readers see only logs of active webhooks. */
export async function getRequestLog(deps: Deps, actor: Actor, id: string): Promise<RequestLogView> {
  const [log] = await getRequestLogs(deps, actor, [id]);
  if (!log) throw Errors.notFound('Request log', id);
  return log;
}

/** Logs by id, for links from events: those the caller may see, in any order. */
export async function getRequestLogs(deps: Deps, actor: Actor, ids: readonly string[]): Promise<RequestLogView[]> {
  return deps.requestLogs.findManyForAccount(actor.accountId, ids, webhookStatusesVisibleTo(actor.role));
}
