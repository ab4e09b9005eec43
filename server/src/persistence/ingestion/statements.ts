import type { QueryConfig } from 'pg';
import type {
  Enrolment,
  EventFields,
  IdempotencyReservation,
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
 * - Both first reserve the delivery id of a request that carries one (idempotency): a key another request processed
 *   within its window makes the request a DUPLICATE, and nothing of it is stored by the statement; `duplicateLog`
 *   then logs it with the original answer, in a statement of its own (see `reserveKeys`).
 *
 * Statements are named, so each pooled connection parses them once.
 */

export const LOG_COLUMNS = `id, account_id, webhook_id, received_at, method, path, query, request_headers, request_body,
  body_truncated, duration_ms, status_code, response_body, response_headers, outcome, error_code, error, event_id,
  idempotency_key, customer_external_id`;

/**
 * The columns of a log's original (sealed) and of its replay mark, after LOG_COLUMNS in every statement that writes a
 * log. Statements of one row take them as one JSON parameter (`logExtraValues`), so that their numbered parameters
 * stay as they were.
 */
export const LOG_EXTRA_COLUMNS = 'original_sealed, replay_of, replayed_by, replay_job_id';

/** The values of LOG_EXTRA_COLUMNS from the JSON parameter `param` (see `logExtras`). */
export const logExtraValues = (param: string) =>
  `${param}::jsonb ->> 'original', (${param}::jsonb ->> 'replayOf')::uuid, ${param}::jsonb ->> 'replayedBy',
  (${param}::jsonb ->> 'replayJobId')::uuid`;

/** The JSON parameter of `logExtraValues`. */
export function logExtras(log: LogFields): string {
  return JSON.stringify({
    original: log.original ?? null,
    replayOf: log.replay?.of ?? null,
    replayedBy: log.replay?.by ?? null,
    replayJobId: log.replay?.jobId ?? null,
  });
}

/**
 * The FAILED log of a request whose write failed, unless a log with its id exists. ON CONFLICT waits for a write
 * of that id still in progress: it returns no row when that write committed, and inserts when it did not — then
 * that write, should it still be running, fails on the primary key. Either way exactly one of them is stored.
 *
 * The primary key is (id, received_at) — request logs are partitioned by day of `received_at`, and a partitioned
 * table's keys must hold it. The FAILED log carries the request's id AND its received_at (the same `LogFields` the
 * failed write had), so both rows have the same key and fall into the same partition, whose unique index is where
 * the two inserts meet: the argument above holds as with a key on the id alone.
 */
const INSERT_FAILED_LOG = `INSERT INTO request_logs (${LOG_COLUMNS}, ${LOG_EXTRA_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, NULL, $18, $19,
    ${logExtraValues('$20')})
  ON CONFLICT (id, received_at) DO NOTHING
  RETURNING id`;

/** The log a FAILED log met; `received_at` reads one partition instead of probing every day's. */
const FIND_LOG = `SELECT status_code, outcome, error_code, error, response_body, response_headers, event_id
  FROM request_logs WHERE id = $1 AND received_at = $2`;

/**
 * The reservation of delivery ids, for the jobs of \`source\` (columns webhook_id, key, log_id, window_hours) at
 * \`nowParam\`. It runs before anything else of the statement locks (the member rows), in key order, so that
 * concurrent statements queue on a key and never deadlock. The primary key decides: ON CONFLICT sees — and waits
 * for — a reservation another transaction made, even one committed after this statement's snapshot, which no
 * join or NOT EXISTS could see (READ COMMITTED). A reserved key is taken over only when it has expired, or when
 * the request that reserved it was not PROCESSED (a refusal decided later in its statement, such as
 * INSUFFICIENT_POINTS: only processed requests hold a key). RETURNING lists the jobs that now hold their key;
 * the others are duplicates.
 */
export const reserveKeys = (source: string, nowParam: string) => `
  INSERT INTO idempotency_keys AS k (webhook_id, key, request_log_id, expires_at)
  ${source}
  ON CONFLICT (webhook_id, key) DO UPDATE SET request_log_id = EXCLUDED.request_log_id, expires_at = EXCLUDED.expires_at
  WHERE k.expires_at <= ${nowParam}
    OR EXISTS (SELECT FROM request_logs held WHERE held.id = k.request_log_id AND held.outcome <> 'PROCESSED')
  RETURNING k.request_log_id`;

/**
 * Markers that stand for a job's own values in its answers' JSON text, so that jobs whose answers differ only by
 * them share one variant set: the log id (X-Request-Id), the event id (the success body) and the customer (refusal
 * messages), each JSON-escaped as it stands in the text. JSON.stringify escapes every control character, and none
 * of the three values holds one, so a marker can stand for nothing else and putting the values back is exact.
 */
const MARK = { log: '\u0001\u0002', event: '\u0001\u0003', customer: '\u0001\u0004' } as const;
const SQL_MARK = { log: "E'\\x01\\x02'", event: "E'\\x01\\x03'", customer: "E'\\x01\\x04'" } as const;

/** An answer's text with the job's (`job`) values in place of the markers. */
const restored = (text: string, job: string) =>
  `replace(replace(replace(${text}, ${SQL_MARK.customer}, coalesce(${job}.customer_text, '')), ` +
  `${SQL_MARK.event}, coalesce(${job}.event_id::text, '')), ${SQL_MARK.log}, ${job}.log_id::text)`;

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
 * its variant set (`variantRows`: $3 set, $4 verdict, $5 the answer's JSON text with the job's ids and customer
 * as markers, which `restored` puts back; only the chosen answer is parsed). A batch never holds two jobs for one member, and members are locked in (account, external id)
 * order, so concurrent batches cannot deadlock.
 *
 * `delta` is what the event does to the balance: point_add's and point_sub's points, the points a checkout_accept or
 * checkout_accept_item earns, "0" otherwise. A checkout_accept skipped as a duplicate moves nothing: only members
 * whose event went in are updated.
 */
const WRITE_BATCH = `
WITH j AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS j(
    idx int, log_id uuid, account_id uuid, webhook_id uuid, received_at timestamptz, method text, path text,
    query text, request_headers jsonb, request_body text, body_truncated boolean, duration_ms float8,
    idempotency_key text, window_hours int, customer text,
    external_id text, delta numeric, event_id uuid, action text, data jsonb, transaction_id text,
    email text, first_name text, last_name text, opted_out boolean, variant_set int, customer_text text,
    original_sealed text, replay_of uuid, replayed_by text, replay_job_id uuid)
), variant AS (
  SELECT * FROM unnest($3::int[], $4::text[], $5::text[]) AS variant(set, code, answer)
), idem AS (${reserveKeys(
  // Two jobs of one batch with one key: the first reserves it, the second is its duplicate.
  `SELECT DISTINCT ON (j.webhook_id, j.idempotency_key)
    j.webhook_id, j.idempotency_key, j.log_id, $2::timestamptz + make_interval(hours => j.window_hours)
  FROM j WHERE j.external_id IS NOT NULL AND j.idempotency_key IS NOT NULL AND j.window_hours IS NOT NULL
  ORDER BY j.webhook_id, j.idempotency_key, j.idx`,
  '$2::timestamptz',
)}
), go AS (
  -- The events to try: every job for a member, but duplicates.
  SELECT j.idx FROM j
  WHERE j.external_id IS NOT NULL
    AND (j.idempotency_key IS NULL OR j.window_hours IS NULL OR j.log_id IN (SELECT request_log_id FROM idem))
), m AS (
  SELECT c.id, c.points, j.idx
  FROM j JOIN customers c ON c.account_id = j.account_id AND c.external_id = j.external_id
  WHERE j.idx IN (SELECT idx FROM go)
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
      WHEN go.idx IS NULL THEN 'DUPLICATE'
      WHEN ev.id IS NOT NULL THEN 'PROCESSED'
      WHEN m.id IS NULL THEN 'CUSTOMER_NOT_FOUND'
      WHEN ok.id IS NULL THEN CASE WHEN j.delta < 0 THEN 'INSUFFICIENT_POINTS' ELSE 'BALANCE_LIMIT' END
      ELSE 'DUPLICATE_TRANSACTION'
    END AS code,
    coalesce(trim_scale(m.points)::text, '0') AS balance
  FROM j
  LEFT JOIN go ON go.idx = j.idx
  LEFT JOIN m ON m.idx = j.idx
  LEFT JOIN ok ON ok.idx = j.idx
  LEFT JOIN ev ON ev.request_log_id = j.log_id
), chosen AS (
  SELECT verdict.*, ${restored('variant.answer', 'verdict')}::jsonb AS v
  FROM verdict LEFT JOIN variant ON variant.set = verdict.variant_set AND variant.code = verdict.code
), logged AS (
  INSERT INTO request_logs (${LOG_COLUMNS}, ${LOG_EXTRA_COLUMNS})
  SELECT log_id, account_id, webhook_id, received_at, method, path, query, request_headers, request_body,
    body_truncated, duration_ms,
    (v ->> 'statusCode')::smallint,
    ${answerText('responseBody')},
    v -> 'responseHeaders',
    v ->> 'outcome',
    v ->> 'errorCode',
    ${answerText('error')},
    stored_event_id,
    idempotency_key,
    coalesce(external_id, customer),
    original_sealed, replay_of, replayed_by, replay_job_id
  FROM chosen
  -- A duplicate is logged by \`duplicateLog\`, once the original's answer can be read.
  WHERE code <> 'DUPLICATE'
  RETURNING id, status_code, outcome, error_code, error, response_body, response_headers, event_id
)
SELECT chosen.idx, chosen.code AS verdict, logged.* FROM chosen LEFT JOIN logged ON logged.id = chosen.log_id`;

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
WITH idem AS (${reserveKeys(
  `SELECT $12::uuid, $27::text, $13::uuid, $29::timestamptz + make_interval(hours => $28::int)
  WHERE $27::text IS NOT NULL`,
  '$29::timestamptz',
)}
), go AS (
  SELECT WHERE $27::text IS NULL OR EXISTS (SELECT FROM idem)
), m AS (
  INSERT INTO customers AS c (id, account_id, external_id, email, first_name, last_name, labels, opted_out)
  SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text[], false FROM go
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
  WHERE NOT EXISTS (SELECT FROM ev) AND EXISTS (SELECT FROM go)
)
INSERT INTO request_logs (${LOG_COLUMNS}, ${LOG_EXTRA_COLUMNS})
SELECT $13, $2, $12, $14, $15, $16, $17, $18::jsonb, $19, $20, $21, a.status_code, a.response_body,
  a.response_headers, a.outcome, a.error_code, a.error, a.event_id, $27, $3, ${logExtraValues('$30')}
FROM answer a
RETURNING status_code, outcome, error_code, error, response_body, response_headers, event_id`;

/**
 * The log of a DUPLICATE: the request whose delivery id the statement found reserved. In a statement of its own,
 * after that one: its snapshot sees the original's log, which committed before the reservation could be seen. It
 * answers with the original's status, body and headers, its own X-Request-Id, and the headers that say it is a
 * duplicate of which request. No row when the key is no longer held by a processed request within its window
 * (expired, purged, or taken over meanwhile): the request is then written again.
 */
const DUPLICATE_LOG = `
WITH original AS (
  SELECT o.id, o.received_at, o.status_code, o.response_body, o.response_headers
  FROM idempotency_keys k JOIN request_logs o ON o.id = k.request_log_id AND o.outcome = 'PROCESSED'
  WHERE k.webhook_id = $3::uuid AND k.key = $12::text AND k.expires_at > $13::timestamptz
)
INSERT INTO request_logs (${LOG_COLUMNS}, duplicate_of, ${LOG_EXTRA_COLUMNS})
SELECT $1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, o.status_code, o.response_body,
  o.response_headers || jsonb_build_object('x-request-id', $1::uuid::text, 'x-webhook-error', 'DUPLICATE',
    'x-webhook-duplicate', 'true', 'x-webhook-original-request-id', o.id::text),
  'DUPLICATE', 'DUPLICATE',
  'The delivery id "' || $12::text || '" was processed by request ' || o.id || ' at '
    || to_char(o.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    || '; nothing was registered and its answer was repeated.',
  NULL, $12, $14, o.id, ${logExtraValues('$15')}
FROM original o
RETURNING status_code, outcome, error_code, error, response_body, response_headers, event_id`;

/** Expired delivery ids, a bounded number at a time (a purge must not hold locks long). */
const PURGE_KEYS = `
DELETE FROM idempotency_keys WHERE (webhook_id, key) IN (
  SELECT webhook_id, key FROM idempotency_keys WHERE expires_at <= $1::timestamptz LIMIT $2
)`;

// Secrets expired already are left out; the others are opened once per version and checked per request.
const FIND_ROUTE = `
SELECT w.id, w.account_id, w.status, w.method, w.filter, w.action, w.mapping, w.success_response,
  w.error_response, w.version, w.verification, w.idempotency, w.split_on,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'sealed', s.ciphertext, 'expiresAt', s.expires_at)
     ORDER BY s.created_at DESC, s.id DESC), '[]'::jsonb)
   FROM webhook_secrets s WHERE s.webhook_id = w.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets
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
export interface ReturnedBatchRow extends Partial<ReturnedLog> {
  idx: number;
  /** DUPLICATE rows carry no log: `duplicateLog` writes it. */
  verdict: MemberVerdict | 'LOGGED' | 'DUPLICATE';
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
  verification: NonNullable<WebhookRouteRow['verification']>;
  idempotency: WebhookRouteRow['idempotency'];
  split_on: string | null;
  /** Sealed; `expiresAt` as JSON text. */
  secrets: { id: string; sealed: string; expiresAt: string | null }[];
}

/** `now` is the time delivery ids are reserved at and compared with (the store's clock). */
export function writeBatchQuery(jobs: readonly WriteJob[], now: Date): QueryConfig {
  const variants = new VariantTable();
  const rows = jobs.map((job, idx) => batchRow(job, idx, variants));
  return {
    name: 'intake_write_batch',
    text: WRITE_BATCH,
    values: [JSON.stringify(rows), now, variants.sets, variants.codes, variants.answers],
  };
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The distinct variant sets of a batch, as three parallel arrays (one element per answer). A job's answers differ
 * from another's of the same webhook version mostly by its ids and customer: with those as markers, a batch sends
 * and PostgreSQL reads each webhook's answers once instead of once per request.
 */
class VariantTable {
  readonly sets: number[] = [];
  readonly codes: string[] = [];
  readonly answers: string[] = [];
  private readonly known = new Map<string, number>();

  /** The set of `variants` for a job with these values (its `customerText` JSON-escaped). */
  setOf(variants: Record<string, unknown>, logId: string, eventId: string | null, customerText: string | null): number {
    const codes = Object.keys(variants);
    const answers = codes.map((code) => {
      let text = JSON.stringify(variants[code]);
      // PostgreSQL puts an id back in its canonical form: only an id already in it may be marked.
      if (CANONICAL_UUID.test(logId)) text = text.replaceAll(logId, MARK.log);
      if (eventId !== null && CANONICAL_UUID.test(eventId)) text = text.replaceAll(eventId, MARK.event);
      if (customerText) text = text.replaceAll(customerText, MARK.customer);
      return text;
    });
    const key = codes.map((code, i) => `${code}\u0000${answers[i]}`).join('\u0000');
    const found = this.known.get(key);
    if (found !== undefined) return found;
    const set = this.known.size;
    this.known.set(key, set);
    codes.forEach((code, i) => {
      this.sets.push(set);
      this.codes.push(code);
      this.answers.push(answers[i]);
    });
    return set;
  }
}

/**
 * The request as a log row stores it, in the order of LOG_COLUMNS from `received_at` to `duration_ms`: the part of
 * every single-statement write's parameters that is the same for all of them.
 */
function requestValues(log: LogFields): unknown[] {
  return [
    log.receivedAt,
    log.method,
    log.path,
    log.query,
    JSON.stringify(log.requestHeaders),
    log.requestBody,
    log.bodyTruncated,
    log.durationMs,
  ];
}

export function insertFailedLogQuery(log: LogFields, response: LoggedResponse): QueryConfig {
  return {
    name: 'intake_write_failed_log',
    text: INSERT_FAILED_LOG,
    values: [
      log.id,
      log.accountId,
      log.webhookId,
      ...requestValues(log),
      response.statusCode,
      response.responseBody,
      JSON.stringify(response.responseHeaders),
      response.outcome,
      response.errorCode,
      response.error,
      log.idempotencyKey,
      log.customerExternalId ?? null,
      logExtras(log),
    ],
  };
}

export function enrolMemberQuery(
  log: LogFields,
  event: EventFields,
  enrolment: Enrolment,
  response: LoggedResponse,
  idempotency: IdempotencyReservation | null,
  now: Date,
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
      ...requestValues(log),
      response.statusCode,
      response.responseBody,
      JSON.stringify(response.responseHeaders),
      response.outcome,
      JSON.stringify(enrolment.tooManyLabels),
      idempotency?.key ?? null,
      idempotency?.windowHours ?? null,
      now,
      logExtras(log),
    ],
  };
}

/** The DUPLICATE log of a request whose delivery id `key` was processed already (see DUPLICATE_LOG). */
export function duplicateLogQuery(log: LogFields, key: string, now: Date): QueryConfig {
  return {
    name: 'intake_duplicate_log',
    text: DUPLICATE_LOG,
    values: [
      log.id,
      log.accountId,
      log.webhookId,
      ...requestValues(log),
      key,
      now,
      log.customerExternalId ?? null,
      logExtras(log),
    ],
  };
}

export function purgeKeysQuery(now: Date, limit: number): QueryConfig {
  return { name: 'intake_purge_keys', text: PURGE_KEYS, values: [now, limit] };
}

/** The stored log of the request `log` describes, by its key (id and received_at). */
export function findLogQuery(log: Pick<LogFields, 'id' | 'receivedAt'>): QueryConfig {
  return { name: 'intake_find_log', text: FIND_LOG, values: [log.id, log.receivedAt] };
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
    verification: row.verification,
    idempotency: row.idempotency,
    splitOn: row.split_on,
  };
}

export function toStored(row: ReturnedLog, verdict: StoredResult['verdict']): StoredResult {
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

const MEMBER_REFUSALS = new Set<string>([
  'CUSTOMER_NOT_FOUND',
  'INSUFFICIENT_POINTS',
  'BALANCE_LIMIT',
  'DUPLICATE_TRANSACTION',
]);

/** A stored log read back (`findLogQuery`) as the result its write would have returned, verdict included. */
export function storedFromLog(row: ReturnedLog): StoredResult {
  if (row.outcome === 'PROCESSED') return toStored(row, 'PROCESSED');
  const refusal = row.error_code !== null && MEMBER_REFUSALS.has(row.error_code);
  return toStored(row, refusal ? (row.error_code as MemberVerdict) : 'LOGGED');
}

/** A job as one element of the batch statement's JSON array (`jsonb_to_recordset` column names). */
function batchRow(job: WriteJob, idx: number, variants: VariantTable): Record<string, unknown> {
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
    idempotency_key: log.idempotencyKey,
  };
  // Absent keys are NULL for jsonb_to_recordset: the common request (its stored copy is the original: '') adds
  // one short key, and only replays add their mark.
  if (log.original != null) row.original_sealed = log.original;
  if (log.replay) {
    row.replay_of = log.replay.of;
    row.replayed_by = log.replay.by;
    row.replay_job_id = log.replay.jobId;
  }
  if (job.kind === 'log') {
    // A member job's customer is its external_id; a refused one's, when known, comes apart.
    if (log.customerExternalId) row.customer = log.customerExternalId;
    const customerText = log.customerExternalId ? escapedJson(log.customerExternalId) : null;
    row.customer_text = customerText;
    row.variant_set = variants.setOf({ LOGGED: job.response }, log.id, null, customerText);
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
  const customerText = escapedJson(job.event.customerExternalId);
  row.customer_text = customerText;
  row.variant_set = variants.setOf(job.variants, log.id, job.event.id, customerText);
  // The key is reserved only with a window; a job without one only records it.
  if (job.idempotency) {
    row.idempotency_key = job.idempotency.key;
    row.window_hours = job.idempotency.windowHours;
  }
  return row;
}

/** A text as it stands inside a JSON string (JSON.stringify's escapes, without the quotes). */
function escapedJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
