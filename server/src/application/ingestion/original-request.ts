import type { JsonObject } from '../../domain/types.js';
import type { SecretBox } from '../secrets/secret-box.js';

/**
 * A request's original, as replay needs it, kept at the cost of what its log lacks only: a log stores the request
 * redacted (secret headers, query values and body fields) and its body cut at 64 KB. The difference — the values of
 * the redacted headers, the query when redacted, the raw body when the stored text is not it byte for byte — is
 * sealed with the app's secret key and stored beside the log ('' when there is none, the common case: nothing is
 * sealed). Never returned by the API; dropped with the log's partition.
 */
interface OriginalDiff {
  /** Header values the stored copy redacted, by name as received. */
  h?: Record<string, string | string[]>;
  /** The query string as received. */
  q?: string;
  /** The body as received, base64. */
  b?: string;
}

/** What a log keeps of the request, to compare with what was received. */
export interface StoredCopy {
  headers: JsonObject;
  query: string | null;
  body: string | null;
}

export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  query: string | null;
  body: Buffer;
}

/**
 * The sealed difference between the request as received and its stored copy ('' when there is none); null when
 * there is no box to seal it with.
 */
export function sealOriginal(box: SecretBox | undefined, received: ReceivedRequest, stored: StoredCopy): string | null {
  if (!box) return null;
  const diff: OriginalDiff = {};
  for (const name of Object.keys(received.headers)) {
    const value = received.headers[name];
    if (value === undefined || sameValue(stored.headers[name], value)) continue;
    (diff.h ??= {})[name] = value;
  }
  if (received.query !== stored.query && received.query !== null) diff.q = received.query;
  const storedBody = stored.body === null ? Buffer.alloc(0) : Buffer.from(stored.body, 'utf8');
  if (!storedBody.equals(received.body)) diff.b = received.body.toString('base64');
  if (diff.h === undefined && diff.q === undefined && diff.b === undefined) return '';
  return box.seal(JSON.stringify(diff));
}

/** The request as received, from its stored copy and its sealed original (`sealOriginal`). */
export function openOriginal(box: SecretBox, sealed: string, stored: StoredCopy): ReceivedRequest {
  const diff: OriginalDiff = sealed === '' ? {} : (JSON.parse(box.open(sealed)) as OriginalDiff);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(stored.headers)) {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')))
      headers[name] = value as string | string[];
  }
  Object.assign(headers, diff.h ?? {});
  return {
    headers,
    query: diff.q ?? stored.query,
    body: diff.b !== undefined ? Buffer.from(diff.b, 'base64') : Buffer.from(stored.body ?? '', 'utf8'),
  };
}

function sameValue(stored: unknown, received: string | string[]): boolean {
  if (typeof received === 'string') return stored === received;
  return Array.isArray(stored) && stored.length === received.length && stored.every((v, i) => v === received[i]);
}
