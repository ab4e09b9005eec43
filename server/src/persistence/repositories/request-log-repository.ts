import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestLogRepository } from '../../application/logs/request-log-repository.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { isUuid } from '../../domain/ids.js';
import { RequestLogEntity } from '../entities/index.js';
import { emptyPage, fetchKeysetPage } from '../pagination.js';

/**
 * The newest log of each webhook: one index descent per webhook on (webhook_id, received_at, id), however many
 * requests each has (DISTINCT ON would read them all).
 */
const LATEST_PER_WEBHOOK = `select l.* from unnest(array[?]::uuid[]) as w(id)
  cross join lateral (
    select * from request_logs
    where webhook_id = w.id and account_id = ?
    order by received_at desc, id desc
    limit 1
  ) l`;

export function requestLogRepository(orm: MikroORM): RequestLogRepository {
  return {
    async listForWebhook(accountId, webhookId, filter) {
      if (!isUuid(webhookId)) return emptyPage();
      const qb = orm.em
        .fork()
        .createQueryBuilder(RequestLogEntity, 'l')
        .where({ webhook: webhookId, account: accountId });
      if (filter.statusCode != null) qb.andWhere({ statusCode: filter.statusCode });
      if (filter.outcome != null) qb.andWhere({ outcome: filter.outcome });
      if (filter.receivedAfter) qb.andWhere({ receivedAt: { $gte: filter.receivedAfter } });
      if (filter.receivedBefore) qb.andWhere({ receivedAt: { $lt: filter.receivedBefore } });
      const sort = { property: 'receivedAt', column: 'l.received_at', valueOf: (l: RequestLogEntity) => l.receivedAt };
      return fetchKeysetPage(qb, sort, filter, toRequestLogView);
    },

    async findManyForAccount(accountId, ids, webhookStatuses) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0 || webhookStatuses.length === 0) return [];
      const logs = await orm.em.fork().find(RequestLogEntity, {
        id: { $in: valid },
        account: accountId,
        webhook: { status: { $in: [...webhookStatuses] } },
      });
      return logs.map(toRequestLogView);
    },

    async findLatestForWebhooks(accountId, webhookIds) {
      const valid = webhookIds.filter(isUuid);
      if (valid.length === 0) return [];
      const em = orm.em.fork();
      const rows = await em.getConnection().execute(LATEST_PER_WEBHOOK, [valid, accountId]);
      return rows.map((row: Record<string, unknown>) => toRequestLogView(em.map(RequestLogEntity, row)));
    },
  };
}

function toRequestLogView(log: RequestLogEntity): RequestLogView {
  return {
    id: log.id,
    webhookId: log.webhook.id,
    receivedAt: log.receivedAt,
    method: log.method,
    path: log.path,
    query: log.query,
    statusCode: log.statusCode,
    durationMs: log.durationMs,
    outcome: log.outcome,
    errorCode: log.errorCode,
    error: log.error,
    requestHeaders: log.requestHeaders,
    requestBody: log.requestBody,
    bodyTruncated: log.bodyTruncated,
    responseBody: log.responseBody,
    responseHeaders: log.responseHeaders,
    eventId: log.eventId,
    idempotencyKey: log.idempotencyKey,
    duplicateOfId: log.duplicateOf,
  };
}
