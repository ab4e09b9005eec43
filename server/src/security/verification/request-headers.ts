import type { HeaderValue } from './types.js';

type Headers = Record<string, HeaderValue>;

/** Every non-empty value of a header, trimmed; a repeated header arrives as an array. */
export function headerValues(headers: Headers, name: string): string[] {
  const raw = headers[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.map((value) => value.trim()).filter((value) => value !== '');
}

/** The first of several alternative names (e.g. `webhook-id`, then `svix-id`) that carries a value. */
export function firstPresent(headers: Headers, names: readonly string[]): { name: string; values: string[] } | null {
  for (const name of names) {
    const values = headerValues(headers, name);
    if (values.length > 0) return { name, values };
  }
  return null;
}

/**
 * The single value of a header that must not vary (a timestamp, a message id): repeated identical values are fine,
 * different ones are ambiguous and refused.
 */
export function singleValue(values: readonly string[]): string | null {
  const distinct = new Set(values);
  return distinct.size === 1 ? values[0] : null;
}

/**
 * The signatures a header may hold. Node joins a repeated header with ", ", so each value also counts piece by piece;
 * signatures never contain a comma, and a candidate too many is only one more non-match.
 */
export function signatureCandidates(values: readonly string[]): string[] {
  const candidates = new Set<string>();
  for (const value of values) {
    candidates.add(value);
    if (value.includes(',')) {
      for (const piece of value.split(',')) {
        if (piece.trim() !== '') candidates.add(piece.trim());
      }
    }
  }
  return [...candidates];
}
