import { parseJsonText } from '@intake/rules';

/**
 * JSON typed by a person. What is wrong with it is explained by `@intake/rules` (`parseJsonText`), in exactly
 * the words the server uses when it refuses the same text.
 */

/** The JSON problem of `text`, in plain words, or undefined when it is valid (or empty and that is allowed). */
export function jsonErrorOf(text: string, allowEmpty: boolean): string | undefined {
  if (allowEmpty && text.trim() === '') return undefined;
  const parsed = parseJsonText(text);
  return parsed.ok ? undefined : parsed.message;
}

/** Pretty-prints a JSON value for reading; `undefined` (absent) prints as an empty string. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

/** Pretty-prints JSON text when it parses, otherwise returns it untouched (a log may hold a broken body). */
export function prettyJsonText(text: string): string {
  const parsed = parseJsonText(text);
  return parsed.ok ? prettyJson(parsed.value) : text;
}
