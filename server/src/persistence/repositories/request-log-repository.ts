import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestLogRepository } from '../../application/logs/request-log-repository.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { isUuid } from '../../domain/ids.js';
import { WEBHOOK_STATUSES, type JsonObject, type JsonValue, type RequestOutcome } from '../../domain/types.js';
import { decodeCursor, emptyPage, encodeCursor, pageSize, toPage } from '../pagination.js';
import { likePattern } from './like.js';

/**
 * Reads are plain SQL into plain views: a page of logs is read-only, and hydrating ORM entities (identity map,
 * change-set snapshots) cost more than the query itself.
 */
const COLUMNS = `id, webhook_id, received_at, method, path, query, status_code, duration_ms, outcome, error_code, error,
  request_headers, request_body, body_truncated, response_body, response_headers, event_id, idempotency_key,
  duplicate_of, customer_external_id, replay_of, replayed_by`;

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
  customer_external_id: string | null;
  replay_of: string | null;
  replayed_by: string | null;
}

/**
 * The newest log of each webhook: one index descent per webhook on (webhook_id, received_at, id), however many
 * requests each has (DISTINCT ON would read them all). The account is checked on the webhooks, not in the lateral
 * read: there `account_id = ?` would let the planner walk the account's (account_id, received_at) index newest first
 * instead, reading every log of the account for a webhook that has none.
 */
const LATEST_PER_WEBHOOK = `select l.* from webhooks w
  cross join lateral (
    select ${COLUMNS} from request_logs
    where webhook_id = w.id
    order by received_at desc, id desc
    limit 1
  ) l
  where w.id = any(array[?]::uuid[]) and w.account_id = ?`;

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
      // The account is checked once on the webhook (an init plan), so that the scan stays on the webhook's index
      // (see LATEST_PER_WEBHOOK).
      and(
        'webhook_id = ? and exists (select from webhooks w where w.id = ? and w.account_id = ?)',
        webhookId,
        webhookId,
        accountId,
      );
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
      return toPage(
        found,
        limit,
        (row) => ({ at: new Date(row.received_at).toISOString(), id: row.id }),
        toRequestLogView,
      );
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

    async findLoggedForWebhooks(accountId, webhookIds, webhookStatuses, received, ids, limit) {
      const webhooks = webhookIds.filter(isUuid);
      const logs = ids?.filter(isUuid) ?? null;
      if (webhooks.length === 0 || webhookStatuses.length === 0 || logs?.length === 0) return [];
      // The received range prunes the day partitions; the account is checked once on the webhooks (an init plan).
      const found = await rows(
        `select ${COLUMNS} from request_logs
         where webhook_id = any(array(select w.id from webhooks w
             where w.id = any(array[?]::uuid[]) and w.account_id = ? and w.status = any(array[?]::text[])))
           and received_at >= ? and received_at <= ? ${logs ? 'and id = any(array[?]::uuid[])' : ''}
         order by received_at desc, id desc limit ?`,
        [webhooks, accountId, [...webhookStatuses], received.from, received.to, ...(logs ? [logs] : []), limit],
      );
      return found.map(toRequestLogView);
    },

    async searchForAccount(accountId, webhookStatuses, search, scanLimit) {
      const limit = pageSize(search.first);
      const cursor = decodeCursor(search.after);
      if (webhookStatuses.length === 0 || (search.requestId != null && !isUuid(search.requestId))) {
        return { ...emptyPage(), searchedBackTo: null };
      }
      // What the index scan is narrowed by: account (and customer), time, the cursor, an id, the visible webhooks.
      const scan: string[] = [];
      const scanValues: unknown[] = [];
      const narrow = (condition: string, ...bound: unknown[]) => {
        scan.push(condition);
        scanValues.push(...bound);
      };
      narrow('account_id = ?', accountId);
      if (search.customerId != null) narrow('customer_external_id = ?', search.customerId);
      if (search.requestId != null) narrow('id = ?', search.requestId);
      if (search.receivedAfter) narrow('received_at >= ?', search.receivedAfter);
      if (search.receivedBefore) narrow('received_at < ?', search.receivedBefore);
      if (cursor) narrow('(received_at, id) < (?, ?)', cursor.at, cursor.id);
      if (WEBHOOK_STATUSES.some((status) => !webhookStatuses.includes(status))) {
        // An init plan: evaluated once, so the scan keeps its index order (a semi-join could sort).
        narrow(
          'webhook_id = any(array(select w.id from webhooks w where w.account_id = ? and w.status = any(array[?]::text[])))',
          accountId,
          [...webhookStatuses],
        );
      }
      // What each log scanned is checked against.
      const check: string[] = [];
      const checkValues: unknown[] = [];
      if (search.outcome != null) {
        check.push('outcome = ?');
        checkValues.push(search.outcome);
      }
      if (search.statusCode != null) {
        check.push('status_code = ?');
        checkValues.push(search.statusCode);
      }
      if (search.bodyContains != null) {
        check.push('request_body ilike ?');
        checkValues.push(likePattern(search.bodyContains));
      }
      const order = 'order by received_at desc, id desc';
      const base = `from request_logs where ${scan.join(' and ')}`;
      const cursorOf = (row: { received_at: string; id: string }) => ({
        at: new Date(row.received_at).toISOString(),
        id: row.id,
      });
      if (check.length === 0 || search.requestId != null) {
        // Nothing to check row by row (or one row at most): a plain keyset page.
        const found = await rows(
          `select ${COLUMNS} ${base}${check.length ? ` and ${check.join(' and ')}` : ''} ${order} limit ${limit + 1}`,
          [...scanValues, ...checkValues],
        );
        return { ...toPage(found, limit, cursorOf, toRequestLogView), searchedBackTo: null };
      }
      const found = await rows(
        `select ${COLUMNS} from (select * ${base} ${order} limit ${scanLimit}) l
         where ${check.join(' and ')} ${order} limit ${limit + 1}`,
        [...scanValues, ...checkValues],
      );
      if (found.length > limit) return { ...toPage(found, limit, cursorOf, toRequestLogView), searchedBackTo: null };
      // Fewer than a page: either nothing more matches, or the scan limit ended the page. The last log a full scan
      // examines says which, and where the next page continues.
      const [last] = await orm.em
        .getConnection()
        .execute<{ id: string; received_at: string }[]>(
          `select id, received_at ${base} ${order} offset ${scanLimit - 1} limit 1`,
          scanValues,
        );
      if (!last) return { ...toPage(found, limit, cursorOf, toRequestLogView), searchedBackTo: null };
      return {
        nodes: found.map(toRequestLogView),
        pageInfo: { hasNextPage: true, endCursor: encodeCursor(cursorOf(last)) },
        searchedBackTo: new Date(last.received_at),
      };
    },

    async findFilterChangedAfter(accountId, webhookId, at) {
      if (!isUuid(webhookId)) return null;
      const [change] = await orm.em.getConnection().execute<{ filter: JsonValue }[]>(
        `select (select e -> 'before' from jsonb_array_elements(c.changes) e where e ->> 'field' = 'filter' limit 1) as filter
         from webhook_changes c join webhooks w on w.id = c.webhook_id
         where c.webhook_id = ? and w.account_id = ? and c.changed_at > ?
           and c.changes @> '[{"field":"filter"}]'::jsonb
         order by c.changed_at asc limit 1`,
        [webhookId, accountId, at],
      );
      return change ? { filter: change.filter } : null;
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
    replayOfId: row.replay_of,
    replayedBy: row.replayed_by,
    customerExternalId: row.customer_external_id,
  };
}
