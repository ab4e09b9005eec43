import {
  evaluateFilter,
  hasConditions,
  unevaluatedFilter,
  type ConditionTrace,
  type FilterResult,
  type GroupTrace,
} from './filter.js';
import { parseFormBody } from './form-body.js';
import { bodyFormatOf } from './ingestion-pipeline.js';
import { parseJsonText } from './json-text.js';
import { REDACTED } from './redaction.js';
import type { FilterGroup, JsonObject, JsonValue, RequestOutcome } from './types.js';

/**
 * A filter's trace as the dry run and a log's detail show it: the verdict, the groups (depth-first, each with its
 * verdict) and the conditions (each under its group by `groupPath`, evaluated or not and why).
 */
export interface FilterTrace {
  /** MATCHED, NOT_MATCHED; NOT_EVALUATED when the request was refused before its filter (see `reason`); UNKNOWN. */
  verdict: 'MATCHED' | 'NOT_MATCHED' | 'NOT_EVALUATED' | 'UNKNOWN';
  /** Why the filter, or its details, could not be evaluated, e.g. "the body could not be read". */
  reason: string | null;
  groups: GroupTrace[];
  conditions: ConditionTrace[];
}

/** Refusals that come before the filter (see the pipeline's order), with what kept the filter from running. */
const REFUSED_BEFORE_FILTER: Readonly<Record<string, string>> = {
  METHOD_NOT_ALLOWED: 'the method is not accepted',
  REQUEST_TIMEOUT: 'the body could not be read',
  PAYLOAD_TOO_LARGE: 'the body could not be read',
  UNSUPPORTED_MEDIA_TYPE: 'the body could not be read',
  INVALID_JSON: 'the body could not be read',
  INVALID_REQUEST: 'the body could not be read',
  SIGNATURE_MISSING: 'the sender was not verified',
  SIGNATURE_INVALID: 'the sender was not verified',
  TIMESTAMP_INVALID: 'the sender was not verified',
  UNAUTHENTICATED: 'the sender was not verified',
  WOOCOMMERCE_PING: "the request was the sender's ping",
  IDEMPOTENCY_KEY_MISSING: 'the delivery id was missing',
  IDEMPOTENCY_KEY_INVALID: 'the delivery id could not be used',
  WEBHOOK_INACTIVE: 'the webhook was inactive',
  WEBHOOK_ARCHIVED: 'the webhook was archived',
};

/** Why a refusal with this code kept the filter from running; null when the filter ran (or may have). */
export function refusedBeforeFilter(errorCode: string | null): string | null {
  return errorCode === null ? null : (REFUSED_BEFORE_FILTER[errorCode] ?? null);
}

/**
 * The dry run's trace: the evaluation when the filter ran, else every group and condition not evaluated with the
 * reason. Null when the webhook has no filter (or only empty groups).
 */
export function dryRunFilterTrace(
  filter: FilterGroup | null,
  evaluated: FilterResult | null,
  errorCode: string | null,
): FilterTrace | null {
  if (filter === null || !hasConditions(filter)) return null;
  if (evaluated) return { ...evaluated, verdict: rootVerdict(evaluated.groups), reason: null };
  const reason = refusedBeforeFilter(errorCode) ?? 'the request was refused before the filter';
  return { verdict: 'NOT_EVALUATED', reason, ...unevaluatedFilter(filter, reason) };
}

/** A request as its log keeps it: what a log's trace is evaluated on. */
export interface LoggedFilterRequest {
  outcome: RequestOutcome;
  errorCode: string | null;
  requestHeaders: JsonObject;
  requestBody: string | null;
  bodyTruncated: boolean;
}

/**
 * A log's trace: `filter` (as configured when the request arrived) evaluated again on the request as logged. The
 * log keeps secrets as `[REDACTED]` (the headers a filter reads among them): conditions reading one are not
 * evaluated, and groups they would decide are UNKNOWN. The verdict is what the outcome proves where it does (a
 * FILTERED log did not match; a request that reached its event matched), else the evaluation's. Null without a
 * filter.
 */
export function loggedFilterTrace(filter: FilterGroup | null, log: LoggedFilterRequest): FilterTrace | null {
  if (filter === null || !hasConditions(filter)) return null;
  const before = refusedBeforeFilter(log.errorCode);
  if (before !== null) return { verdict: 'NOT_EVALUATED', reason: before, ...unevaluatedFilter(filter, before) };
  const known = provenVerdict(log);
  const body = loggedBody(log);
  if (typeof body === 'string') {
    return { verdict: known ?? 'UNKNOWN', reason: body, ...unevaluatedFilter(filter, body) };
  }
  const evaluated = evaluateFilter(
    filter,
    { headers: headersOf(log.requestHeaders), body: body.value },
    { unknown: (value) => value === REDACTED },
  );
  return { ...evaluated, verdict: known ?? rootVerdict(evaluated.groups), reason: null };
}

function provenVerdict(log: LoggedFilterRequest): FilterTrace['verdict'] | null {
  if (log.errorCode === 'FILTERED') return 'NOT_MATCHED';
  if (log.outcome === 'PROCESSED' || log.outcome === 'DUPLICATE' || log.outcome === 'INVALID_EVENT') return 'MATCHED';
  return null;
}

function rootVerdict(groups: readonly GroupTrace[]): FilterTrace['verdict'] {
  const root = groups[0]?.verdict;
  return root === 'NOT_MATCHED' || root === 'UNKNOWN' || root === 'NOT_EVALUATED' ? root : 'MATCHED';
}

/** The logged body as the filter reads it, or why it cannot be read again. */
function loggedBody(log: LoggedFilterRequest): { value: JsonValue } | string {
  if (log.bodyTruncated) return 'the log keeps only the beginning of this body';
  const contentType = log.requestHeaders['content-type'];
  const format = bodyFormatOf(typeof contentType === 'string' ? contentType : undefined);
  const text = log.requestBody ?? '';
  if (format === 'form') {
    const parsed = parseFormBody(text);
    return parsed.ok ? { value: parsed.body } : 'the logged body could not be read';
  }
  if (format === 'json') {
    const parsed = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return parsed.ok ? { value: parsed.value } : 'the logged body could not be read';
  }
  return 'the logged body could not be read';
}

function headersOf(headers: JsonObject): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return out;
}
