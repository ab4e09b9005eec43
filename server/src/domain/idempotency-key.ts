import { lookupPath, MISSING, parseFilterAttribute, type FilterAttribute } from './paths.js';
import type { JsonObject } from './types.js';

/**
 * Reading the sender's delivery id for idempotency (docs/spec/next/sender-auth.md): `headers.<name>` or
 * `body.<dot.path>`, as configured in the webhook's `idempotency.key`.
 */

/** Longer keys are refused: a delivery id is short, and the key is stored in a unique index. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 256;

export type IdempotencyKeyProblemCode = 'IDEMPOTENCY_KEY_MISSING' | 'IDEMPOTENCY_KEY_INVALID';

export type IdempotencyKeyReading =
  { ok: true; value: string } | { ok: false; code: IdempotencyKeyProblemCode; reason: string };

/** Where a configured key is read from; null for a key that names no place (never stored: settings are checked). */
export function idempotencyKeySource(key: string): FilterAttribute | null {
  return parseFilterAttribute(key);
}

/**
 * The delivery id a request carries at `source`. A header must hold one non-empty value (a repeated header with
 * different values is ambiguous); a body value must be a non-empty text or a number. `key` is the configured
 * place, for the reasons.
 */
export function readIdempotencyKey(
  key: string,
  source: FilterAttribute,
  request: { headers: Record<string, string | string[] | undefined>; body?: JsonObject },
): IdempotencyKeyReading {
  if (source.source === 'headers') {
    const raw = request.headers[source.name];
    const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (values.length === 0) return missing(key, 'the header is absent or empty');
    if (new Set(values).size > 1) return invalid(key, 'the header is repeated with different values');
    return checkedLength(key, values[0]);
  }
  const value = lookupPath(request.body, source.segments);
  if (value === MISSING || value === null || value === '') {
    return missing(key, value === MISSING ? 'the body has no such attribute' : 'the value is empty');
  }
  if (typeof value === 'string') return checkedLength(key, value);
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: String(value) };
  const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return invalid(key, `the value is ${kind}, not a text or number`);
}

function checkedLength(key: string, value: string): IdempotencyKeyReading {
  if (value.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return invalid(
      key,
      `the value is ${value.length} characters long; a delivery id has at most ${IDEMPOTENCY_KEY_MAX_LENGTH}`,
    );
  }
  return { ok: true, value };
}

function missing(key: string, why: string): IdempotencyKeyReading {
  return {
    ok: false,
    code: 'IDEMPOTENCY_KEY_MISSING',
    reason: `This webhook reads the delivery id from ${key}, but ${why}; send the delivery id there.`,
  };
}

function invalid(key: string, why: string): IdempotencyKeyReading {
  return {
    ok: false,
    code: 'IDEMPOTENCY_KEY_INVALID',
    reason: `This webhook reads the delivery id from ${key}, but ${why}.`,
  };
}
