import { convertEvent, type ConvertedEvent, type EventIssue, type EventIssueCode } from './conversion.js';
import { findEventDefinition } from './event-catalogue.js';
import { parseFormBody } from './form-body.js';
import {
  idempotencyKeySource,
  readIdempotencyKey,
  type IdempotencyKeyProblemCode,
  type IdempotencyKeyReading,
} from './idempotency-key.js';
import type { BalanceRefusal, BalanceTemplate, EventRuleRefusalCode } from './event-rules.js';
import { evaluateFilter, filterPasses, type FilterResult } from './filter.js';
import { jsonNestsDeeperThan, parseJsonText } from './json-text.js';
import { INGESTION_LIMITS } from './limits.js';
import { applyMapping, hasExpressions, type ComputedValues, type MappingTrace } from './mapping.js';
import { lookupPath, MISSING, splitPath } from './paths.js';
import { errorResponse, errorResponseWithBalance, successResponse } from './response.js';
import type {
  EventDefinition,
  ExpressionErrorCode,
  IdempotencySettings,
  JsonObject,
  JsonValue,
  WebhookSettings,
} from './types.js';

/**
 * The pure ingestion pipeline: from a resolved webhook and a raw request to either a rejection (status, code,
 * reason, response body) or an event ready for the event rules. The HTTP route, the dry run and replay all
 * run it, so they answer identically.
 *
 * Checks run in the order of docs/spec/next/sender-auth.md: method (405), body read in time (408), size (413),
 * sender verification (401, on the raw bytes), idempotency key (400 when missing), Content-Type (415), the body
 * (400: JSON, or a form), filter (422), event (422). A key read from the body needs the parsed body, so it is read
 * after that step.
 *
 * Decisions where the contract is silent:
 * - A body that did not arrive in time (408) is as unread as one past the size limit: both come before verification,
 *   which needs the whole body.
 * - JSON nesting deeper than INGESTION_LIMITS.jsonDepth is refused before parsing, as INVALID_JSON.
 * - Two kinds of body are read: JSON (application/json, application/*+json) and forms
 *   (application/x-www-form-urlencoded, parsed by form-body.ts into an object of texts and lists of texts, which
 *   filters and mappings read like JSON). A missing Content-Type is unsupported (415), like any other type; a
 *   charset other than UTF-8 is refused too (415), since the body is read as UTF-8: the senders of forms we serve
 *   send UTF-8, and decoding legacy charsets would be guessing at what a byte meant.
 * - A form whose percent-encoding is malformed is 400 with code INVALID_REQUEST (its reason names the field and
 *   the character); INVALID_JSON stays the code of bodies that are not JSON.
 * - A leading byte-order mark is ignored (JSON).
 * - An action missing from the catalogue (a webhook saved before an event was withdrawn) is INVALID_EVENT with
 *   code UNKNOWN_EVENT.
 * - When the mapped event has several issues, the error code is the first one's and the reason lists them all.
 * - Mapping expressions are evaluated between `prepareIngestion` (up to the event definition) and
 *   `completeIngestion` (mapping and conversion), outside the domain: their evaluator is a port of the application
 *   (runaway expressions must not stall anything). One that fails or runs out of time refuses the request: 422
 *   INVALID_EVENT, code EXPRESSION_FAILED or EXPRESSION_TIMEOUT, the reason naming the row.
 *
 * - Fan-out (`splitOn: "body.<path>"`): after the filter (which sees the whole body), the list at the path is read;
 *   each item (an object) is mapped and converted on its own, and the request is accepted only when every item is.
 *   A missing path, a value that is not a list, an empty list, more than SPLIT_ITEM_LIMIT items or an item that is
 *   not an object is 422 INVALID_EVENT with code SPLIT_FAILED; an item refused by conversion or an expression is
 *   refused with its own code and the reason prefixed with the item, e.g. "events[2]: …".
 *
 * Prototype safety: JSON.parse keeps "__proto__" keys as own data properties. Nothing downstream assigns through
 * a key taken from the body: paths read own properties only, copies use defineProperty, and writes refuse
 * prototype segments (see paths.ts).
 */

export type PipelineSettings = Pick<
  WebhookSettings,
  'method' | 'filter' | 'action' | 'mapping' | 'successResponse' | 'errorResponse' | 'splitOn'
> & {
  /** Where the sender's delivery id is; absent or null: the webhook has no idempotency. */
  idempotency?: IdempotencySettings | null;
};

/**
 * What sender verification decided (the verifier in security/verification returns it): verified; refused (401,
 * with the code of sender-auth.md and plain words naming the failed check, never an expected value); or a sender's
 * ping that must be answered 200 and registers nothing (WooCommerce's creation ping).
 */
export type SenderVerdict =
  | { ok: true }
  | { ok: false; status: 401; errorCode: VerificationRefusalCode; reason: string; wwwAuthenticate?: string }
  | { ok: false; status: 200; ping: string; reason: string };

export type VerificationRefusalCode =
  'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'TIMESTAMP_INVALID' | 'UNAUTHENTICATED';

/** The webhook's sender check, run on the request's raw bytes when its turn comes (it is the caller's crypto). */
export interface SenderCheck {
  scheme: string;
  verify(): SenderVerdict;
}

export interface IngestionRequest {
  method: string;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** The body decoded as UTF-8. */
  rawBody: string;
  /** Set by the route when the body exceeded its limit (and so was not read in full). */
  bodyTooLarge?: boolean;
  /** The limit, for the 413 message. */
  bodyLimitBytes?: number;
  /** Set by the route when the body did not arrive in full within its time limit (so was not read in full). */
  bodyTimedOut?: boolean;
  /** That time limit, for the 408 message. */
  bodyTimeoutMs?: number;
  /** Verifies the sender; absent: nobody is verified (as with the NONE scheme). */
  sender?: SenderCheck;
}

/** The verification step as the dry run shows it: never the expected value, only which check failed. */
export interface VerificationTrace {
  scheme: string;
  verified: boolean;
  /** SIGNATURE_MISSING, SIGNATURE_INVALID, TIMESTAMP_INVALID, UNAUTHENTICATED; WOOCOMMERCE_PING for the ping. */
  errorCode: string | null;
  reason: string | null;
}

/** The idempotency step: where the key is read, what was found there (or why nothing usable was). */
export interface IdempotencyTrace {
  key: string;
  value: string | null;
  problem: string | null;
}

/** One item of a split request: its mapping and conversion (the first items of a refused request, up to the one at fault). */
export interface ItemTrace {
  /** The item's position in the list, from 0. */
  index: number;
  mapping: MappingTrace[];
  mappedEvent: { customer?: JsonValue; data: JsonObject };
  convertedEvent: ConvertedEvent | null;
  issues: EventIssue[];
}

export interface PipelineTrace {
  /**
   * Split requests only: every item mapped so far, in order. The fields `mapping` to `issues` then show the first
   * item of an accepted request, or the item at fault.
   */
  items?: ItemTrace[];
  /** Null when the request was refused before its sender was checked. */
  verification: VerificationTrace | null;
  /** Null when the webhook has no idempotency, or the request was refused before its key was read. */
  idempotency: IdempotencyTrace | null;
  filter: FilterResult | null;
  mapping: MappingTrace[] | null;
  mappedEvent: { customer?: JsonValue; data: JsonObject } | null;
  convertedEvent: ConvertedEvent | null;
  issues: EventIssue[];
}

export type RejectionOutcome = 'NOT_ROUTABLE' | 'INVALID_REQUEST' | 'UNAUTHENTICATED' | 'FILTERED' | 'INVALID_EVENT';
export type RejectionCode =
  | 'METHOD_NOT_ALLOWED'
  | VerificationRefusalCode
  | 'WOOCOMMERCE_PING'
  | IdempotencyKeyProblemCode
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_JSON'
  | 'INVALID_REQUEST'
  | 'FILTERED'
  | 'UNKNOWN_EVENT'
  | EventIssueCode
  | EventRuleRefusalCode
  | 'DUPLICATE_TRANSACTION'
  | 'SPLIT_FAILED'
  | ExpressionErrorCode;

export interface RejectedRequest {
  kind: 'rejected';
  statusCode: number;
  errorCode: RejectionCode;
  outcome: RejectionOutcome;
  /** Why, in plain words: the request log's `error`. */
  reason: string;
  responseBody: string;
  /** `X-Webhook-Error` (except for a 200 ping); `Allow` for 405; `WWW-Authenticate` for a BASIC_AUTH 401. */
  extraHeaders: Record<string, string>;
  trace: PipelineTrace;
}

export interface PipelineEvent {
  action: string;
  customer: string;
  data: JsonObject;
}

export interface AcceptedRequest {
  kind: 'accepted';
  /** The event; the first item's for a split request. */
  event: PipelineEvent;
  /** Every event the request registers, in item order: `[event]` unless the webhook splits. */
  events: PipelineEvent[];
  trace: PipelineTrace;
}

/** Items of one split request at most: a request with more is refused (SPLIT_FAILED). */
export const SPLIT_ITEM_LIMIT = 1_000;

export interface ProcessedRequest {
  kind: 'processed';
  statusCode: 200;
  outcome: 'PROCESSED';
  eventId: string;
  responseBody: string;
  extraHeaders: Record<string, string>;
  trace: PipelineTrace;
}

export interface PipelineOptions {
  /**
   * Explain every filter condition even when the filter passes (default true, what the dry run shows).
   * The HTTP route can pass false: passing requests then skip building the trace, failing ones still get it.
   */
  traceFilter?: boolean;
}

/** The steps before the filter, as far as the request got: carried into every trace it ends with. */
type EarlySteps = Pick<PipelineTrace, 'verification' | 'idempotency'>;

function emptyTrace(steps: EarlySteps, filter: FilterResult | null = null): PipelineTrace {
  return { ...steps, filter, mapping: null, mappedEvent: null, convertedEvent: null, issues: [] };
}

const NOTHING_YET: EarlySteps = { verification: null, idempotency: null };

/** A request that passed every check before the mapping: what mapping, expressions and conversion work on. */
export interface PreparedRequest {
  kind: 'prepared';
  steps: EarlySteps;
  filter: FilterResult | null;
  definition: EventDefinition;
  body: JsonObject;
  headers: IngestionRequest['headers'];
  /** The items a split request becomes, in order (each mapped as a body of its own); null when it does not split. */
  items: JsonObject[] | null;
}

/**
 * What a request's mapping expressions gave (see `expressionRequest` in mapping.ts): every row's value, or the row
 * whose expression failed or ran out of time, with why (a sentence about "the expression").
 */
export type ExpressionOutcome =
  { ok: true; computed: ComputedValues } | { ok: false; code: ExpressionErrorCode; row: number; message: string };

/**
 * Runs a request through every check: method, size, sender verification, idempotency key, Content-Type, body,
 * filter, mapping and conversion. Returns the rejection with its status, code, reason and response body, or the
 * converted event (and its delivery id, when the webhook has idempotency) for the event rules.
 *
 * Mapping expressions are not evaluated here (that is asynchronous and outside the domain): rows with one write
 * nothing (or their default) and their trace says so. Whoever answers senders or shows a dry run uses
 * `prepareIngestion`, evaluates, then `completeIngestion`.
 */
export function runIngestionPipeline(
  settings: PipelineSettings,
  request: IngestionRequest,
  options: PipelineOptions = {},
): AcceptedRequest | RejectedRequest {
  const prepared = prepareIngestion(settings, request, options);
  return prepared.kind === 'rejected' ? prepared : completeIngestion(settings, prepared, null);
}

/**
 * The checks before the mapping — method, size, sender verification, idempotency key, Content-Type, body, filter,
 * and the event's definition — ending in a rejection or the parsed request.
 */
export function prepareIngestion(
  settings: PipelineSettings,
  request: IngestionRequest,
  options: PipelineOptions = {},
): PreparedRequest | RejectedRequest {
  const method = request.method.toUpperCase();
  if (method !== settings.method) {
    return reject(settings, emptyTrace(NOTHING_YET), {
      statusCode: 405,
      errorCode: 'METHOD_NOT_ALLOWED',
      outcome: 'NOT_ROUTABLE',
      reason: `This webhook accepts ${settings.method} requests, not ${method}.`,
      generic: true,
      headers: { Allow: settings.method },
    });
  }
  if (request.bodyTimedOut) {
    const limit = request.bodyTimeoutMs === undefined ? '' : ` within ${formatSeconds(request.bodyTimeoutMs)}`;
    return rejectRequest(
      settings,
      NOTHING_YET,
      408,
      'REQUEST_TIMEOUT',
      `The body did not arrive in full${limit}; send the whole request at once.`,
    );
  }
  if (request.bodyTooLarge) {
    const limit = request.bodyLimitBytes === undefined ? '' : ` of ${formatBytes(request.bodyLimitBytes)}`;
    return rejectRequest(settings, NOTHING_YET, 413, 'PAYLOAD_TOO_LARGE', `The body is larger than the limit${limit}.`);
  }

  let steps: EarlySteps = NOTHING_YET;
  if (request.sender) {
    const verdict = request.sender.verify();
    steps = { ...steps, verification: verificationTrace(request.sender.scheme, verdict) };
    if (!verdict.ok) return verdict.status === 200 ? ping(steps, verdict.reason) : unauthenticated(steps, verdict);
  }

  const idempotency = settings.idempotency ?? null;
  const keySource = idempotency ? idempotencyKeySource(idempotency.key) : null;
  if (idempotency && keySource?.source === 'headers') {
    const reading = readIdempotencyKey(idempotency.key, keySource, { headers: request.headers });
    steps = { ...steps, idempotency: idempotencyTrace(idempotency.key, reading) };
    if (!reading.ok) return rejectRequest(settings, steps, 400, reading.code, reading.reason);
  }

  const format = bodyFormatOf(request.contentType);
  if (typeof format !== 'string') return rejectRequest(settings, steps, 415, 'UNSUPPORTED_MEDIA_TYPE', format.problem);
  const parsed = format === 'json' ? parseJsonBody(request.rawBody) : parseFormBody(request.rawBody);
  if (!parsed.ok) {
    const code = format === 'json' ? 'INVALID_JSON' : 'INVALID_REQUEST';
    return rejectRequest(settings, steps, 400, code, parsed.message);
  }
  const body = parsed.body;

  if (idempotency && keySource?.source === 'body') {
    const reading = readIdempotencyKey(idempotency.key, keySource, { headers: request.headers, body });
    steps = { ...steps, idempotency: idempotencyTrace(idempotency.key, reading) };
    if (!reading.ok) return rejectRequest(settings, steps, 400, reading.code, reading.reason);
  }

  const filterRequest = { headers: request.headers, body };
  let filter: FilterResult | null = null;
  if (options.traceFilter !== false || !filterPasses(settings.filter, filterRequest)) {
    filter = evaluateFilter(settings.filter, filterRequest);
  }
  if (filter && !filter.passed) {
    return reject(settings, emptyTrace(steps, filter), {
      statusCode: 422,
      errorCode: 'FILTERED',
      outcome: 'FILTERED',
      reason: filter.firstFailure ?? 'The filter did not match.',
    });
  }

  const definition = findEventDefinition(settings.action);
  if (!definition) {
    return rejectEvent(
      settings,
      emptyTrace(steps, filter),
      'UNKNOWN_EVENT',
      `The event "${settings.action}" does not exist.`,
    );
  }
  let items: JsonObject[] | null = null;
  if (settings.splitOn) {
    const split = splitItems(settings.splitOn, body);
    if (!split.ok) return rejectEvent(settings, emptyTrace(steps, filter), 'SPLIT_FAILED', split.reason);
    items = split.items;
  }
  return { kind: 'prepared', steps, filter, definition, body, headers: request.headers, items };
}

/** The path of a split request's list without "body." (the item prefix of reasons: "events[2]: …"). */
export function splitPathOf(splitOn: string): string {
  return splitOn.startsWith('body.') ? splitOn.slice('body.'.length) : splitOn;
}

/** The items of a split request: the list at `splitOn`, of 1 to SPLIT_ITEM_LIMIT objects, or why it cannot be split. */
export function splitItems(
  splitOn: string,
  body: JsonObject,
): { ok: true; items: JsonObject[] } | { ok: false; reason: string } {
  const path = splitPathOf(splitOn);
  const list = lookupPath(body, splitPath(path));
  if (list === MISSING)
    return { ok: false, reason: `The body has no "${path}" (splitOn ${splitOn}): nothing to split.` };
  if (!Array.isArray(list)) {
    return { ok: false, reason: `"${path}" is ${kindOf(list)}, not a list (splitOn ${splitOn}).` };
  }
  if (list.length === 0) return { ok: false, reason: `"${path}" is an empty list: nothing to register.` };
  if (list.length > SPLIT_ITEM_LIMIT) {
    return {
      ok: false,
      reason: `"${path}" has ${list.length} items; at most ${SPLIT_ITEM_LIMIT} are registered from one request. Send them in smaller requests.`,
    };
  }
  const items: JsonObject[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, reason: `${path}[${i}]: the item is ${kindOf(item)}, not an object.` };
    }
    items.push(item);
  }
  return { ok: true, items };
}

/**
 * Mapping and conversion of a prepared request, with what its mapping expressions gave: `expressions` is null
 * when none were evaluated (a mapping without expressions, or a pure run; see `runIngestionPipeline`). For a split
 * request it is one outcome per item, in item order (or null).
 */
export function completeIngestion(
  settings: PipelineSettings,
  prepared: PreparedRequest,
  expressions: ExpressionOutcome | readonly ExpressionOutcome[] | null,
): AcceptedRequest | RejectedRequest {
  if (prepared.items !== null) {
    return completeItems(settings, prepared, prepared.items, Array.isArray(expressions) ? expressions : null);
  }
  const outcome = Array.isArray(expressions) ? (expressions[0] ?? null) : (expressions as ExpressionOutcome | null);
  const { steps, filter } = prepared;
  const one = convertOne(settings, prepared.definition, prepared.body, outcome);
  if (one.kind === 'expression') return rejectEvent(settings, emptyTrace(steps, filter), one.code, one.reason);
  const trace: PipelineTrace = { ...steps, filter, ...one.trace };
  if (!one.ok) return rejectEvent(settings, trace, one.code, one.reason);
  return { kind: 'accepted', event: one.event, events: [one.event], trace };
}

type ConvertedOne =
  | { kind: 'expression'; code: ExpressionErrorCode; reason: string }
  | { kind: 'converted'; ok: true; event: PipelineEvent; trace: Omit<ItemTrace, 'index'> }
  | { kind: 'converted'; ok: false; code: RejectionCode; reason: string; trace: Omit<ItemTrace, 'index'> };

/** One body (the request's, or an item's) mapped and converted. */
function convertOne(
  settings: PipelineSettings,
  definition: EventDefinition,
  body: JsonObject,
  expressions: ExpressionOutcome | null,
): ConvertedOne {
  if (expressions && !expressions.ok) {
    return {
      kind: 'expression',
      code: expressions.code,
      reason: expressionReason(settings, expressions.row, expressions.message),
    };
  }
  const mapped = applyMapping(settings.mapping, body, expressions?.computed);
  if (expressions === null && hasExpressions(settings.mapping)) {
    mapped.trace = mapped.trace.map((row) =>
      row.expression === undefined
        ? row
        : { ...row, problem: 'The expression was not evaluated (a run without an evaluator).' },
    );
  }
  const mappedEvent =
    mapped.customer === undefined ? { data: mapped.data } : { customer: mapped.customer, data: mapped.data };
  const conversion = convertEvent(definition, mappedEvent);
  const trace = {
    mapping: mapped.trace,
    mappedEvent,
    convertedEvent: conversion.event,
    issues: conversion.issues,
  };
  if (!conversion.ok) {
    const reason = conversion.issues.map((issue) => issue.message).join('; ');
    return { kind: 'converted', ok: false, code: conversion.issues[0].code, reason, trace };
  }
  return { kind: 'converted', ok: true, event: { action: definition.name, ...conversion.event }, trace };
}

/** Every item of a split request, in order: all accepted, or the request refused at the first item at fault. */
function completeItems(
  settings: PipelineSettings,
  prepared: PreparedRequest,
  items: readonly JsonObject[],
  expressions: readonly ExpressionOutcome[] | null,
): AcceptedRequest | RejectedRequest {
  const { steps, filter, definition } = prepared;
  const path = splitPathOf(settings.splitOn ?? '');
  const traces: ItemTrace[] = [];
  const events: PipelineEvent[] = [];
  for (let index = 0; index < items.length; index++) {
    const one = convertOne(settings, definition, items[index], expressions?.[index] ?? null);
    const at = `${path}[${index}]: `;
    if (one.kind === 'expression') {
      return rejectEvent(settings, { ...emptyTrace(steps, filter), items: traces }, one.code, at + one.reason);
    }
    traces.push({ index, ...one.trace });
    if (!one.ok)
      return rejectEvent(settings, { ...steps, filter, ...one.trace, items: traces }, one.code, at + one.reason);
    events.push(one.event);
  }
  const trace: PipelineTrace = { ...steps, filter, ...withoutIndex(traces[0]), items: traces };
  return { kind: 'accepted', event: events[0], events, trace };
}

function withoutIndex(item: ItemTrace): Omit<ItemTrace, 'index'> {
  const { index: _index, ...rest } = item;
  return rest;
}

/** "Mapping row 3 (total_price → data.points): the expression …": the row as the editor numbers it. */
function expressionReason(settings: PipelineSettings, row: number, message: string): string {
  const rule = settings.mapping[row];
  const which = rule ? ` (${rule.from} → ${rule.to})` : '';
  const sentence = message.length > 0 ? message.charAt(0).toLowerCase() + message.slice(1) : 'the expression failed.';
  return `Mapping row ${row + 1}${which}: ${/[.!?]$/.test(sentence) ? sentence : `${sentence}.`}`;
}

function verificationTrace(scheme: string, verdict: SenderVerdict): VerificationTrace {
  if (verdict.ok) return { scheme, verified: true, errorCode: null, reason: null };
  return {
    scheme,
    verified: false,
    errorCode: verdict.status === 200 ? 'WOOCOMMERCE_PING' : verdict.errorCode,
    reason: verdict.reason,
  };
}

function idempotencyTrace(key: string, reading: IdempotencyKeyReading): IdempotencyTrace {
  return reading.ok ? { key, value: reading.value, problem: null } : { key, value: null, problem: reading.reason };
}

/**
 * A sender that failed verification: 401 with the generic error body (never the webhook's configured one: the
 * sender is not known to be the webhook's), the check that failed in the reason and `X-Webhook-Error`, and the
 * Basic challenge for BASIC_AUTH.
 */
function unauthenticated(steps: EarlySteps, verdict: Extract<SenderVerdict, { status: 401 }>): RejectedRequest {
  const headers: Record<string, string> = { 'X-Webhook-Error': verdict.errorCode };
  if (verdict.wwwAuthenticate !== undefined) headers['WWW-Authenticate'] = verdict.wwwAuthenticate;
  return {
    kind: 'rejected',
    statusCode: 401,
    errorCode: verdict.errorCode,
    outcome: 'UNAUTHENTICATED',
    reason: verdict.reason,
    responseBody: errorResponse(null, verdict.errorCode, verdict.reason, 'generic'),
    extraHeaders: headers,
    trace: emptyTrace(steps),
  };
}

/**
 * A sender's ping (WooCommerce checks a new webhook with an unsigned `webhook_id=<n>` form and saves it only on a
 * 200): answered 200, nothing registered, logged as FILTERED with the reason, since it was deliberately not turned
 * into an event. Not an error, so no `X-Webhook-Error`.
 */
function ping(steps: EarlySteps, reason: string): RejectedRequest {
  return {
    kind: 'rejected',
    statusCode: 200,
    errorCode: 'WOOCOMMERCE_PING',
    outcome: 'FILTERED',
    reason,
    responseBody: PING_BODY,
    extraHeaders: {},
    trace: emptyTrace(steps),
  };
}

const PING_BODY = JSON.stringify({ ok: true, ping: true });

/** The outcome of the event rules and storage for an accepted request. */
export type RuleOutcome =
  { ok: true; eventId: string } | { ok: false; code: EventRuleRefusalCode | 'DUPLICATE_TRANSACTION'; message: string };

/**
 * Turns what happened to an accepted event into the response: a refusal by an event rule or by storage
 * (CUSTOMER_NOT_FOUND, INSUFFICIENT_POINTS, DUPLICATE_TRANSACTION, INVALID_ATTRIBUTE) is a 422 INVALID_EVENT,
 * a stored event is a 200 with the success body.
 */
export function finishWithRule(
  settings: PipelineSettings,
  accepted: AcceptedRequest,
  outcome: RuleOutcome,
): ProcessedRequest | RejectedRequest {
  if (!outcome.ok) return rejectEvent(settings, accepted.trace, outcome.code, outcome.message);
  return {
    kind: 'processed',
    statusCode: 200,
    outcome: 'PROCESSED',
    eventId: outcome.eventId,
    responseBody: successResponse(settings.successResponse, outcome.eventId),
    extraHeaders: {},
    trace: accepted.trace,
  };
}

const JSON_MEDIA_TYPE = /^application\/(?:[!#$%&'*.^_`|~0-9a-z-]+\+)?json$/;
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** How a body is read: as JSON or as an HTML form. */
export type BodyFormat = 'json' | 'form';

const ACCEPTED_TYPES_HINT =
  'send JSON with "Content-Type: application/json" or a form with "Content-Type: application/x-www-form-urlencoded"';

/**
 * How a Content-Type says to read the body — `json` for application/json and application/*+json, `form` for
 * application/x-www-form-urlencoded, each with an optional UTF-8 charset — or why it cannot be read.
 */
export function bodyFormatOf(contentType: string | undefined): BodyFormat | { problem: string } {
  if (contentType === undefined || contentType.trim().length === 0) {
    return { problem: `The request has no Content-Type; ${ACCEPTED_TYPES_HINT}.` };
  }
  const [rawMediaType, ...parameters] = contentType.split(';');
  const mediaType = rawMediaType.trim().toLowerCase();
  const format: BodyFormat | null =
    mediaType === FORM_MEDIA_TYPE ? 'form' : JSON_MEDIA_TYPE.test(mediaType) ? 'json' : null;
  if (format === null) {
    return { problem: `Content-Type "${rawMediaType.trim()}" is not supported; ${ACCEPTED_TYPES_HINT}.` };
  }
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return { problem: `The charset "${value.trim()}" is not supported; send the body as UTF-8 (charset=utf-8).` };
    }
  }
  return format;
}

/** Why a Content-Type is not accepted (see `bodyFormatOf`), or null. */
export function contentTypeProblem(contentType: string | undefined): string | null {
  const format = bodyFormatOf(contentType);
  return typeof format === 'string' ? null : format.problem;
}

type ParsedBody = { ok: true; body: JsonObject } | { ok: false; message: string };

function parseJsonBody(rawBody: string): ParsedBody {
  const text = rawBody.charCodeAt(0) === 0xfeff ? rawBody.slice(1) : rawBody;
  if (jsonNestsDeeperThan(text, INGESTION_LIMITS.jsonDepth)) {
    return {
      ok: false,
      message: `The JSON nests objects and lists more than ${INGESTION_LIMITS.jsonDepth} levels deep; at most ${INGESTION_LIMITS.jsonDepth} are allowed.`,
    };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: `The body must be a JSON object such as {"customer_id":"42"}; it is ${kindOf(value)}.`,
    };
  }
  return { ok: true, body: value };
}

function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a text';
  return `a ${typeof value}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

interface Rejection {
  statusCode: number;
  errorCode: RejectionCode;
  outcome: RejectionOutcome;
  reason: string;
  /** The generic error body instead of the webhook's own (404/405). */
  generic?: boolean;
  headers?: Record<string, string>;
}

function reject(settings: PipelineSettings, trace: PipelineTrace, rejection: Rejection): RejectedRequest {
  const kind = rejection.generic ? 'generic' : 'webhook';
  return {
    kind: 'rejected',
    statusCode: rejection.statusCode,
    errorCode: rejection.errorCode,
    outcome: rejection.outcome,
    reason: rejection.reason,
    responseBody: errorResponse(settings.errorResponse, rejection.errorCode, rejection.reason, kind),
    extraHeaders: { 'X-Webhook-Error': rejection.errorCode, ...rejection.headers },
    trace,
  };
}

function rejectRequest(
  settings: PipelineSettings,
  steps: EarlySteps,
  statusCode: number,
  errorCode: RejectionCode,
  reason: string,
): RejectedRequest {
  return reject(settings, emptyTrace(steps), { statusCode, errorCode, outcome: 'INVALID_REQUEST', reason });
}

const INVALID_EVENT = { statusCode: 422, outcome: 'INVALID_EVENT' } as const;

function rejectEvent(
  settings: PipelineSettings,
  trace: PipelineTrace,
  errorCode: RejectionCode,
  reason: string,
): RejectedRequest {
  return reject(settings, trace, { ...INVALID_EVENT, errorCode, reason });
}

/**
 * What the sender gets and the log records, whichever way the request ended. `Text` is `BalanceTemplate` for an
 * answer whose reason and default body quote a balance that only the reader of the member's row will know.
 */
export interface PipelineAnswer<Text = string> {
  statusCode: number;
  outcome: ProcessedRequest['outcome'] | RejectionOutcome;
  errorCode: RejectionCode | null;
  reason: string | Text | null;
  responseBody: string | Text;
  extraHeaders: Record<string, string>;
}

/**
 * The answer to a refusal that quotes the member's balance, with the balance left as a slot in its reason and
 * (unless the webhook configures its error body) its body: filled, it is what `finishWithRule` answers for the
 * refusal with that balance.
 */
export function answerWithBalance(
  settings: PipelineSettings,
  refusal: BalanceRefusal,
): PipelineAnswer<BalanceTemplate> {
  return {
    ...INVALID_EVENT,
    errorCode: refusal.code,
    reason: refusal.message,
    responseBody: errorResponseWithBalance(settings.errorResponse, refusal.code, refusal.message),
    extraHeaders: { 'X-Webhook-Error': refusal.code },
  };
}

export function answerOf(result: ProcessedRequest | RejectedRequest): PipelineAnswer {
  return {
    statusCode: result.statusCode,
    outcome: result.outcome,
    errorCode: result.kind === 'rejected' ? result.errorCode : null,
    reason: result.kind === 'rejected' ? result.reason : null,
    responseBody: result.responseBody,
    extraHeaders: result.extraHeaders,
  };
}
