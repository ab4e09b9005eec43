/**
 * Parsing JSON typed by a person, with errors in words they recognise. The two mistakes admins really make —
 * single quotes (the product doc itself shows `{'ok':true}`) and a trailing comma — get a message of their own.
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: explainJsonError(text, error) };
  }
}

/** The JSON problem of `text`, in plain words, or undefined when it is valid (or empty and that is allowed). */
export function jsonErrorOf(text: string, allowEmpty: boolean): string | undefined {
  if (allowEmpty && text.trim() === '') return undefined;
  const parsed = parseJson(text);
  return parsed.ok ? undefined : parsed.message;
}

const SINGLE_QUOTED_KEY_OR_VALUE = /(^|[{[,:]\s*)'[^']*'/;
const TRAILING_COMMA = /,\s*[}\]]/;

export function explainJsonError(text: string, error: unknown): string {
  if (text.trim().length === 0) return 'Empty: type a JSON value such as {"ok": true}.';
  const where = positionHint(text, error);
  if (SINGLE_QUOTED_KEY_OR_VALUE.test(text)) {
    return `JSON needs double quotes: write "ok" instead of 'ok' around keys and text values${where}.`;
  }
  if (TRAILING_COMMA.test(text)) {
    return `Remove the comma before the closing bracket: JSON does not allow a trailing comma${where}.`;
  }
  const reason = error instanceof Error ? error.message : 'it could not be read';
  return `This is not valid JSON: ${reason}`;
}

/** " (line 2, column 5)" from the engine's "position N", when it reports one. */
function positionHint(text: string, error: unknown): string {
  const match = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (!match) return '';
  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

/** Pretty-prints a JSON value for reading; `undefined` (absent) prints as an empty string. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

/** Pretty-prints JSON text when it parses, otherwise returns it untouched (a log may hold a broken body). */
export function prettyJsonText(text: string): string {
  const parsed = parseJson(text);
  return parsed.ok ? prettyJson(parsed.value) : text;
}
