import type { JsonValue } from './types.js';

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
  const reason = error instanceof Error ? error.message.replace(/^JSON\.parse: /, '') : 'invalid JSON';
  return `Not valid JSON: ${reason}`;
}

function locate(text: string, error: unknown): string {
  const match = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (!match) return '';
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
