export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; message: string };

/**
 * Parses JSON text and, when it is not JSON, explains why in words a person recognises:
 * the mistakes admins and senders really make (single quotes, trailing commas) get a message of their own.
 */
export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, message: explainJsonError(text, error) };
  }
}

function explainJsonError(text: string, error: unknown): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'The text is empty; a JSON value such as {"ok":true} is expected.';
  const where = locate(text, error);
  if (/^[[{]\s*'|[{,]\s*'[^']*'\s*:|:\s*'[^']*'/.test(trimmed)) {
    return `Single quotes are not JSON: use double quotes around keys and strings, e.g. {"ok":true}${where}.`;
  }
  if (/,\s*[}\]]/.test(trimmed)) {
    return `A trailing comma before a closing bracket is not allowed in JSON${where}.`;
  }
  // Firefox prefixes its messages with "JSON.parse: "; the rest reads the same in every engine.
  const reason = error instanceof Error ? error.message.replace(/^JSON\.parse: /, '') : 'invalid JSON';
  return `Not valid JSON: ${reason}`;
}

/** " (line 2, column 5)" from the engine's "position N", when it reports one. */
function locate(text: string, error: unknown): string {
  const match = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (!match) return '';
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

/** A JSON value shortened for a message: `"gold"`, `[1,2]`, `nothing` for an absent value. */
export function previewValue(value: JsonValue | undefined, maxLength = 60): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * The length of `text` in UTF-8 bytes, what size limits on stored text count. Counted by hand because this runs in
 * browsers too (no Buffer); a lone surrogate counts 3, as the replacement character it is encoded as.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
