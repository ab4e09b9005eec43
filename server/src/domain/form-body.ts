import { previewValue } from '@intake/rules';
import { setOwnProperty } from './paths.js';
import type { JsonObject, JsonValue } from './types.js';

/**
 * `application/x-www-form-urlencoded` bodies (WooCommerce's creation ping, Slack commands, Twilio) as the object
 * filters and mappings read, parsed as the WHATWG URL standard's form parser does — `&` between pairs, the first
 * `=` between name and value, `+` a space, percent-escapes UTF-8 — with two differences, both in the sender's
 * favour:
 *
 * - Malformed percent-encoding (`%` without two hex digits after it, or escapes that are not UTF-8) is refused with
 *   the name of the field and what is wrong, where WHATWG keeps `%zz` literally and turns bad bytes into U+FFFD:
 *   a silently changed value would be mapped into the member's history.
 * - A name sent more than once becomes a list of its values in the order sent (`tag=a&tag=b` → `["a","b"]`); a
 *   name sent once is a text. Every value is a text; filters and conversion read numeric texts as numbers.
 *
 * Names are kept flat: `a[b]=1` is the key `"a[b]"` and `items[]=x&items[]=y` the key `"items[]"` with a list.
 * Bracket nesting is a server-framework convention (PHP, Rails, `qs`), not part of the form encoding, and the
 * frameworks disagree on it (`a[0]` as index or key, depth limits, `a[]` with one value); the senders we serve send
 * flat names. A name is addressed by a path as it stands (`body.a[b]`); a name holding a dot cannot be addressed,
 * as with a JSON key holding one.
 *
 * Keys are own data properties, "__proto__" included (as JSON.parse makes them), so no key reaches a prototype.
 * Empty pairs (`a=1&&b=2`, a trailing `&`) are skipped; an empty body is `{}`.
 */

export type FormParse = { ok: true; body: JsonObject } | { ok: false; message: string };

const PERCENT = 0x25; // %
const PLUS = /\+/g;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/** Parses a form body (already decoded from bytes as UTF-8; percent-escapes still in it). */
export function parseFormBody(text: string): FormParse {
  const body: JsonObject = {};
  let field = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      field++;
      const pair = text.slice(start, end);
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      const name = decodeComponent(rawName, start);
      if (typeof name !== 'string') return refused(`the name of field ${field} (${preview(rawName)})`, name);
      const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1), start + equals + 1);
      if (typeof value !== 'string') return refused(`the value of field ${preview(name)}`, value);
      add(body, name, value);
    }
    start = end + 1;
  }
  return { ok: true, body };
}

/** A repeated name collects its values, in order, in one list. */
function add(body: JsonObject, name: string, value: string): void {
  if (!Object.hasOwn(body, name)) {
    setOwnProperty(body, name, value);
    return;
  }
  const held: JsonValue = body[name];
  if (Array.isArray(held)) held.push(value);
  else setOwnProperty(body, name, [held, value]);
}

interface DecodeProblem {
  problem: string;
}

/**
 * `+` → space, then percent-escapes as UTF-8; or what is malformed about them. `offset`: where the component starts
 * in the body, so that a problem can say where it is.
 */
function decodeComponent(raw: string, offset: number): string | DecodeProblem {
  const spaced = raw.includes('+') ? raw.replace(PLUS, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return { problem: malformation(spaced, offset) };
  }
}

/** Why decodeURIComponent refused a component: a `%` without two hex digits, or escapes that are not UTF-8. */
function malformation(component: string, offset: number): string {
  for (let i = 0; i < component.length; i++) {
    if (component.charCodeAt(i) !== PERCENT) continue;
    const digits = component.slice(i + 1, i + 3);
    if (!HEX_PAIR.test(digits)) {
      const found = digits.length === 0 ? 'nothing' : `"${digits}"`;
      return `the "%" at character ${offset + i + 1} of the body is followed by ${found}, not two hex digits (a literal "%" is sent as %25)`;
    }
  }
  return 'the percent-escaped bytes are not UTF-8 text';
}

function refused(where: string, decoding: DecodeProblem): FormParse {
  return { ok: false, message: `The form body cannot be decoded: in ${where}, ${decoding.problem}.` };
}

function preview(text: string): string {
  return previewValue(text, 40);
}
