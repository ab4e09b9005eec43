import type { JsonObject, JsonValue } from './json.js';

/**
 * Dot paths into JSON values: reading, writing and validating them.
 *
 * Paths come from admins (filters, mappings) and keys come from untrusted request bodies, so every read
 * looks at own properties only and every write refuses the segments that reach an object's prototype.
 */

export const MAX_PATH_SEGMENTS = 32;
export const MAX_SEGMENT_LENGTH = 128;

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Marks "nothing at this path" on the hot path, where allocating a `{ found, value }` per read is waste. */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

/** True for the segments that would reach an object's prototype when assigned through. */
export function isForbiddenSegment(segment: string): boolean {
  return FORBIDDEN_SEGMENTS.has(segment);
}

/** Splits a dot path into its segments. `"items.0.sku"` → `["items", "0", "sku"]`. */
export function splitPath(path: string): string[] {
  return path.split('.');
}

/** A canonical array index: "0", "7", "12" — not "-1", "01", "1.5" or "length". */
function arrayIndex(segment: string): number | undefined {
  if (segment.length === 0 || segment.length > 15) return undefined;
  if (segment.length > 1 && segment.charCodeAt(0) === 48 /* 0 */) return undefined;
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  return Number(segment);
}

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the value at `segments`, or MISSING. Objects yield only their own properties (so `toString` or
 * `__proto__` never resolve to inherited members); arrays yield only canonical indexes; scalars yield nothing.
 * An empty segment list reads the root itself.
 */
export function lookupPath(root: JsonValue | undefined, segments: readonly string[]): JsonValue | Missing {
  let current: JsonValue | undefined = root;
  for (let i = 0; i < segments.length; i++) {
    if (current === undefined || current === null || typeof current !== 'object') return MISSING;
    const segment = segments[i];
    if (Array.isArray(current)) {
      const index = arrayIndex(segment);
      if (index === undefined || index >= current.length) return MISSING;
      current = current[index];
    } else {
      if (!Object.hasOwn(current, segment)) return MISSING;
      current = current[segment];
    }
  }
  return current === undefined ? MISSING : current;
}

/** Reads the value at a dot path (or pre-split segments). `found` is true even when the value there is null. */
export function readPath(
  root: JsonValue | undefined,
  path: string | readonly string[],
): { found: boolean; value?: JsonValue } {
  const value = lookupPath(root, typeof path === 'string' ? splitPath(path) : path);
  return value === MISSING ? { found: false } : { found: true, value };
}

/**
 * Defines an own, enumerable data property. Unlike `target[key] = value`, a key of "__proto__" stays a plain
 * key instead of replacing the target's prototype — needed whenever keys come from a request body.
 */
export function setOwnProperty(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export interface WritePathOptions {
  /** Leave a value that already stands at the path (by default it is replaced). */
  keepExisting?: boolean;
  /**
   * Create an array rather than an object where the next segment is an index below 1000:
   * `items.0.sku` → `{"items":[{"sku":…}]}`. (A larger index would make a huge sparse array; it becomes a key.)
   */
  arraysForIndexes?: boolean;
}

const MAX_CREATED_INDEX = 999;
const REPLACE_AND_USE_OBJECTS: WritePathOptions = Object.freeze({});

type Container = JsonObject | JsonValue[];

function ownValue(container: Container, segment: string): JsonValue | undefined {
  if (!Array.isArray(container)) return Object.hasOwn(container, segment) ? container[segment] : undefined;
  const index = arrayIndex(segment);
  return index === undefined ? undefined : container[index];
}

/** Only called with segments `writePath` checked: never a prototype-reaching one, an index wherever arrays are. */
function assign(container: Container, segment: string, value: JsonValue): void {
  if (Array.isArray(container)) container[arrayIndex(segment)!] = value;
  else container[segment] = value;
}

/**
 * Writes `value` at a dot path inside `target`, creating plain objects (or arrays, see the options) for the
 * segments on the way. Whatever stands in the way and is not the container needed (a scalar, an array where an
 * object is needed) is replaced: a later mapping row writing `data.a.b` wins over an earlier `data.a`.
 *
 * @throws Error when a segment is `__proto__`, `constructor` or `prototype`, or the path is empty.
 */
export function writePath(
  target: JsonObject,
  path: string | readonly string[],
  value: JsonValue,
  options: WritePathOptions = REPLACE_AND_USE_OBJECTS,
): void {
  const segments = typeof path === 'string' ? splitPath(path) : path;
  if (segments.length === 0) throw new Error('Cannot write at an empty path.');
  for (const segment of segments) {
    if (isForbiddenSegment(segment)) {
      throw new Error(`Cannot write at "${segments.join('.')}": the segment "${segment}" is not allowed.`);
    }
  }
  let container: Container = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const index = options.arraysForIndexes ? arrayIndex(segments[i + 1]) : undefined;
    const wantsArray = index !== undefined && index <= MAX_CREATED_INDEX;
    const next = ownValue(container, segments[i]);
    if (wantsArray ? Array.isArray(next) : isJsonObject(next)) {
      container = next as Container;
    } else {
      const created: Container = wantsArray ? [] : {};
      assign(container, segments[i], created);
      container = created;
    }
  }
  const last = segments[segments.length - 1];
  if (options.keepExisting && ownValue(container, last) !== undefined) return;
  assign(container, last, value);
}

/**
 * Deep copy of a JSON value that keeps own "__proto__" keys as plain keys (JSON.parse creates them) rather
 * than letting them set the copy's prototype.
 */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) setOwnProperty(copy, key, cloneJson(value[key]));
  return copy as T;
}

/**
 * Why an admin-entered dot path cannot be used, in plain words, or null when it can.
 * Rules: non-empty, no empty segments, none of `__proto__`/`constructor`/`prototype`,
 * at most 32 segments of at most 128 characters each.
 */
export function pathProblem(path: string): string | null {
  if (path.length === 0) return 'The path is empty.';
  const segments = splitPath(path);
  if (segments.length > MAX_PATH_SEGMENTS) {
    return `The path "${preview(path)}" has ${segments.length} segments; at most ${MAX_PATH_SEGMENTS} are allowed.`;
  }
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.length === 0) {
      return `The path "${preview(path)}" has an empty segment (segment ${i + 1}); remove the extra dot.`;
    }
    if (segment.length > MAX_SEGMENT_LENGTH) {
      return `Segment ${i + 1} of the path is ${segment.length} characters long; at most ${MAX_SEGMENT_LENGTH} are allowed.`;
    }
    if (isForbiddenSegment(segment)) {
      return `The path "${preview(path)}" uses "${segment}", which is not allowed as a segment.`;
    }
  }
  return null;
}

/** Where a filter condition reads from: a request header (by lower-cased name) or a path in the body. */
export type FilterAttribute = { source: 'headers'; name: string } | { source: 'body'; segments: string[] };

const HEADERS_PREFIX = 'headers.';
const BODY_PREFIX = 'body.';
/** RFC 9110 token characters: what a header name may consist of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses a filter attribute (`headers.<name>` or `body.<path>`); null when it has neither prefix. */
export function parseFilterAttribute(attribute: string): FilterAttribute | null {
  if (attribute.startsWith(HEADERS_PREFIX)) {
    return { source: 'headers', name: attribute.slice(HEADERS_PREFIX.length).toLowerCase() };
  }
  if (attribute.startsWith(BODY_PREFIX)) {
    return { source: 'body', segments: splitPath(attribute.slice(BODY_PREFIX.length)) };
  }
  return null;
}

/** Why a filter attribute cannot be used, in plain words, or null when it can. */
export function filterAttributeProblem(attribute: string): string | null {
  if (attribute.startsWith(HEADERS_PREFIX)) {
    const name = attribute.slice(HEADERS_PREFIX.length);
    if (name.length === 0) return 'Name the header after "headers.", e.g. headers.x-signature.';
    if (name.length > MAX_SEGMENT_LENGTH) {
      return `The header name is ${name.length} characters long; at most ${MAX_SEGMENT_LENGTH} are allowed.`;
    }
    if (!HEADER_NAME.test(name)) return `"${preview(name)}" is not a valid header name.`;
    return null;
  }
  if (attribute.startsWith(BODY_PREFIX)) return pathProblem(attribute.slice(BODY_PREFIX.length));
  return `"${preview(attribute)}" must start with "headers." or "body.", e.g. body.customer_id.`;
}

function preview(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
