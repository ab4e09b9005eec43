import { convertEvent, type ConvertedEvent, type EventIssue, type EventIssueCode } from './conversion.js';
import { findEventDefinition } from './event-catalogue.js';
import type { BalanceRefusal, BalanceTemplate, EventRuleRefusalCode } from './event-rules.js';
import { evaluateFilter, filterPasses, type FilterResult } from './filter.js';
import { jsonNestsDeeperThan, parseJsonText } from './json-text.js';
import { INGESTION_LIMITS } from './limits.js';
import { applyMapping, type MappingTrace } from './mapping.js';
import { errorResponse, errorResponseWithBalance, successResponse } from './response.js';
import type { JsonObject, JsonValue, WebhookSettings } from './types.js';

/**
 * The pure ingestion pipeline: from a resolved webhook and a raw request to either a rejection (status, code,
 * reason, response body) or an event ready for the event rules. The HTTP route, the dry run and replay all
 * run it, so they answer identically.
 *
 * Decisions where the contract is silent:
 * - Checks run in the order method (405), Content-Type (415), body read in time (408), size (413), JSON (400),
 *   filter (422), event (422): what can be decided from the request line and headers comes before the body.
 * - JSON nesting deeper than INGESTION_LIMITS.jsonDepth is refused before parsing, as INVALID_JSON.
 * - A missing Content-Type is unsupported (415), like any type other than application/json or
 *   application/*+json; a charset other than UTF-8 is refused too, since the body is read as UTF-8.
 * - A leading byte-order mark is ignored.
 * - An action missing from the catalogue (a webhook saved before an event was withdrawn) is INVALID_EVENT with
 *   code UNKNOWN_EVENT.
 * - When the mapped event has several issues, the error code is the first one's and the reason lists them all.
 *
 * Prototype safety: JSON.parse keeps "__proto__" keys as own data properties. Nothing downstream assigns through
 * a key taken from the body: paths read own properties only, copies use defineProperty, and writes refuse
 * prototype segments (see paths.ts).
 */

export type PipelineSettings = Pick<
  WebhookSettings,
  'method' | 'filter' | 'action' | 'mapping' | 'successResponse' | 'errorResponse'
>;

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
}

export interface PipelineTrace {
  filter: FilterResult | null;
  mapping: MappingTrace[] | null;
  mappedEvent: { customer?: JsonValue; data: JsonObject } | null;
  convertedEvent: ConvertedEvent | null;
  issues: EventIssue[];
}

export type RejectionOutcome = 'NOT_ROUTABLE' | 'INVALID_REQUEST' | 'FILTERED' | 'INVALID_EVENT';
export type RejectionCode =
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_JSON'
  | 'FILTERED'
  | 'UNKNOWN_EVENT'
  | EventIssueCode
  | EventRuleRefusalCode
  | 'DUPLICATE_TRANSACTION';

export interface RejectedRequest {
  kind: 'rejected';
  statusCode: number;
  errorCode: RejectionCode;
  outcome: RejectionOutcome;
  /** Why, in plain words: the request log's `error`. */
  reason: string;
  responseBody: string;
  /** Always `X-Webhook-Error`; `Allow` for 405. */
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
  event: PipelineEvent;
  trace: PipelineTrace;
}

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

function emptyTrace(filter: FilterResult | null = null): PipelineTrace {
  return { filter, mapping: null, mappedEvent: null, convertedEvent: null, issues: [] };
}

/**
 * Runs a request through method, Content-Type, size, JSON, filter, mapping and conversion checks. Returns the
 * rejection with its status, code, reason and response body, or the converted event for the event rules.
 */
export function runIngestionPipeline(
  settings: PipelineSettings,
  request: IngestionRequest,
  options: PipelineOptions = {},
): AcceptedRequest | RejectedRequest {
  const method = request.method.toUpperCase();
  if (method !== settings.method) {
    return reject(settings, emptyTrace(), {
      statusCode: 405,
      errorCode: 'METHOD_NOT_ALLOWED',
      outcome: 'NOT_ROUTABLE',
      reason: `This webhook accepts ${settings.method} requests, not ${method}.`,
      generic: true,
      headers: { Allow: settings.method },
    });
  }
  const mediaProblem = contentTypeProblem(request.contentType);
  if (mediaProblem) return rejectRequest(settings, 415, 'UNSUPPORTED_MEDIA_TYPE', mediaProblem);
  if (request.bodyTimedOut) {
    const limit = request.bodyTimeoutMs === undefined ? '' : ` within ${formatSeconds(request.bodyTimeoutMs)}`;
    return rejectRequest(
      settings,
      408,
      'REQUEST_TIMEOUT',
      `The body did not arrive in full${limit}; send the whole request at once.`,
    );
  }
  if (request.bodyTooLarge) {
    const limit = request.bodyLimitBytes === undefined ? '' : ` of ${formatBytes(request.bodyLimitBytes)}`;
    return rejectRequest(settings, 413, 'PAYLOAD_TOO_LARGE', `The body is larger than the limit${limit}.`);
  }
  const parsed = parseBody(request.rawBody);
  if (!parsed.ok) return rejectRequest(settings, 400, 'INVALID_JSON', parsed.message);
  const body = parsed.body;

  const filterRequest = { headers: request.headers, body };
  let filter: FilterResult | null = null;
  if (options.traceFilter !== false || !filterPasses(settings.filter, filterRequest)) {
    filter = evaluateFilter(settings.filter, filterRequest);
  }
  if (filter && !filter.passed) {
    return reject(settings, emptyTrace(filter), {
      statusCode: 422,
      errorCode: 'FILTERED',
      outcome: 'FILTERED',
      reason: filter.firstFailure ?? 'The filter did not match.',
    });
  }

  const definition = findEventDefinition(settings.action);
  if (!definition) {
    return rejectEvent(settings, emptyTrace(filter), 'UNKNOWN_EVENT', `The event "${settings.action}" does not exist.`);
  }
  const mapped = applyMapping(settings.mapping, body);
  const mappedEvent =
    mapped.customer === undefined ? { data: mapped.data } : { customer: mapped.customer, data: mapped.data };
  const conversion = convertEvent(definition, mappedEvent);
  const trace: PipelineTrace = {
    filter,
    mapping: mapped.trace,
    mappedEvent,
    convertedEvent: conversion.event,
    issues: conversion.issues,
  };
  if (!conversion.ok) {
    const reason = conversion.issues.map((issue) => issue.message).join('; ');
    return rejectEvent(settings, trace, conversion.issues[0].code, reason);
  }
  return { kind: 'accepted', event: { action: definition.name, ...conversion.event }, trace };
}

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

/**
 * Why a Content-Type is not accepted, or null: application/json or application/*+json, with an optional
 * UTF-8 charset.
 */
export function contentTypeProblem(contentType: string | undefined): string | null {
  const hint = 'send the body as JSON with "Content-Type: application/json"';
  if (contentType === undefined || contentType.trim().length === 0) {
    return `The request has no Content-Type; ${hint}.`;
  }
  const [mediaType, ...parameters] = contentType.split(';');
  if (!JSON_MEDIA_TYPE.test(mediaType.trim().toLowerCase())) {
    return `Content-Type "${mediaType.trim()}" is not supported; ${hint}.`;
  }
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return `The charset "${value.trim()}" is not supported; send the body as UTF-8.`;
    }
  }
  return null;
}

type ParsedBody = { ok: true; body: JsonObject } | { ok: false; message: string };

function parseBody(rawBody: string): ParsedBody {
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
  statusCode: number,
  errorCode: RejectionCode,
  reason: string,
): RejectedRequest {
  return reject(settings, emptyTrace(), { statusCode, errorCode, outcome: 'INVALID_REQUEST', reason });
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
