import { parseJsonText } from '@intake/rules';

/**
 * A JSON value as an admin edits it: the type they chose plus the text they typed. Keeping the text (not the
 * parsed value) lets "1.50" or a half-typed JSON array survive re-renders and type switches.
 */
export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'json';

export interface TypedValueDraft {
  type: ValueType;
  /** For booleans "true" or "false"; ignored for null. */
  text: string;
}

export const VALUE_TYPE_OPTIONS: { value: ValueType; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'True/false' },
  { value: 'null', label: 'null' },
  { value: 'json', label: 'JSON' },
];

export function emptyTypedValue(type: ValueType = 'string'): TypedValueDraft {
  return { type, text: type === 'boolean' ? 'true' : '' };
}

/** The draft that shows an existing value with its own type, so a saved 10 does not come back as "10". */
export function typedValueFrom(value: unknown): TypedValueDraft {
  if (value === undefined) return emptyTypedValue();
  if (value === null) return { type: 'null', text: '' };
  switch (typeof value) {
    case 'string':
      return { type: 'string', text: value };
    case 'number':
      return { type: 'number', text: String(value) };
    case 'boolean':
      return { type: 'boolean', text: String(value) };
    default:
      return { type: 'json', text: JSON.stringify(value) };
  }
}

export type ReadResult = { ok: true; value: unknown } | { ok: false; message: string };

export function readNumber(text: string): ReadResult {
  const trimmed = text.trim();
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(number)) {
    return { ok: false, message: 'Enter a number, e.g. 10 or 2.5.' };
  }
  return { ok: true, value: number };
}

/** The JSON value a draft stands for, or why it cannot be read. */
export function readTypedValue(draft: TypedValueDraft): ReadResult {
  switch (draft.type) {
    case 'string':
      return { ok: true, value: draft.text };
    case 'number':
      return readNumber(draft.text);
    case 'boolean':
      return { ok: true, value: draft.text === 'true' };
    case 'null':
      return { ok: true, value: null };
    case 'json': {
      const parsed = parseJsonText(draft.text);
      return parsed.ok ? parsed : { ok: false, message: parsed.message };
    }
  }
}

/** True when nothing was entered: an empty text, number or JSON (null and booleans always say something). */
export function isBlankTypedValue(draft: TypedValueDraft): boolean {
  return (draft.type === 'string' || draft.type === 'number' || draft.type === 'json') && draft.text.trim() === '';
}
