import type { QueryConfig } from 'pg';
import type {
  Enrolment,
  EventFields,
  LogFields,
  LoggedResponse,
  MemberVerdict,
  StoredResult,
  WebhookRouteRow,
  WriteJob,
} from '../../application/ingestion/ports.js';
import { MAX_BALANCE } from '../../domain/event-rules.js';
import { INGESTION_LIMITS } from '../../domain/limits.js';

/**
 * The ingestion hot path's SQL, and how requests become its parameters and its rows become results. Every
 * request is ONE row of ONE statement, so that concurrent requests can be committed together (group commit):
 *
 * - `writeBatch` takes requests' logs alone (rejections without an event) and events for existing members. It
 *   locks the members (`FOR UPDATE`, in key order; across processes, requests for one member queue on that lock
 *   and each sees the latest balance), checks each balance, inserts the events (a duplicate checkout_accept is
 *   skipped by the partial unique index), updates the members whose event went in, and inserts every request
 *   log with the status, body and reason its outcome selects.
 * - An opt_in (`enrolMember`) upserts the member, inserts the event and the log, in one statement of its own.
 *
 * Statements are named, so each pooled connection parses them once.
 */

const LOG_COLUMNS = `id, account_id, webhook_id, received_at, method, path, query, request_headers, request_body,
  body_truncated, duration_ms, status_code, response_body, response_headers, outcome, error_code, error, event_id`;

const INSERT_LOG = `INSERT INTO request_logs (${LOG_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, NULL)`;

/**
 * A text of a chosen answer: a JSON string as it is, or a `{before, after}` template completed with the
 * balance the statement read (`AnswerText`).
 */
const answerText = (field: string) => `CASE WHEN jsonb_typeof(v -> '${field}') = 'object'
      THEN (v -> '${field}' ->> 'before') || balance || (v -> '${field}' ->> 'after') ELSE v ->> '${field}' END`;

/**
 * Writes a batch of requests in one statement, hence one transaction and one commit. $1 is a JSON array of
 * jobs; a job without `external_id` only logs (its one variant is LOGGED); a job with one locks its member,
 * checks the balance, inserts its event (a duplicate checkout_accept is skipped by ON CONFLICT on the partial
 * unique index), updates the member when the event went in, and logs the response its verdict selects among
 * `variants`. A batch never holds two jobs for one member, and members are locked in (account, external id)
 * order, so concurrent batches cannot deadlock.
 */
const WRITE_BATCH = `
WITH j AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS j(
    idx int, log_id uuid, account_id uuid, webhook_id uuid, received_at timestamptz, method text, path text,
    query text, request_headers jsonb, request_body text, body_truncated boolean, duration_ms float8,
    external_id text, delta numeric, event_id uuid, action text, data jsonb, transaction_id text,
    email text, first_name text, last_name text, opted_out boolean, variants jsonb)
), m AS (
  SELECT c.id, c.points, j.idx
  FROM j JOIN customers c ON c.account_id = j.account_id AND c.external_id = j.external_id
  ORDER BY c.account_id, c.external_id COLLATE "C"
  FOR UPDATE OF c
), ok AS (
  SELECT m.id, m.idx FROM m JOIN j ON j.idx = m.idx
  WHERE m.points + j.delta >= 0 AND m.points + j.delta <= ${MAX_BALANCE}
), ev AS (
  INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, transaction_id,
    webhook_id, request_log_id, created_at)
  SELECT j.event_id, j.account_id, ok.id, j.external_id, j.action, j.data, j.transaction_id, j.webhook_id, j.log_id, now()
  FROM ok JOIN j ON j.idx = ok.idx
  ON CONFLICT (customer_id, transaction_id) WHERE action = 'checkout_accept' AND transaction_id IS NOT NULL DO NOTHING
  RETURNING id, customer_id, request_log_id
), upd AS (
  -- The balance is set from the locked row (m), never from c.points. Under READ COMMITTED the UPDATE first
  -- computes the new row from the version its snapshot sees, and PostgreSQL checks the balance CHECK on that
  -- version before it notices a concurrent update and recomputes from the latest one (EvalPlanQual): a balance
  -- raised by another transaction since the snapshot would fail the CHECK for a subtraction \`ok\` accepted.
  -- m holds the latest version (FOR UPDATE follows the update chain), locked until commit, so m.points is what
  -- the row holds.
  UPDATE customers c SET
    points = m.points + j.delta,
    email = coalesce(j.email, c.email),
    first_name = coalesce(j.first_name, c.first_name),
    last_name = coalesce(j.last_name, c.last_name),
    opted_out = coalesce(j.opted_out, c.opted_out),
    updated_at = now()
  FROM ev JOIN j ON j.log_id = ev.request_log_id JOIN m ON m.idx = j.idx
  WHERE c.id = ev.customer_id
  RETURNING c.id
), verdict AS (
  SELECT j.*, ev.id AS stored_event_id,
    CASE
      WHEN j.external_id IS NULL THEN 'LOGGED'
      WHEN ev.id IS NOT NULL THEN 'PROCESSED'
      WHEN m.id IS NULL THEN 'CUSTOMER_NOT_FOUND'
      WHEN ok.id IS NULL THEN CASE WHEN j.delta < 0 THEN 'INSUFFICIENT_POINTS' ELSE 'BALANCE_LIMIT' END
      ELSE 'DUPLICATE_TRANSACTION'
    END AS code,
    coalesce(trim_scale(m.points)::text, '0') AS balance
  FROM j
  LEFT JOIN m ON m.idx = j.idx
  LEFT JOIN ok ON ok.idx = j.idx
  LEFT JOIN ev ON ev.request_log_id = j.log_id
), chosen AS (
  SELECT verdict.*, verdict.variants -> verdict.code AS v FROM verdict
), logged AS (
  INSERT INTO request_logs (${LOG_COLUMNS})
  SELECT log_id, account_id, webhook_id, received_at, method, path, query, request_headers, request_body,
    body_truncated, duration_ms,
    (v ->> 'statusCode')::smallint,
    ${answerText('responseBody')},
    v -> 'responseHeaders',
    v ->> 'outcome',
    v ->> 'errorCode',
    ${answerText('error')},
    stored_event_id
  FROM chosen
  RETURNING id, status_code, outcome, error_code, error, response_body, response_headers, event_id
)
SELECT chosen.idx, chosen.code AS verdict, logged.* FROM logged JOIN chosen ON chosen.log_id = logged.id`;

// $1 member id (when new), $2 account, $3 external id, $4 email, $5 first name, $6 last name, $7 labels,
// $8 event id, $9 action, $10 data, $11 transaction id, $12 webhook, $13 log id, $14 received at, $15 method,
// $16 path, $17 query, $18 request headers, $19 request body, $20 truncated, $21 duration, $22 status,
// $23 response body, $24 response headers, $25 outcome, $26 the answer when the member would hold too many labels.
//
// New labels are found with an anti-join of the two label arrays, which PostgreSQL runs as a hash anti join:
// linear in both sizes (a `label <> ALL (c.labels)` filter compared every pair). An existing member whose
// labels would pass the limit is left alone (the conflict's WHERE is false, so `m` is empty): no event, and
// the log records the refusal.
const NEW_LABELS = `SELECT added.label, added.position
      FROM unnest(EXCLUDED.labels) WITH ORDINALITY AS added(label, position)
      WHERE NOT EXISTS (SELECT FROM unnest(c.labels) AS held(label) WHERE held.label = added.label)`;

const ENROL_MEMBER = `
WITH m AS (
  INSERT INTO customers AS c (id, account_id, external_id, email, first_name, last_name, labels, opted_out)
  VALUES ($1, $2, $3, $4, $5, $6, $7::text[], false)
  ON CONFLICT (account_id, external_id) DO UPDATE SET
    email = coalesce(EXCLUDED.email, c.email),
    first_name = coalesce(EXCLUDED.first_name, c.first_name),
    last_name = coalesce(EXCLUDED.last_name, c.last_name),
    labels = c.labels || ARRAY(SELECT fresh.label FROM (${NEW_LABELS}) fresh ORDER BY fresh.position),
    opted_out = false,
    updated_at = now()
  WHERE (SELECT count(*) = 0 OR cardinality(c.labels) + count(*) <= ${INGESTION_LIMITS.labelsPerMember}
    FROM (${NEW_LABELS}) fresh)
  RETURNING id
), ev AS (
  INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, transaction_id,
    webhook_id, request_log_id, created_at)
  SELECT $8, $2, m.id, $3, $9, $10::jsonb, $11, $12, $13, now() FROM m
  RETURNING id
), answer AS (
  SELECT ev.id AS event_id, $22::smallint AS status_code, $23::text AS response_body,
    $24::jsonb AS response_headers, $25::text AS outcome, NULL::text AS error_code, NULL::text AS error
  FROM ev
  UNION ALL
  SELECT NULL, (r ->> 'statusCode')::smallint, r ->> 'responseBody', r -> 'responseHeaders', r ->> 'outcome',
    r ->> 'errorCode', r ->> 'error'
  FROM (SELECT $26::jsonb AS r) refused
  WHERE NOT EXISTS (SELECT FROM ev)
)
INSERT INTO request_logs (${LOG_COLUMNS})
SELECT $13, $2, $12, $14, $15, $16, $17, $18::jsonb, $19, $20, $21, a.status_code, a.response_body,
  a.response_headers, a.outcome, a.error_code, a.error, a.event_id
FROM answer a
RETURNING status_code, outcome, error_code, error, response_body, response_headers, event_id`;

const FIND_ROUTE = `
SELECT w.id, w.account_id, w.status, w.method, w.filter, w.action, w.mapping, w.success_response,
  w.error_response, w.version
FROM accounts a JOIN webhooks w ON w.account_id = a.id
WHERE a.slug = $1 AND w.endpoint = $2
ORDER BY (w.status <> 'ARCHIVED') DESC, w.archived_at DESC NULLS LAST, w.updated_at DESC
LIMIT 1`;

/** A request log as the statements return it. */
export interface ReturnedLog {
  status_code: number;
  outcome: string;
  error_code: string | null;
  error: string | null;
  response_body: string;
  response_headers: Record<string, string>;
  event_id: string | null;
}

/** A row of the batch statement: the log of the job at `idx` and the verdict that chose it. */
export interface ReturnedBatchRow extends ReturnedLog {
  idx: number;
  verdict: MemberVerdict | 'LOGGED';
}

/** A webhook row as `findRouteQuery` returns it. */
export interface ReturnedRoute {
  id: string;
  account_id: string;
  status: WebhookRouteRow['status'];
  method: WebhookRouteRow['method'];
  filter: WebhookRouteRow['filter'];
  action: string;
  mapping: WebhookRouteRow['mapping'];
  success_response: string | null;
  error_response: string | null;
  version: number;
}

export function writeBatchQuery(jobs: readonly WriteJob[]): QueryConfig {
  return { name: 'intake_write_batch', text: WRITE_BATCH, values: [JSON.stringify(jobs.map(batchRow))] };
}

export function insertLogQuery(log: LogFields, response: LoggedResponse): QueryConfig {
  return {
    name: 'intake_write_log',
    text: INSERT_LOG,
    values: [
      log.id,
      log.accountId,
      log.webhookId,
      log.receivedAt,
      log.method,
      log.path,
      log.query,
      JSON.stringify(log.requestHeaders),
      log.requestBody,
      log.bodyTruncated,
      log.durationMs,
      response.statusCode,
      response.responseBody,
      JSON.stringify(response.responseHeaders),
      response.outcome,
      response.errorCode,
      response.error,
    ],
  };
}

export function enrolMemberQuery(
  log: LogFields,
  event: EventFields,
  enrolment: Enrolment,
  response: LoggedResponse,
): QueryConfig {
  return {
    name: 'intake_enrol_member',
    text: ENROL_MEMBER,
    values: [
      enrolment.memberId,
      log.accountId,
      event.customerExternalId,
      enrolment.email,
      enrolment.firstName,
      enrolment.lastName,
      enrolment.labels,
      event.id,
      event.action,
      JSON.stringify(event.data),
      event.transactionId,
      log.webhookId,
      log.id,
      log.receivedAt,
      log.method,
      log.path,
      log.query,
      JSON.stringify(log.requestHeaders),
      log.requestBody,
      log.bodyTruncated,
      log.durationMs,
      response.statusCode,
      response.responseBody,
      JSON.stringify(response.responseHeaders),
      response.outcome,
      JSON.stringify(enrolment.tooManyLabels),
    ],
  };
}

export function findRouteQuery(accountSlug: string, endpoint: string): QueryConfig {
  return { name: 'intake_find_route', text: FIND_ROUTE, values: [accountSlug, endpoint] };
}

export function toRoute(row: ReturnedRoute): WebhookRouteRow {
  return {
    id: row.id,
    accountId: row.account_id,
    status: row.status,
    method: row.method,
    filter: row.filter,
    action: row.action,
    mapping: row.mapping,
    successResponse: row.success_response,
    errorResponse: row.error_response,
    version: row.version,
  };
}

export function toStored(row: ReturnedLog, verdict: MemberVerdict | 'LOGGED'): StoredResult {
  return {
    verdict,
    statusCode: row.status_code,
    outcome: row.outcome,
    errorCode: row.error_code,
    error: row.error,
    responseBody: row.response_body,
    responseHeaders: row.response_headers,
    eventId: row.event_id,
  };
}

/** A job as one element of the batch statement's JSON array (`jsonb_to_recordset` column names). */
function batchRow(job: WriteJob, idx: number): Record<string, unknown> {
  const { log } = job;
  const row: Record<string, unknown> = {
    idx,
    log_id: log.id,
    account_id: log.accountId,
    webhook_id: log.webhookId,
    received_at: log.receivedAt.toISOString(),
    method: log.method,
    path: log.path,
    query: log.query,
    request_headers: log.requestHeaders,
    request_body: log.requestBody,
    body_truncated: log.bodyTruncated,
    duration_ms: log.durationMs,
  };
  if (job.kind === 'log') {
    row.variants = { LOGGED: job.response };
    return row;
  }
  row.external_id = job.event.customerExternalId;
  row.delta = job.change.pointsDelta;
  row.event_id = job.event.id;
  row.action = job.event.action;
  row.data = job.event.data;
  row.transaction_id = job.event.transactionId;
  row.email = job.change.email;
  row.first_name = job.change.firstName;
  row.last_name = job.change.lastName;
  row.opted_out = job.change.optedOut;
  row.variants = job.variants;
  return row;
}
