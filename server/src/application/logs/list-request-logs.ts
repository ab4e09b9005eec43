import { Errors } from '../../domain/errors.js';
import type { RequestOutcome } from '../../domain/types.js';
import { RequestLogEntity } from '../../persistence/entities/index.js';
import { fetchKeysetPage, type Page } from '../../persistence/pagination.js';
import { isUuid, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { toRequestLogView, type RequestLogView } from './request-log-view.js';

export interface RequestLogFilter {
  first?: number | null;
  after?: string | null;
  statusCode?: number | null;
  outcome?: RequestOutcome | null;
  receivedAfter?: Date | null;
  receivedBefore?: Date | null;
}

/** A webhook's requests, newest first, by keyset (indexes: webhook+received_at, +outcome, +status_code). */
export async function listRequestLogs(
  deps: Deps,
  webhookId: string,
  filter: RequestLogFilter,
): Promise<Page<RequestLogView>> {
  const qb = deps.orm.em.fork().createQueryBuilder(RequestLogEntity, 'l').where({ webhook: webhookId });
  if (filter.statusCode != null) qb.andWhere({ statusCode: filter.statusCode });
  if (filter.outcome != null) qb.andWhere({ outcome: filter.outcome });
  if (filter.receivedAfter) qb.andWhere({ receivedAt: { $gte: filter.receivedAfter } });
  if (filter.receivedBefore) qb.andWhere({ receivedAt: { $lt: filter.receivedBefore } });
  const sort = { property: 'receivedAt', column: 'l.received_at', valueOf: (l: RequestLogEntity) => l.receivedAt };
  return fetchKeysetPage(qb, sort, filter, toRequestLogView);
}

/** Logs stay readable after their webhook is archived; readers see only logs of active webhooks. */
export async function getRequestLog(deps: Deps, actor: Actor, id: string): Promise<RequestLogView> {
  const log = isUuid(id)
    ? await deps.orm.em.fork().findOne(RequestLogEntity, { id, account: actor.accountId }, { populate: ['webhook'] })
    : null;
  if (!log || (actor.role === 'READER' && log.webhook.status !== 'ACTIVE')) throw Errors.notFound('Request log', id);
  return toRequestLogView(log);
}

/** The most recent request of a webhook, for lists. */
export async function lastRequestLog(deps: Deps, webhookId: string): Promise<RequestLogView | null> {
  const [log] = await deps.orm.em
    .fork()
    .find(RequestLogEntity, { webhook: webhookId }, { orderBy: { receivedAt: 'desc', id: 'desc' }, limit: 1 });
  return log ? toRequestLogView(log) : null;
}

export async function getRequestLogOrNull(deps: Deps, actor: Actor, id: string): Promise<RequestLogView | null> {
  return getRequestLog(deps, actor, id).catch(() => null);
}
