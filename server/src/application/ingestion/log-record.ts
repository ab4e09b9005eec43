import { isSecretName, REDACTED, redactBodyText, redactHeaders, truncateUtf8 } from '../../domain/redaction.js';
import type { PipelineTrace } from '../../domain/ingestion-pipeline.js';
import type { JsonObject } from '../../domain/types.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { sealOriginal } from './original-request.js';
import type { LogFields, ReplayMark } from './ports.js';
import { storableText } from './event-write.js';
import type { RoutedWebhook } from './webhook-cache.js';

/** Request bodies are stored up to this many bytes (UTF-8); longer ones are cut and flagged. */
export const LOG_BODY_LIMIT = 64 * 1024;

export interface LoggedRequest {
  id: string;
  receivedAt: Date;
  method: string;
  path: string;
  query: string | null;
  headers: Record<string, string | string[] | undefined>;
  /** The body as received (the first bytes only when it was too large). */
  body: Buffer;
  bodyTooLarge: boolean;
  /** The customer it was mapped to, once the pipeline got that far (`loggedCustomer`); absent before. */
  customerExternalId?: string | null;
}

/**
 * The request as its log stores it: secrets redacted (credentials headers, the headers the filter reads, the
 * signature or credential headers of the webhook's verification scheme, header/body/query names that look
 * secret), the body cut past LOG_BODY_LIMIT bytes, and the sender's delivery id when one was read.
 */
export function logFields(
  webhook: RoutedWebhook,
  request: LoggedRequest,
  durationMs: number,
  idempotencyKey: string | null = null,
  keep: KeepOriginal = {},
): LogFields {
  const { requestBody, bodyTruncated } = storedBody(request);
  const query = request.query === null ? null : redactQuery(request.query);
  const requestHeaders = redactHeaders(request.headers, webhook.secretHeaders) as JsonObject;
  return {
    id: request.id,
    accountId: webhook.accountId,
    webhookId: webhook.id,
    receivedAt: request.receivedAt,
    method: request.method,
    path: request.path,
    query,
    requestHeaders,
    requestBody,
    bodyTruncated,
    durationMs,
    idempotencyKey,
    customerExternalId: request.customerExternalId ?? null,
    // A body received in part (too large, timed out) cannot be replayed: its original is not kept.
    original: request.bodyTooLarge
      ? null
      : sealOriginal(keep.box, request, { headers: requestHeaders, query, body: requestBody }),
    replay: keep.replay ?? null,
  };
}

/** How a log keeps the request's original (sealed with `box`; none without), and the mark of a replay. */
export interface KeepOriginal {
  box?: SecretBox;
  replay?: ReplayMark | null;
}

/** An event's customer id is at most this long (conversion.ts); a longer mapped value is not a customer. */
const CUSTOMER_LIMIT = 255;

/**
 * The customer a request was mapped to, for its log: the converted event's customer; when conversion refused the
 * event (another attribute at fault), the mapped customer if it is a usable text or number. Null when the request
 * was refused before its mapping, or the value cannot be a customer or cannot be stored as text.
 */
export function loggedCustomer(trace: Pick<PipelineTrace, 'convertedEvent' | 'mappedEvent'>): string | null {
  const mapped = trace.convertedEvent?.customer ?? trace.mappedEvent?.customer;
  const customer = typeof mapped === 'number' && Number.isFinite(mapped) ? String(mapped) : mapped;
  if (typeof customer !== 'string' || customer.trim().length === 0 || customer.length > CUSTOMER_LIMIT) return null;
  return storableText(customer) ? customer : null;
}

function storedBody(request: LoggedRequest): { requestBody: string | null; bodyTruncated: boolean } {
  if (request.body.length === 0 && !request.bodyTooLarge) return { requestBody: null, bodyTruncated: false };
  const head = request.body.length > LOG_BODY_LIMIT * 2 ? request.body.subarray(0, LOG_BODY_LIMIT * 2) : request.body;
  const text = head.toString('utf8');
  const redacted = mayHoldSecrets(text) ? redactBodyText(text, LOG_BODY_LIMIT) : truncateUtf8(text, LOG_BODY_LIMIT);
  return {
    // PostgreSQL text cannot hold NUL characters; a log shows them as U+FFFD.
    requestBody: redacted.text.includes('\u0000') ? redacted.text.replaceAll('\u0000', '\uFFFD') : redacted.text,
    bodyTruncated: redacted.truncated || head.length < request.body.length || request.bodyTooLarge,
  };
}

/**
 * Whether redaction could change the text: it redacts only names containing a secret word, and a JSON name can
 * spell one without its letters in the text only through a unicode escape (backslash-u). Most bodies hold
 * neither and skip re-parsing.
 */
function mayHoldSecrets(text: string): boolean {
  return text.includes('\\u') || isSecretName(text);
}

/** `a=1&api_key=s3cret` → `a=1&api_key=[REDACTED]`; everything else is kept as sent. */
export function redactQuery(query: string): string {
  if (query.length === 0) return query;
  let changed = false;
  const parts = query.split('&').map((part) => {
    const equals = part.indexOf('=');
    const rawName = equals === -1 ? part : part.slice(0, equals);
    if (!isSecretName(decodeName(rawName))) return part;
    changed = true;
    return `${rawName}=${REDACTED}`;
  });
  return changed ? parts.join('&') : query;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}
