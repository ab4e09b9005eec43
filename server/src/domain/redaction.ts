import { jsonNestsDeeperThan } from './json-text.js';
import { INGESTION_LIMITS } from './limits.js';
import { parseFilterAttribute, setOwnProperty } from './paths.js';
import type { FilterGroup, JsonObject, JsonValue } from './types.js';

/**
 * Secrets never reach stored request logs: credentials headers, the headers filters check (they are often
 * the webhook's shared secret), and any header or body attribute whose name says it is a secret.
 */

export const REDACTED = '[REDACTED]';

const ALWAYS_REDACTED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/**
 * Words that make a name secret. `auth` covers authorization, authentication, `X-Auth`, `?auth=` and OAuth
 * (but not author); `hmac` and a lone `sig` the signature headers that do not say "signature"
 * (`X-Shopify-Hmac-Sha256`, `?sig=`); `passw` password, passwd and passwort.
 */
const SECRET_NAME =
  /token|secret|passw|pwd|signature|key|auth(?!or(?!i[sz]))|hmac|credential|(?:^|[^a-z])sig(?:[^a-z]|$)/i;

/**
 * True when a header or attribute name suggests a secret: it contains token, secret, passw, pwd, signature, key,
 * auth (not author), hmac or credential, or is or ends in a `sig` of its own.
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Copy of the headers with secret values replaced by "[REDACTED]": Authorization, Proxy-Authorization, Cookie,
 * Set-Cookie, every header in `filterHeaderNames` (lower-case) and every header whose name looks secret.
 * Header names are kept as given; undefined values are dropped.
 */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  filterHeaderNames: readonly string[],
): Record<string, string | string[]> {
  const checkedByFilter = new Set(filterHeaderNames);
  const redacted: Record<string, string | string[]> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const secret = ALWAYS_REDACTED_HEADERS.has(lower) || checkedByFilter.has(lower) || isSecretName(lower);
    Object.defineProperty(redacted, name, {
      value: secret ? REDACTED : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return redacted;
}

/**
 * Deep copy of a JSON value where the value of every object key that looks secret is redacted, at any depth: a
 * text, number or boolean becomes "[REDACTED]"; an object or list keeps its shape (so a log still shows what was
 * sent) with every such value inside it redacted. Strings that hold JSON themselves
 * (`{"payload":"{\"token\":\"…\"}"}`) are redacted like a body.
 */
export function redactBody(body: JsonValue): JsonValue {
  return redactValue(body, false).value;
}

function redactValue(value: JsonValue, secret: boolean): { value: JsonValue; changed: boolean } {
  if (value === null) return { value, changed: false };
  if (typeof value !== 'object') {
    if (secret) return { value: REDACTED, changed: true };
    return typeof value === 'string' ? redactEmbedded(value) : { value, changed: false };
  }
  let changed = false;
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      const result = redactValue(item, secret);
      changed ||= result.changed;
      return result.value;
    });
    return { value: items, changed };
  }
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) {
    const result = redactValue(value[key], secret || isSecretName(key));
    changed ||= result.changed;
    setOwnProperty(copy, key, result.value);
  }
  return { value: copy, changed };
}

/**
 * A request body as it is stored in a log: secrets redacted, then cut to `maxBytes` UTF-8 bytes (never inside
 * a character). JSON bodies with nothing to redact are kept exactly as received; JSON bodies with secrets are
 * re-serialised (indented if the original spanned lines). Text that is not JSON gets a best-effort redaction
 * of `"name": value`, `name: value` and `name=value` pairs whose name looks secret.
 */
export function redactBodyText(raw: string, maxBytes: number): { text: string; truncated: boolean } {
  return truncateUtf8(redactText(raw), maxBytes);
}

function redactText(raw: string): string {
  // Too deep to walk safely: the linear scan below redacts it as text (the pipeline refuses such bodies anyway).
  if (jsonNestsDeeperThan(raw, INGESTION_LIMITS.jsonDepth)) return redactLooseText(raw);
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(raw) as JsonValue;
  } catch {
    return redactLooseText(raw);
  }
  const result = redactValue(parsed, false);
  if (!result.changed) return raw;
  return raw.includes('\n') ? JSON.stringify(result.value, null, 2) : JSON.stringify(result.value);
}

/**
 * A string value that holds JSON (or JSON-like text) of its own, redacted like a body. Senders wrap payloads
 * this way (`"payload": "{\"api_key\": …}"`). Each level of nesting doubles the escaping, so recursion through
 * strings stays shallow whatever the input.
 */
function redactEmbedded(text: string): { value: JsonValue; changed: boolean } {
  const start = text.trimStart()[0];
  if ((start !== '{' && start !== '[') || !isSecretName(text)) return { value: text, changed: false };
  const redacted = redactText(text);
  return redacted === text ? { value: text, changed: false } : { value: redacted, changed: true };
}

/**
 * A single left-to-right scan (linear time whatever the input, unlike a backtracking regular expression):
 * each quoted string or bare word followed by ":" or "=" is a name; when the name looks secret, the value
 * after it — a quoted string, a bracketed object or list, or a bare word — is replaced.
 */
function redactLooseText(text: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    let nameEnd: number;
    let name: string;
    if (char === '"' || char === "'") {
      nameEnd = endOfQuoted(text, i);
      name = text.slice(i + 1, nameEnd - 1);
    } else if (isWordChar(char)) {
      nameEnd = endOfWord(text, i);
      name = text.slice(i, nameEnd);
    } else {
      i++;
      continue;
    }
    const separator = skipSpaces(text, nameEnd);
    const isPair = separator < text.length && (text[separator] === ':' || text[separator] === '=');
    if (isPair && isSecretName(name)) {
      const valueStart = skipSpaces(text, separator + 1);
      const valueEnd = endOfValue(text, valueStart);
      if (valueEnd > valueStart) {
        parts.push(text.slice(copiedUpTo, valueStart), replacementFor(text[valueStart]));
        copiedUpTo = valueEnd;
      }
      i = Math.max(valueEnd, separator + 1);
    } else {
      // A quoted string that is not a name may be a value holding JSON text of its own.
      const embedded = char === '"' && !isPair ? redactQuotedEmbedded(text.slice(i, nameEnd)) : null;
      if (embedded !== null) {
        parts.push(text.slice(copiedUpTo, i), embedded);
        copiedUpTo = nameEnd;
      }
      i = nameEnd;
    }
  }
  if (copiedUpTo === 0) return text;
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

/** A double-quoted JSON string literal whose content holds secrets, redacted and quoted again; else null. */
function redactQuotedEmbedded(literal: string): string | null {
  if (!literal.includes('\\"') || !isSecretName(literal)) return null;
  let content: string;
  try {
    content = JSON.parse(literal) as string;
  } catch {
    return null;
  }
  const redacted = redactEmbedded(content);
  return redacted.changed ? JSON.stringify(redacted.value) : null;
}

function replacementFor(firstChar: string): string {
  if (firstChar === '"' || firstChar === "'") return `${firstChar}${REDACTED}${firstChar}`;
  return `"${REDACTED}"`;
}

/** Index just past the closing quote (or the end of the text when it never closes); backslash escapes honoured. */
function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') i += 2;
    else if (char === quote) return i + 1;
    else i++;
  }
  return text.length;
}

function isWordChar(char: string): boolean {
  return /[A-Za-z0-9_\-.]/.test(char);
}

function endOfWord(text: string, start: number): number {
  let i = start;
  while (i < text.length && isWordChar(text[i])) i++;
  return i;
}

/** Skips blanks, line breaks included: `"password"⏎: "…"` is still a pair. */
function skipSpaces(text: string, start: number): number {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

function endOfValue(text: string, start: number): number {
  if (start >= text.length) return start;
  const char = text[start];
  if (char === '"' || char === "'") return endOfQuoted(text, start);
  if (char === '{' || char === '[') return endOfBracketed(text, start);
  let i = start;
  while (i < text.length && !/[\s,;&}\]]/.test(text[i])) i++;
  return i;
}

function endOfBracketed(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'") {
      i = endOfQuoted(text, i);
      continue;
    }
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return text.length;
}

/** Cuts text to at most `maxBytes` bytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // Every UTF-16 code unit takes at most 3 UTF-8 bytes: short texts need no encoding at all.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let cut = Math.max(0, maxBytes);
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return { text: new TextDecoder().decode(bytes.subarray(0, cut)), truncated: true };
}

/** The lower-cased names of the headers the filter's conditions read, at any depth, without duplicates. */
export function filterHeaderNames(filter: FilterGroup | null): string[] {
  const names = new Set<string>();
  const visit = (group: FilterGroup): void => {
    for (const condition of group.conditions ?? []) {
      const attribute = parseFilterAttribute(condition.attribute);
      if (attribute?.source === 'headers') names.add(attribute.name);
    }
    for (const child of group.groups ?? []) visit(child);
  };
  if (filter) visit(filter);
  return [...names];
}

/**
 * True when a filter condition's value is a shared secret: every header condition (that is how senders are
 * authenticated, and why stored logs redact those headers) and every body path naming a secret.
 */
export function isSecretCondition(attribute: string): boolean {
  const parsed = parseFilterAttribute(attribute);
  if (!parsed) return false;
  return parsed.source === 'headers' || parsed.segments.some(isSecretName);
}

/** Copy of a filter whose secret condition values read "[REDACTED]": for readers and for the change history. */
export function redactFilterSecrets(filter: FilterGroup | null): FilterGroup | null {
  if (!filter) return filter;
  return {
    join: filter.join,
    conditions: (filter.conditions ?? []).map((condition) =>
      condition.value !== undefined && condition.value !== null && isSecretCondition(condition.attribute)
        ? { ...condition, value: REDACTED }
        : condition,
    ),
    groups: (filter.groups ?? []).map((group) => redactFilterSecrets(group)!),
  };
}
