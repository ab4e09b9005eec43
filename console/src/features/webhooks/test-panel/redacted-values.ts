import { parseJsonText, writePath, type JsonObject, type JsonValue } from '@intake/rules';

/**
 * A logged request keeps `[REDACTED]` where the sender sent a secret (credentials, signatures, secret-looking body
 * fields). Sending the marker itself would test a different request — one the filter or the verification refuses
 * although the original was processed — so each marker becomes a value the admin fills in before the run.
 */

export const REDACTED = '[REDACTED]';

export interface RedactedValue {
  /** Stable while the text keeps the marker at the same place: `header:<name>`, `body:<path>` or `body#<n>`. */
  id: string;
  /** How the admin recognises it: `header authorization`, `body.user.api_token`, `body (2nd redacted value)`. */
  label: string;
  kind: 'header' | 'body';
}

function headerValues(headers: Record<string, unknown>): RedactedValue[] {
  return Object.entries(headers)
    .filter(([, value]) => value === REDACTED)
    .map(([name]) => ({ id: `header:${name}`, label: `header ${name}`, kind: 'header' }));
}

function jsonPaths(value: JsonValue, path: string[], found: string[][]): void {
  if (value === REDACTED) found.push(path);
  else if (Array.isArray(value)) value.forEach((item, index) => jsonPaths(item, [...path, String(index)], found));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) jsonPaths(value[key]!, [...path, key], found);
  }
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function bodyValues(body: string): RedactedValue[] {
  const parsed = parseJsonText(body);
  if (parsed.ok) {
    const paths: string[][] = [];
    jsonPaths(parsed.value, [], paths);
    return paths.map((path) => {
      const name = path.length === 0 ? 'body' : `body.${path.join('.')}`;
      return { id: `body:${path.join('.')}`, label: name, kind: 'body' };
    });
  }
  // Not JSON (a form, a truncated body): each marker in order.
  const count = body.split(REDACTED).length - 1;
  return Array.from({ length: count }, (_, index) => ({
    id: `body#${index}`,
    label: count === 1 ? 'body' : `body (${ordinal(index + 1)} redacted value)`,
    kind: 'body',
  }));
}

/** The redacted values in a request's headers (a JSON object's text) and body text, headers first. */
export function redactedValuesOf(headersText: string, body: string): RedactedValue[] {
  const headers = parseJsonText(headersText);
  const fromHeaders =
    headers.ok && headers.value !== null && typeof headers.value === 'object' && !Array.isArray(headers.value)
      ? headerValues(headers.value)
      : [];
  return [...fromHeaders, ...bodyValues(body)];
}

/**
 * The request with every marker replaced by what the admin typed. Headers the admin left empty are left out when
 * `dropEmptyHeaders` (the server signs the request and adds its own); every other marker must have a value.
 */
export function fillRedacted(
  headers: Record<string, string>,
  body: string,
  values: Readonly<Record<string, string>>,
  dropEmptyHeaders: boolean,
): { headers: Record<string, string>; body: string } {
  const filledHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== REDACTED) filledHeaders[name] = value;
    else if (values[`header:${name}`]) filledHeaders[name] = values[`header:${name}`]!;
    else if (!dropEmptyHeaders) filledHeaders[name] = value;
  }
  const parsed = parseJsonText(body);
  if (parsed.ok) {
    const paths: string[][] = [];
    jsonPaths(parsed.value, [], paths);
    if (paths.length === 0) return { headers: filledHeaders, body };
    if (paths.some((path) => path.length === 0)) return { headers: filledHeaders, body: values['body:'] ?? body };
    const copy = structuredClone(parsed.value) as JsonObject;
    for (const path of paths) {
      writePath(copy, path, values[`body:${path.join('.')}`] ?? REDACTED, { arraysForIndexes: true });
    }
    return { headers: filledHeaders, body: JSON.stringify(copy, null, 2) };
  }
  let index = 0;
  // A form's values are URL-encoded; any other text gets the value as typed.
  const isForm = /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(body.trim());
  const filledBody = body.replaceAll(REDACTED, () => {
    const value = values[`body#${index++}`];
    if (value === undefined || value === '') return REDACTED;
    return isForm ? encodeURIComponent(value) : value;
  });
  return { headers: filledHeaders, body: filledBody };
}

/** The values still missing: what keeps the run from starting. */
export function missingValues(
  redacted: readonly RedactedValue[],
  values: Readonly<Record<string, string>>,
  dropEmptyHeaders: boolean,
): RedactedValue[] {
  return redacted.filter((value) => !values[value.id] && !(dropEmptyHeaders && value.kind === 'header'));
}
