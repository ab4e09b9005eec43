import { timeOrderedUuid } from '../../domain/ids.js';
import { performance } from 'node:perf_hooks';
import { idempotencyKeySource, readIdempotencyKey } from '../../domain/idempotency-key.js';
import {
  type AcceptedRequest,
  type PipelineTrace,
  type RejectedRequest,
  type SenderCheck,
} from '../../domain/ingestion-pipeline.js';
import { errorResponse } from '../../domain/response.js';
import type { RequestOutcome } from '../../domain/types.js';
import { isLiveSecret } from '../../domain/webhook-secrets.js';
import { verifySender, type LiveSecret } from '../../security/verification/index.js';
import { expressionProgram, runPipelineWithExpressions } from './evaluate-pipeline.js';
import { fanOutRefusal, planFanOut } from './fan-out-write.js';
import { lowerCaseKeys, planEventWrite, responseVariants } from './event-write.js';
import type { IngestionRuntime } from './ingestion-runtime.js';
import { logFields, loggedCustomer, type KeepOriginal, type LoggedRequest } from './log-record.js';
import {
  StorageOutcomeUnknown,
  type IdempotencyReservation,
  type LoggedResponse,
  type LogFields,
  type ReplayMark,
  type StoredResult,
} from './ports.js';
import type { RoutedWebhook } from './webhook-cache.js';

/** A request to `/webhooks/custom/{account}/{endpoint}` as plain data: what HTTP, a dry run or a replay hands in. */
export interface IngestInput {
  accountSlug: string;
  endpoint: string;
  method: string;
  /** The path without the query string. */
  path: string;
  /** The raw query string (without "?"), or null. */
  query: string | null;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body (the first bytes only when `bodyTooLarge`). */
  body: Buffer;
  bodyTooLarge: boolean;
  bodyLimitBytes: number;
  receivedAt: Date;
  /** `performance.now()` when the request arrived: the logged duration is measured from it (monotonic). */
  startedAt: number;
  /** The request log's id (e.g. the HTTP request id, so server logs and request logs correlate). */
  logId?: string;
  /**
   * The webhook the address resolves to, when the caller resolved it already (the HTTP route does, before it
   * reads the body): it is used as it is, never read again.
   */
  route?: RoutedWebhook | null;
  /** The body did not arrive in full within `bodyTimeoutMs`: answered 408 (and logged). */
  bodyTimedOut?: boolean;
  bodyTimeoutMs?: number;
  /**
   * For a request that reaches no active webhook: how many like it before were answered without a log
   * (sampled under a flood). Its log says so.
   */
  unloggedBefore?: number;
  /**
   * A replay of a logged request (application/replay): its sender is not verified again (the original was, when
   * received), its log carries the mark, and its event reserves `reservation` instead of the delivery id, so that
   * a request is registered once however often it is replayed.
   */
  replay?: {
    mark: ReplayMark;
    /** The key of the replay's chain (`replay:<first log>`), held by the first request when it was processed. */
    reservation: IdempotencyReservation;
    /** Whether the first request of the chain was processed when it arrived (then the replay is its duplicate). */
    firstProcessed: boolean;
  };
}

export interface IngestResult {
  statusCode: number;
  /** Content-Type, X-Request-Id (when a log was written), X-Webhook-Error, Allow, Retry-After. */
  headers: Record<string, string>;
  /** JSON text: a configured response byte for byte, or a default body. */
  body: string;
  logId: string | null;
  outcome: RequestOutcome | null;
  eventId: string | null;
  /** What went wrong on our side, for the server log, when the answer is 503. */
  failure?: unknown;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const RETRY_AFTER_SECONDS = '5';
const NOT_FOUND_MESSAGE = 'No webhook accepts requests at this address.';
const NOT_FOUND_BODY = errorResponse(null, 'NOT_FOUND', NOT_FOUND_MESSAGE, 'generic');
const UNAVAILABLE_BODY = errorResponse(null, 'UNAVAILABLE', '', 'generic');
/** The FAILED log is best effort: storage just failed, so the sender is not kept waiting long for it. */
const FAILED_LOG_WAIT_MS = 1_000;
/**
 * When a write may have been stored, the sender waits this long at most to learn whether it was (a database that
 * does not answer at all): a 503 for a stored request would make it send the request again, stored twice.
 */
const OUTCOME_UNKNOWN_WAIT_MS = 10_000;

/**
 * Ingests one request: resolves the webhook from the in-memory cache, runs the pure pipeline (with the sender's
 * verification on the raw bytes and the delivery id, and the mapping expressions evaluated by the runtime's
 * evaluator) and the event rules, and stores the request log with the event and the member's change in one
 * transaction (one statement, shared with concurrent requests by group commit) before answering; that statement also reserves the delivery id, or finds it processed already (then
 * nothing is registered and the original answer is repeated). When storage fails nothing is changed: the answer
 * is 503 with Retry-After, and a FAILED log is attempted on its own. Never throws.
 */
export async function ingestRequest(runtime: IngestionRuntime, input: IngestInput): Promise<IngestResult> {
  let webhook: RoutedWebhook | null;
  try {
    webhook = input.route !== undefined ? input.route : await resolveWebhook(runtime, input);
  } catch (failure) {
    return unavailable(null, failure);
  }
  if (webhook === null) {
    return {
      statusCode: 404,
      headers: { 'content-type': JSON_TYPE, 'x-webhook-error': 'NOT_FOUND' },
      body: NOT_FOUND_BODY,
      logId: null,
      outcome: null,
      eventId: null,
    };
  }

  const logId = input.logId ?? timeOrderedUuid();
  const baseHeaders = { 'content-type': JSON_TYPE, 'x-request-id': logId };
  const request: LoggedRequest = {
    id: logId,
    receivedAt: input.receivedAt,
    method: input.method,
    path: input.path,
    query: input.query,
    headers: input.headers,
    body: input.body,
    // A body that timed out is as incomplete as one cut at the size limit.
    bodyTooLarge: input.bodyTooLarge || input.bodyTimedOut === true,
  };
  const elapsed = () => performance.now() - input.startedAt;
  const nowMs = (runtime.clock ?? Date.now)();
  // The delivery id the logs record: the one the pipeline read, else (refused before it) one a header carries.
  let deliveryId = headerDeliveryId(webhook, input.headers);
  const keep: KeepOriginal = { box: runtime.secretBox, replay: input.replay?.mark ?? null };
  const fields = (logged: LoggedRequest, key: string | null): LogFields =>
    logFields(webhook, logged, elapsed(), key, keep);

  try {
    if (webhook.status !== 'ACTIVE') {
      // The same answer as an unknown address: a sender learns nothing about webhooks it may not use.
      const reason =
        webhook.status === 'ARCHIVED'
          ? 'The webhook is archived; it accepts no requests.'
          : 'The webhook is inactive; activate it to accept requests.';
      return await logOnly(runtime, fields, request, input, deliveryId, {
        statusCode: 404,
        outcome: 'NOT_ROUTABLE',
        errorCode: `WEBHOOK_${webhook.status}`,
        error: reason,
        responseBody: NOT_FOUND_BODY,
        responseHeaders: { ...baseHeaders, 'x-webhook-error': 'NOT_FOUND' },
      });
    }

    const contentType = input.headers['content-type'];
    // Mapping expressions run in worker threads; a webhook without any makes no round trip.
    const result = await runPipelineWithExpressions(
      runtime.expressions,
      expressionProgram(webhook),
      webhook.settings,
      {
        method: input.method,
        contentType: Array.isArray(contentType) ? contentType.join(', ') : contentType,
        headers: input.headers,
        rawBody: input.bodyTooLarge || input.bodyTimedOut ? '' : input.body.toString('utf8'),
        bodyTooLarge: input.bodyTooLarge,
        bodyLimitBytes: input.bodyLimitBytes,
        bodyTimedOut: input.bodyTimedOut,
        bodyTimeoutMs: input.bodyTimeoutMs,
        // A replay's sender was verified when the original arrived; its signature may have expired since.
        sender: input.replay ? undefined : senderCheck(webhook, input, nowMs),
      },
      { traceFilter: false },
    );
    deliveryId = pipelineDeliveryId(result.trace) ?? deliveryId;
    request.customerExternalId = loggedCustomer(result.trace);
    if (result.kind === 'rejected')
      return await logOnly(runtime, fields, request, input, deliveryId, rejected(result, baseHeaders));

    if (webhook.settings.splitOn) {
      return await ingestFanOut(runtime, webhook, fields, request, input, deliveryId, result, baseHeaders);
    }

    const write = planEventWrite(webhook.settings, result);
    if (write.kind === 'rejected')
      return await logOnly(runtime, fields, request, input, deliveryId, rejected(write.rejection, baseHeaders));

    const reservation = replayReservation(input, deliveryId) ?? reservationOf(webhook, deliveryId);
    let stored: StoredResult;
    if (write.kind === 'enrol') {
      const enrolment = { ...write.enrolment, tooManyLabels: rejected(write.tooManyLabels, baseHeaders) };
      stored = await runtime.store.enrolMember(
        fields(request, deliveryId),
        write.event,
        enrolment,
        {
          statusCode: write.processed.statusCode,
          outcome: write.processed.outcome,
          errorCode: null,
          error: null,
          responseBody: write.processed.responseBody,
          responseHeaders: { ...baseHeaders, ...write.processed.extraHeaders },
        },
        reservation,
      );
    } else {
      stored = await runtime.store.write({
        kind: 'member',
        log: fields(request, deliveryId),
        event: write.event,
        change: write.change,
        variants: responseVariants(write.outcomes, baseHeaders),
        idempotency: reservation,
      });
    }
    return {
      statusCode: stored.statusCode,
      headers: stored.responseHeaders,
      body: stored.responseBody,
      logId,
      outcome: stored.outcome as RequestOutcome,
      eventId: stored.eventId,
    };
  } catch (failure) {
    return failed(runtime, fields, request, deliveryId, failure);
  }
}

/**
 * A split request: its items planned, then registered in one transaction of their own (not group-committed: the
 * batch holds one event per request and member); a refusal of any item stores only the log, with the item named.
 */
async function ingestFanOut(
  runtime: IngestionRuntime,
  webhook: RoutedWebhook,
  fields: LogFieldsOf,
  request: LoggedRequest,
  input: IngestInput,
  deliveryId: string | null,
  accepted: AcceptedRequest,
  baseHeaders: Record<string, string>,
): Promise<IngestResult> {
  const plan = planFanOut(webhook.settings, accepted);
  if (plan.kind === 'rejected')
    return logOnly(runtime, fields, request, input, deliveryId, rejected(plan.rejection, baseHeaders));
  const result = await runtime.store.writeFanOut(
    fields(request, deliveryId),
    plan.items,
    {
      statusCode: plan.processed.statusCode,
      outcome: plan.processed.outcome,
      errorCode: null,
      error: null,
      responseBody: plan.processed.responseBody,
      responseHeaders: { ...baseHeaders, ...lowerCaseKeys(plan.processed.extraHeaders) },
    },
    replayReservation(input, deliveryId) ?? reservationOf(webhook, deliveryId),
  );
  if (result.kind === 'refused') {
    const refusal = fanOutRefusal(webhook.settings, accepted, plan.items, result);
    return logOnly(runtime, fields, request, input, deliveryId, rejected(refusal, baseHeaders));
  }
  const { stored } = result;
  return {
    statusCode: stored.statusCode,
    headers: stored.responseHeaders,
    body: stored.responseBody,
    logId: request.id,
    outcome: stored.outcome as RequestOutcome,
    eventId: stored.eventId,
  };
}

/**
 * The webhook's sender check on this request's raw bytes, against the secrets live now (the cache holds them
 * opened; expiry is decided per request, so a secret stops verifying the moment it expires).
 */
function senderCheck(webhook: RoutedWebhook, input: IngestInput, nowMs: number): SenderCheck {
  const { verification, secrets } = webhook;
  return {
    scheme: verification.scheme,
    verify: () => {
      const now = new Date(nowMs);
      const live: LiveSecret[] = secrets
        .filter((secret) => isLiveSecret(secret, now))
        .map(({ id, value }) => ({ id, value }));
      return verifySender(verification, live, { headers: input.headers, rawBody: input.body }, nowMs / 1000);
    },
  };
}

function pipelineDeliveryId(trace: PipelineTrace): string | null {
  return trace.idempotency?.value ?? null;
}

/** A delivery id carried in a header, for the logs of requests refused before the pipeline read it. */
function headerDeliveryId(webhook: RoutedWebhook, headers: IngestInput['headers']): string | null {
  const idempotency = webhook.settings.idempotency;
  if (!idempotency) return null;
  const source = idempotencyKeySource(idempotency.key);
  if (source?.source !== 'headers') return null;
  const reading = readIdempotencyKey(idempotency.key, source, { headers });
  return reading.ok ? reading.value : null;
}

/**
 * What a replay reserves, for as long as replays last: the key of its chain when the first request was processed
 * (held by it: a duplicate); else the sender's delivery id when the request carries one (so that two logs of one
 * delivery, or the sender's later retry of it, register it once), else the key of its chain.
 */
function replayReservation(input: IngestInput, deliveryId: string | null): IdempotencyReservation | null {
  if (!input.replay) return null;
  const { reservation, firstProcessed } = input.replay;
  if (firstProcessed || deliveryId === null) return reservation;
  return { key: deliveryId, windowHours: reservation.windowHours };
}

function reservationOf(webhook: RoutedWebhook, deliveryId: string | null): IdempotencyReservation | null {
  const idempotency = webhook.settings.idempotency;
  return idempotency && deliveryId !== null ? { key: deliveryId, windowHours: idempotency.windowHours } : null;
}

/**
 * The webhook an address resolves to, for callers that did not resolve it. A webhook activated a moment ago may
 * still be cached as inactive until its notification arrives: requests to inactive or archived webhooks re-read
 * the configuration (the cache shares one such read between concurrent requests).
 */
async function resolveWebhook(runtime: IngestionRuntime, input: IngestInput): Promise<RoutedWebhook | null> {
  const webhook = await runtime.cache.resolve(input.accountSlug, input.endpoint);
  if (webhook === null || webhook.status === 'ACTIVE') return webhook;
  return runtime.cache.resolve(input.accountSlug, input.endpoint, true);
}

function rejected(rejection: RejectedRequest, baseHeaders: Record<string, string>): LoggedResponse {
  return {
    statusCode: rejection.statusCode,
    outcome: rejection.outcome,
    errorCode: rejection.errorCode,
    error: rejection.reason,
    responseBody: rejection.responseBody,
    responseHeaders: { ...baseHeaders, ...lowerCaseKeys(rejection.extraHeaders) },
  };
}

/** A request's log fields, timed when called, with its original kept (and its replay mark). */
type LogFieldsOf = (request: LoggedRequest, deliveryId: string | null) => LogFields;

async function logOnly(
  runtime: IngestionRuntime,
  fields: LogFieldsOf,
  request: LoggedRequest,
  input: IngestInput,
  deliveryId: string | null,
  response: LoggedResponse,
): Promise<IngestResult> {
  const notRoutable = response.outcome === 'NOT_ROUTABLE';
  // A request no active webhook took keeps nothing to replay.
  const log = notRoutable
    ? { ...fields(withoutBody(request), deliveryId), original: null }
    : fields(request, deliveryId);
  const logged = notRoutable ? { ...response, error: notRoutableNote(response.error, input) } : response;
  const stored = await runtime.store.write({ kind: 'log', log, response: logged });
  return {
    statusCode: stored.statusCode,
    headers: stored.responseHeaders,
    body: stored.responseBody,
    logId: request.id,
    outcome: response.outcome as RequestOutcome,
    eventId: null,
  };
}

/**
 * Requests that reach no active webhook keep no body: anyone may send them, and their content was never
 * accepted (the HTTP route does not even read it). The log says how large it was.
 */
function withoutBody(request: LoggedRequest): LoggedRequest {
  return { ...request, body: Buffer.alloc(0), bodyTooLarge: false };
}

function notRoutableNote(reason: string | null, input: IngestInput): string {
  const size = bodySize(input);
  const body = size === 0 ? '' : ` The body (${size === null ? 'of undeclared length' : `${size} bytes`}) is not kept.`;
  const count = input.unloggedBefore ?? 0;
  const unlogged =
    count > 0
      ? ` ${count} similar request${count === 1 ? '' : 's'} before this one got the same answer without a log of ${count === 1 ? 'its' : 'their'} own.`
      : '';
  return `${reason ?? ''}${body}${unlogged}`;
}

/** The body's size as declared by Content-Length, else as received; null when chunked and not read. */
function bodySize(input: IngestInput): number | null {
  const declared = input.headers['content-length'];
  const length = Number(Array.isArray(declared) ? declared[0] : declared);
  if (declared !== undefined && Number.isSafeInteger(length) && length >= 0) return length;
  if (input.body.length > 0 || input.headers['transfer-encoding'] === undefined) return input.body.length;
  return null;
}

/**
 * Storage failed. A 503 must mean nothing was stored, so the FAILED log settles it: it has the request's id,
 * so it either finds the request stored after all (a write whose outcome was unknown had committed: the sender
 * gets what was stored) or makes sure it never will be. When even that cannot be written, the answer is 503
 * without a log (and, if the write's outcome was unknown, the server log says so).
 */
async function failed(
  runtime: IngestionRuntime,
  fields: LogFieldsOf,
  request: LoggedRequest,
  deliveryId: string | null,
  failure: unknown,
): Promise<IngestResult> {
  const headers = {
    'content-type': JSON_TYPE,
    'x-request-id': request.id,
    'x-webhook-error': 'UNAVAILABLE',
    'retry-after': RETRY_AFTER_SECONDS,
  };
  const outcomeUnknown = failure instanceof StorageOutcomeUnknown;
  let stored: StoredResult | null;
  try {
    stored = await runtime.store.writeFailedLog(
      fields(request, deliveryId),
      {
        statusCode: 503,
        outcome: 'FAILED',
        errorCode: 'UNAVAILABLE',
        error: `The request could not be stored (${describeFailure(failure)}); nothing was registered and the sender was asked to retry.`,
        responseBody: UNAVAILABLE_BODY,
        responseHeaders: headers,
      },
      outcomeUnknown ? OUTCOME_UNKNOWN_WAIT_MS : FAILED_LOG_WAIT_MS,
    );
  } catch {
    return unavailable(null, failure);
  }
  if (stored) {
    return {
      statusCode: stored.statusCode,
      headers: stored.responseHeaders,
      body: stored.responseBody,
      logId: request.id,
      outcome: stored.outcome as RequestOutcome,
      eventId: stored.eventId,
    };
  }
  return {
    statusCode: 503,
    headers,
    body: UNAVAILABLE_BODY,
    logId: request.id,
    outcome: 'FAILED',
    eventId: null,
    failure,
  };
}

function unavailable(logId: string | null, failure: unknown): IngestResult {
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    'x-webhook-error': 'UNAVAILABLE',
    'retry-after': RETRY_AFTER_SECONDS,
  };
  if (logId) headers['x-request-id'] = logId;
  return { statusCode: 503, headers, body: UNAVAILABLE_BODY, logId, outcome: null, eventId: null, failure };
}

/** Plain words for the log, without the database's own message (it may quote internals). */
function describeFailure(failure: unknown): string {
  const code =
    typeof failure === 'object' && failure !== null && 'code' in failure
      ? String((failure as { code: unknown }).code)
      : '';
  if (failure instanceof StorageOutcomeUnknown) return 'the database did not answer in time';
  if (code === '57014') return 'the database took too long';
  if (code.startsWith('08') || code === 'ECONNREFUSED' || code === 'ECONNRESET')
    return 'the database connection failed';
  if (code.startsWith('53') || code.startsWith('57')) return 'the database is unavailable';
  if (failure instanceof Error && /timeout|out of time|for its turn/i.test(failure.message))
    return 'the database took too long';
  return code ? `database error ${code}` : 'storage error';
}
