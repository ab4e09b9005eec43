import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { FilterGroup, HttpMethod, JsonObject, MappingRule, WebhookStatus } from '../domain/types.js';

/**
 * The ingestion hot path's SQL, with `pg` directly rather than the ORM's unit of work. Every request is ONE row
 * of ONE statement: concurrent requests are committed together (group commit), so a batch costs one round trip
 * and one durable commit, and a request is answered only once its batch has committed.
 *
 * - `write` takes a request's log alone (a rejection without an event) or its event for an existing member. The
 *   batch statement locks the members (`FOR UPDATE`, in key order; across processes, requests for one member
 *   queue on that lock and each sees the latest balance), checks each balance, inserts the events (a duplicate
 *   checkout_accept is skipped by the partial unique index), updates the members whose event went in, and
 *   inserts every request log with the status, body and reason its outcome selects.
 * - An opt_in (`enrolMember`) upserts the member, inserts the event and the log, in one statement of its own.
 *
 * Statements are named, so each pooled connection parses them once.
 */

/** The largest balance numeric(18,4) holds. */
export const MAX_BALANCE = '99999999999999.9999';

export interface IngestionStoreOptions {
  /** Pooled connections for ingestion, apart from the ORM's. */
  poolSize?: number;
  /** Server-side statement timeout: a stuck statement (a long lock wait) becomes a 503, not a hung sender. */
  statementTimeoutMs?: number;
  /** How long to wait for a pooled connection before answering 503. */
  connectionTimeoutMs?: number;
  applicationName?: string;
  /** Requests committed together at most (group commit). */
  maxBatch?: number;
  /**
   * Batches written at the same time at most. One is the rule (the largest batches, and no two of our
   * transactions share the webhook's and account's foreign-key locks); another starts only when the running
   * ones have taken longer than `overlapAfterMs` (a batch waiting on a member's lock must not stall the rest).
   */
  batchesInFlight?: number;
  overlapAfterMs?: number;
}

/** One row of `request_logs` minus what the outcome decides. */
export interface LogFields {
  id: string;
  accountId: string;
  webhookId: string;
  receivedAt: Date;
  method: string;
  path: string;
  query: string | null;
  requestHeaders: JsonObject;
  requestBody: string | null;
  bodyTruncated: boolean;
  durationMs: number;
}

/** What the sender is answered, as stored in the log. */
export interface LoggedResponse {
  statusCode: number;
  outcome: string;
  errorCode: string | null;
  error: string | null;
  responseBody: string;
  responseHeaders: Record<string, string>;
}

/** A text the statement completes with the member's balance when it refuses: `[before, after]`. */
export type BalanceText = string | readonly [string, string];

/** A possible answer to an event for an existing member; `error` and `responseBody` may embed the balance. */
export interface ResponseVariant {
  statusCode: number;
  outcome: string;
  errorCode: string | null;
  error: BalanceText | null;
  responseBody: BalanceText;
  responseHeaders: Record<string, string>;
}

/** Which answer the statement chose. */
export type MemberVerdict =
  'PROCESSED' | 'CUSTOMER_NOT_FOUND' | 'INSUFFICIENT_POINTS' | 'BALANCE_LIMIT' | 'DUPLICATE_TRANSACTION';

export interface EventFields {
  id: string;
  customerExternalId: string;
  action: string;
  data: JsonObject;
  transactionId: string | null;
}

export interface MemberChange {
  /** Decimal text with at most 4 decimals; negative subtracts. "0" for events that do not touch the balance. */
  pointsDelta: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** null keeps the flag. */
  optedOut: boolean | null;
}

export interface Enrolment {
  memberId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  labels: string[];
}

export interface StoredResult extends LoggedResponse {
  /** What the statement decided; LOGGED for a request that only logs. */
  verdict: MemberVerdict | 'LOGGED';
  eventId: string | null;
}

export interface WebhookRouteRow {
  id: string;
  accountId: string;
  status: WebhookStatus;
  method: HttpMethod;
  filter: FilterGroup | null;
  action: string;
  mapping: MappingRule[];
  successResponse: string | null;
  errorResponse: string | null;
  version: number;
}

const LOG_COLUMNS = `id, account_id, webhook_id, received_at, method, path, query, request_headers, request_body,
  body_truncated, duration_ms, status_code, response_body, response_headers, outcome, error_code, error, event_id`;

const INSERT_LOG = `INSERT INTO request_logs (${LOG_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, NULL)`;

/**
 * Writes a batch of requests (group commit) in one statement, hence one transaction and one commit. $1 is a
 * JSON array of jobs; a job without `external_id` only logs (its one variant is LOGGED); a job with one locks
 * its member, checks the balance, inserts its event (a duplicate checkout_accept is skipped by ON CONFLICT on the
 * partial unique index), updates the member when the event went in, and logs the response its verdict selects
 * (`variants`, whose texts may embed the balance as `[before, after]`). A batch never holds two jobs for one
 * member, and members are locked in (account, external id) order, so concurrent batches cannot deadlock.
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
  UPDATE customers c SET
    points = c.points + j.delta,
    email = coalesce(j.email, c.email),
    first_name = coalesce(j.first_name, c.first_name),
    last_name = coalesce(j.last_name, c.last_name),
    opted_out = coalesce(j.opted_out, c.opted_out),
    updated_at = now()
  FROM ev JOIN j ON j.log_id = ev.request_log_id
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
    CASE WHEN jsonb_typeof(v -> 'responseBody') = 'array'
      THEN (v -> 'responseBody' ->> 0) || balance || (v -> 'responseBody' ->> 1) ELSE v ->> 'responseBody' END,
    v -> 'responseHeaders',
    v ->> 'outcome',
    v ->> 'errorCode',
    CASE WHEN jsonb_typeof(v -> 'error') = 'array'
      THEN (v -> 'error' ->> 0) || balance || (v -> 'error' ->> 1) ELSE v ->> 'error' END,
    stored_event_id
  FROM chosen
  RETURNING id, status_code, outcome, error_code, error, response_body, response_headers, event_id
)
SELECT chosen.idx, chosen.code AS verdict, logged.* FROM logged JOIN chosen ON chosen.log_id = logged.id`;

// $1 member id (when new), $2 account, $3 external id, $4 email, $5 first name, $6 last name, $7 labels,
// $8 event id, $9 action, $10 data, $11 transaction id, $12 webhook, $13 log id, $14 received at, $15 method,
// $16 path, $17 query, $18 request headers, $19 request body, $20 truncated, $21 duration, $22 status,
// $23 response body, $24 response headers, $25 outcome.
const ENROL_MEMBER = `
WITH m AS (
  INSERT INTO customers AS c (id, account_id, external_id, email, first_name, last_name, labels, opted_out)
  VALUES ($1, $2, $3, $4, $5, $6, $7::text[], false)
  ON CONFLICT (account_id, external_id) DO UPDATE SET
    email = coalesce(EXCLUDED.email, c.email),
    first_name = coalesce(EXCLUDED.first_name, c.first_name),
    last_name = coalesce(EXCLUDED.last_name, c.last_name),
    labels = c.labels || ARRAY(
      SELECT label FROM unnest(EXCLUDED.labels) WITH ORDINALITY AS added(label, position)
      WHERE label <> ALL (c.labels) ORDER BY position),
    opted_out = false,
    updated_at = now()
  RETURNING id
), ev AS (
  INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, transaction_id,
    webhook_id, request_log_id, created_at)
  SELECT $8, $2, m.id, $3, $9, $10::jsonb, $11, $12, $13, now() FROM m
  RETURNING id
)
INSERT INTO request_logs (${LOG_COLUMNS})
SELECT $13, $2, $12, $14, $15, $16, $17, $18::jsonb, $19, $20, $21, $22, $23, $24::jsonb, $25, NULL, NULL, ev.id
FROM ev
RETURNING status_code, outcome, error_code, error, response_body, response_headers, event_id`;

const FIND_ROUTE = `
SELECT w.id, w.account_id, w.status, w.method, w.filter, w.action, w.mapping, w.success_response,
  w.error_response, w.version
FROM accounts a JOIN webhooks w ON w.account_id = a.id
WHERE a.slug = $1 AND w.endpoint = $2
ORDER BY (w.status <> 'ARCHIVED') DESC, w.archived_at DESC NULLS LAST, w.updated_at DESC
LIMIT 1`;

interface ReturnedLog {
  status_code: number;
  outcome: string;
  error_code: string | null;
  error: string | null;
  response_body: string;
  response_headers: Record<string, string>;
  event_id: string | null;
}

interface ReturnedBatchRow extends ReturnedLog {
  idx: number;
  verdict: MemberVerdict | 'LOGGED';
}

/** One request's write, as the group committer takes it. */
export type WriteJob =
  | { kind: 'log'; log: LogFields; response: LoggedResponse }
  | {
      kind: 'member';
      log: LogFields;
      event: EventFields;
      change: MemberChange;
      variants: Partial<Record<MemberVerdict, ResponseVariant>>;
    };

interface QueuedJob {
  job: WriteJob;
  /** The member the job locks, if any: a batch holds at most one job per member. */
  memberKey: string | null;
  resolve(result: StoredResult): void;
  reject(error: unknown): void;
}

export class IngestionStore {
  readonly pool: pg.Pool;
  private readonly queue: QueuedJob[] = [];
  private readonly maxBatch: number;
  private readonly maxBatchesInFlight: number;
  private readonly overlapAfterMs: number;
  /** When each running batch started (performance.now()), oldest first. */
  private readonly running: number[] = [];
  private overlapTimer: NodeJS.Timeout | null = null;
  /** Group commit at work: statements run, requests they stored, the largest batch. */
  readonly stats = { batches: 0, requests: 0, largestBatch: 0 };

  constructor(connectionString: string, options: IngestionStoreOptions = {}) {
    const statementTimeout = options.statementTimeoutMs ?? 5_000;
    this.maxBatch = options.maxBatch ?? 64;
    this.maxBatchesInFlight = options.batchesInFlight ?? 4;
    this.overlapAfterMs = options.overlapAfterMs ?? 25;
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 2_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: statementTimeout,
      // The client-side bound covers a server that stopped answering altogether.
      query_timeout: statementTimeout + 1_000,
      application_name: options.applicationName ?? 'intake-ingestion',
      keepAlive: true,
    });
    // An idle pooled connection that dies (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => {});
  }

  /**
   * Stores one request — its log alone, or its event, member change and log — and resolves once committed,
   * with the response the statement chose. Concurrent requests are committed together (group commit): while a
   * batch is running, new requests queue, and the next batch takes them all (up to `maxBatch`, one per member)
   * in one statement. A lone request is written at once, in a batch of one. When a batch fails, each of its
   * requests is retried alone, so that one request's failure is its own.
   */
  write(job: WriteJob): Promise<StoredResult> {
    return new Promise((resolve, reject) => {
      const memberKey = job.kind === 'member' ? `${job.log.accountId}\u0000${job.event.customerExternalId}` : null;
      this.queue.push({ job, memberKey, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running.length < this.maxBatchesInFlight) {
      const newest = this.running[this.running.length - 1];
      if (newest !== undefined) {
        const wait = newest + this.overlapAfterMs - performance.now();
        if (wait > 0) {
          this.overlapTimer ??= setTimeout(() => {
            this.overlapTimer = null;
            this.pump();
          }, wait);
          return;
        }
      }
      const batch = this.takeBatch();
      const started = performance.now();
      this.running.push(started);
      void this.runBatch(batch).finally(() => {
        this.running.splice(this.running.indexOf(started), 1);
        this.pump();
      });
    }
  }

  /** The oldest queued jobs, at most `maxBatch`, leaving a second job for the same member to a later batch. */
  private takeBatch(): QueuedJob[] {
    const batch: QueuedJob[] = [];
    const members = new Set<string>();
    let kept = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const queued = this.queue[i];
      if (batch.length < this.maxBatch && (queued.memberKey === null || !members.has(queued.memberKey))) {
        batch.push(queued);
        if (queued.memberKey !== null) members.add(queued.memberKey);
      } else {
        this.queue[kept++] = queued;
      }
    }
    this.queue.length = kept;
    return batch;
  }

  private async runBatch(batch: QueuedJob[]): Promise<void> {
    let rows: ReturnedBatchRow[];
    try {
      rows = await this.executeBatch(batch.map((queued) => queued.job));
    } catch (error) {
      // Retried one by one only when PostgreSQL reported the error: the statement then certainly rolled back.
      // A lost connection may hide a commit, and a retry would store the requests twice: they fail (503) instead.
      if (batch.length === 1 || !(error instanceof pg.DatabaseError)) {
        for (const queued of batch) queued.reject(error);
        return;
      }
      // Whose fault was it? Alone, each request either stores or fails by itself.
      await Promise.all(batch.map((queued) => this.runBatch([queued])));
      return;
    }
    for (const row of rows) batch[row.idx].resolve(toStored(row));
  }

  private async executeBatch(jobs: WriteJob[]): Promise<ReturnedBatchRow[]> {
    this.stats.batches++;
    this.stats.requests += jobs.length;
    if (jobs.length > this.stats.largestBatch) this.stats.largestBatch = jobs.length;
    const { rows } = await this.pool.query<ReturnedBatchRow>({
      name: 'intake_write_batch',
      text: WRITE_BATCH,
      values: [JSON.stringify(jobs.map(batchRow))],
    });
    // One log per request, or the statement did not do what it must: nothing of it is trusted (it committed,
    // but cannot have: every job yields exactly one row of `logged`).
    if (rows.length !== jobs.length)
      throw new Error(`The ingestion batch stored ${rows.length} request logs for ${jobs.length} requests.`);
    return rows;
  }

  /** Writes a request log alone, outside any batch: the FAILED log after a failed write. */
  async writeLog(log: LogFields, response: LoggedResponse): Promise<void> {
    await this.pool.query({
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
    });
  }

  /**
   * Enrols (or updates) a member for an opt_in, registers the event and logs the request, in one statement of
   * its own: an upsert locks its row otherwise than the batch's ordered locking, so it is not batched.
   */
  async enrolMember(
    log: LogFields,
    event: EventFields,
    enrolment: Enrolment,
    response: LoggedResponse,
  ): Promise<StoredResult> {
    const { rows } = await this.pool.query<ReturnedLog>({
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
      ],
    });
    if (!rows[0]) throw new Error('The enrolment statement stored no request log.');
    return toStored({ ...rows[0], verdict: 'PROCESSED' });
  }

  /**
   * The webhook a request to /webhooks/custom/{slug}/{endpoint} resolves to: the live (active or inactive) one,
   * else the most recently archived one, so that requests to it are still logged. Null when there is none.
   */
  async findRoute(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null> {
    const { rows } = await this.pool.query({
      name: 'intake_find_route',
      text: FIND_ROUTE,
      values: [accountSlug, endpoint],
    });
    const row = rows[0];
    if (!row) return null;
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

  async close(): Promise<void> {
    if (this.overlapTimer) clearTimeout(this.overlapTimer);
    await this.pool.end();
  }
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

function toStored(row: ReturnedLog & { verdict: MemberVerdict | 'LOGGED' }): StoredResult {
  return {
    verdict: row.verdict,
    statusCode: row.status_code,
    outcome: row.outcome,
    errorCode: row.error_code,
    error: row.error,
    responseBody: row.response_body,
    responseHeaders: row.response_headers,
    eventId: row.event_id,
  };
}

export interface ChangeListener {
  close(): Promise<void>;
}

export interface ChangeListenerEvents {
  /** A webhook changed (its id), or `null` when notifications may have been missed. */
  onChange(webhookId: string | null): void;
  /** The listener is connected and listening (true), or lost its connection (false). */
  onState(listening: boolean): void;
}

/**
 * LISTENs on `intake_webhook_changed` over a dedicated connection, reconnecting with backoff when the
 * connection is lost and checking it every few seconds (a half-open TCP connection would otherwise look alive).
 */
export function listenForWebhookChanges(
  connectionString: string,
  events: ChangeListenerEvents,
  options: { healthCheckMs?: number; maxBackoffMs?: number; applicationName?: string } = {},
): { ready: Promise<void>; listener: ChangeListener } {
  const healthCheckMs = options.healthCheckMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 2_000;
  let client: pg.Client | null = null;
  let closed = false;
  let backoff = 50;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let healthTimer: NodeJS.Timeout | null = null;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const lost = (which: pg.Client) => {
    if (client !== which) return;
    client = null;
    if (healthTimer) clearInterval(healthTimer);
    healthTimer = null;
    which.removeAllListeners('notification');
    which.end().catch(() => {});
    events.onState(false);
    scheduleReconnect();
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, backoff);
    backoff = Math.min(backoff * 2, maxBackoffMs);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      application_name: options.applicationName ?? 'intake-webhook-cache',
    });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel === 'intake_webhook_changed') events.onChange(message.payload ?? null);
    });
    try {
      client = next;
      await next.connect();
      await next.query('LISTEN intake_webhook_changed');
      if (closed) {
        await next.end();
        return;
      }
      backoff = 50;
      healthTimer = setInterval(() => {
        next.query('SELECT 1').catch(() => lost(next));
      }, healthCheckMs);
      healthTimer.unref();
      // Whatever changed while we were not listening is unknown: everything cached is suspect.
      events.onChange(null);
      events.onState(true);
      resolveReady();
    } catch {
      if (client === next) lost(next);
      else next.end().catch(() => {});
      resolveReady();
    }
  };

  void connect();
  return {
    ready,
    listener: {
      close: async () => {
        closed = true;
        if (reconnectTimer) clearTimeout(reconnectTimer);
        if (healthTimer) clearInterval(healthTimer);
        const current = client;
        client = null;
        if (current) {
          current.removeAllListeners('end');
          current.removeAllListeners('error');
          current.on('error', () => {});
          await current.end().catch(() => {});
        }
      },
    },
  };
}
