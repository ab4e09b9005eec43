import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestLogRepository } from '../../application/logs/request-log-repository.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { isUuid } from '../../domain/ids.js';
import type { JsonObject, RequestOutcome } from '../../domain/types.js';
import { decodeCursor, emptyPage, pageSize, toPage } from '../pagination.js';

/**
 * Reads are plain SQL into plain views: a page of logs is read-only, and hydrating ORM entities (identity map,
 * change-set snapshots) cost more than the query itself.
 */
const COLUMNS = `id, webhook_id, received_at, method, path, query, status_code, duration_ms, outcome, error_code, error,
  request_headers, request_body, body_truncated, response_body, response_headers, event_id, idempotency_key,
  duplicate_of`;

/**
 * A request_logs row as the driver returns it: jsonb as objects, timestamptz as PostgreSQL's text (MikroORM's
 * connection keeps dates as text; its entities parse them, and so does `toRequestLogView`).
 */
interface LogRow {
  id: string;
  webhook_id: string;
  received_at: string;
  method: string;
  path: string;
  query: string | null;
  status_code: number;
  duration_ms: number;
  outcome: RequestOutcome;
  error_code: string | null;
  error: string | null;
  request_headers: JsonObject;
  request_body: string | null;
  body_truncated: boolean;
  response_body: string;
  response_headers: JsonObject;
  event_id: string | null;
  idempotency_key: string | null;
  duplicate_of: string | null;
}

/**
 * The newest log of each webhook: one index descent per webhook on (webhook_id, received_at, id), however many
 * requests each has (DISTINCT ON would read them all).
 */
const LATEST_PER_WEBHOOK = `select l.* from unnest(array[?]::uuid[]) as w(id)
  cross join lateral (
    select ${COLUMNS} from request_logs
    where webhook_id = w.id and account_id = ?
    order by received_at desc, id desc
    limit 1
  ) l`;

export function requestLogRepository(orm: MikroORM): RequestLogRepository {
  const rows = (sql: string, values: unknown[]): Promise<LogRow[]> => orm.em.getConnection().execute(sql, values);
  return {
    async listForWebhook(accountId, webhookId, filter) {
      if (!isUuid(webhookId)) return emptyPage();
      const limit = pageSize(filter.first);
      const cursor = decodeCursor(filter.after);
      const where: string[] = [];
      const values: unknown[] = [];
      const and = (condition: string, ...bound: unknown[]) => {
        where.push(condition);
        values.push(...bound);
      };
      and('webhook_id = ? and account_id = ?', webhookId, accountId);
      if (filter.statusCode != null) and('status_code = ?', filter.statusCode);
      if (filter.outcome != null) and('outcome = ?', filter.outcome);
      if (filter.receivedAfter) and('received_at >= ?', filter.receivedAfter);
      if (filter.receivedBefore) and('received_at < ?', filter.receivedBefore);
      if (cursor) and('(received_at, id) < (?, ?)', cursor.at, cursor.id);
      const found = await rows(
        `select ${COLUMNS} from request_logs where ${where.join(' and ')}
         order by received_at desc, id desc limit ${limit + 1}`,
        values,
      );
      return toPage(found, limit, (row) => ({ at: new Date(row.received_at).toISOString(), id: row.id }), toRequestLogView);
    },

    async findManyForAccount(accountId, ids, webhookStatuses) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0 || webhookStatuses.length === 0) return [];
      const found = await rows(
        `select ${COLUMNS} from request_logs l
         where l.id = any(array[?]::uuid[]) and l.account_id = ?
           and exists (select from webhooks w where w.id = l.webhook_id and w.status = any(array[?]::text[]))`,
        [valid, accountId, [...webhookStatuses]],
      );
      return found.map(toRequestLogView);
    },

    async findLatestForWebhooks(accountId, webhookIds) {
      const valid = webhookIds.filter(isUuid);
      if (valid.length === 0) return [];
      return (await rows(LATEST_PER_WEBHOOK, [valid, accountId])).map(toRequestLogView);
    },
  };
}

function toRequestLogView(row: LogRow): RequestLogView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    receivedAt: new Date(row.received_at),
    method: row.method,
    path: row.path,
    query: row.query,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    errorCode: row.error_code,
    error: row.error,
    requestHeaders: row.request_headers,
    requestBody: row.request_body,
    bodyTruncated: row.body_truncated,
    responseBody: row.response_body,
    responseHeaders: row.response_headers,
    eventId: row.event_id,
    idempotencyKey: row.idempotency_key,
    duplicateOfId: row.duplicate_of,
  };
}
