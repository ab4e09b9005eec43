import { previewValue } from '@intake/rules';
import { stringsEqualInConstantTime } from './constant-time.js';
import { cloneJson, lookupPath, MISSING, splitPath, writePath } from './paths.js';
import type { AttributeType, EventAttribute, EventDefinition, JsonObject, JsonValue } from './types.js';

/**
 * Checks a mapped event against its definition and converts values to the declared types where that loses
 * nothing. Also home of the value semantics shared with filters and replace rules (numeric strings, equality),
 * so "10" means the same number everywhere.
 */

export const MAX_CUSTOMER_LENGTH = 255;

export type EventIssueCode = 'MISSING_ATTRIBUTE' | 'INVALID_ATTRIBUTE';
export interface EventIssue {
  code: EventIssueCode;
  /** "customer" or "data.<path>" */
  attribute: string;
  message: string;
}

export interface ConvertedEvent {
  customer: string;
  data: JsonObject;
}

export type ConversionResult =
  { ok: true; event: ConvertedEvent; issues: [] } | { ok: false; event: null; issues: EventIssue[] };

// Plain decimal notation only: no hex, octal, binary, "Infinity", "NaN", digit separators or empty text.
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const INTEGER_DIGITS = /^[-+]?\d+$/;

/**
 * The number a value stands for: a finite number, or a string in plain decimal notation (surrounding
 * whitespace ignored) whose value is finite. Anything else — booleans, "", "abc", "0x10", "1e400" — is not one.
 */
export function numericValue(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!DECIMAL.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * JSON equality with one relaxation: when either side is a number, the other may be a number or a numeric
 * string and they compare by value (10 = 10.0 = "10"). Two strings compare exactly ("1.0" ≠ "1"), and nothing
 * else is coerced (true ≠ "true", null ≠ ""). Arrays and objects compare element by element, key by key.
 */
export function valuesEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string') return stringsEqualInConstantTime(a, b);
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    const left = numericValue(a);
    return left !== undefined && left === numericValue(b);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !valuesEqual(a[key], b[key])) return false;
  }
  return true;
}

/** "No value" as mapping defaults and required attributes understand it: missing, null or "". */
export function isNoValue(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

export type ValueConversion = { ok: true; value: JsonValue } | { ok: false; problem: string };

const converted = (value: JsonValue): ValueConversion => ({ ok: true, value });
const refused = (problem: string): ValueConversion => ({ ok: false, problem });

/**
 * Converts a non-null value to a declared type when no information is lost, otherwise says what is wrong
 * (e.g. `is not a number`). NUMBER: finite numbers and decimal strings ("100", " 12.5 ", "1e3"; integers beyond
 * 2^53 refused). BOOLEAN: true/false, "true"/"false" (any case), 1/0 and "1"/"0". STRING: strings and numbers
 * (booleans refused). STRING_LIST: arrays of strings or numbers, or a single string or number. OBJECT: objects.
 */
export function convertValue(type: AttributeType, value: JsonValue): ValueConversion {
  switch (type) {
    case 'NUMBER':
      return toNumber(value);
    case 'BOOLEAN':
      return toBoolean(value);
    case 'STRING':
      return toText(value);
    case 'STRING_LIST':
      return toTextList(value);
    case 'OBJECT':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? converted(value)
        : refused('is not an object');
  }
}

function toNumber(value: JsonValue): ValueConversion {
  if (typeof value === 'number' && !Number.isFinite(value)) return refused('is too large to store');
  const number = numericValue(value);
  if (number === undefined) return refused('is not a number');
  // "12345678901234567890" would silently become 12345678901234567000.
  if (typeof value === 'string' && INTEGER_DIGITS.test(value.trim()) && !Number.isSafeInteger(number)) {
    return refused('has too many digits to be stored exactly');
  }
  return converted(number);
}

// 1/0 are the one widespread non-JSON spelling of booleans (databases, CSV exports); "yes"/"on" are not accepted
// because senders disagree on them.
function toBoolean(value: JsonValue): ValueConversion {
  if (typeof value === 'boolean') return converted(value);
  if (value === 1 || value === 0) return converted(value === 1);
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === '1') return converted(true);
    if (text === 'false' || text === '0') return converted(false);
  }
  return refused('is not true or false');
}

// Booleans are refused rather than turned into "true": a boolean where text is expected is almost always a
// mapping mistake (a flag mapped onto an email), and storing "true" would hide it.
function toText(value: JsonValue): ValueConversion {
  if (typeof value === 'string') return converted(value);
  if (typeof value === 'number') return converted(String(value));
  return refused('is not a text');
}

function toTextList(value: JsonValue): ValueConversion {
  if (typeof value === 'string' || typeof value === 'number') return converted([String(value)]);
  if (!Array.isArray(value)) return refused('is not a list of texts');
  const items: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item === 'string') items.push(item);
    else if (typeof item === 'number') items.push(String(item));
    else return refused(`is not a list of texts (item ${i + 1} is ${previewValue(item, 30)})`);
  }
  return converted(items);
}

/**
 * Checks a mapped event against its definition: required attributes present, values of the declared type
 * (converted where lossless), `customer` a non-blank text of at most 255 characters. Attributes the
 * definition does not list are kept as they are. Reports every issue, in the definition's order.
 *
 * "No value" (missing, null or "") on a required attribute is MISSING_ATTRIBUTE. On an optional attribute,
 * null is kept (JSON's "no value"), "" is kept for STRING and becomes null for the other types.
 */
export function convertEvent(
  definition: EventDefinition,
  mapped: { customer?: JsonValue; data: JsonObject },
): ConversionResult {
  const issues: EventIssue[] = [];
  const data = cloneJson(mapped.data);
  let customer = '';
  for (const attribute of definition.attributes) {
    const isCustomer = attribute.path === 'customer';
    const segments = isCustomer ? [] : dataSegments(attribute.path);
    const found = isCustomer ? customerOf(mapped) : lookupPath(data, segments);
    const value = found === MISSING ? undefined : found;
    const outcome = checkAttribute(attribute, value);
    if (!outcome.ok) {
      issues.push(outcome.issue);
    } else if (isCustomer) {
      customer = outcome.value as string;
    } else if (outcome.value !== undefined && outcome.value !== value) {
      writePath(data, segments, outcome.value);
    }
  }
  if (issues.length > 0) return { ok: false, event: null, issues };
  return { ok: true, event: { customer, data }, issues: [] };
}

/**
 * A value as the sender wrote it, for a message. A JSON number too large for a double (`1e309`) parses to
 * Infinity, which JSON would print as null: it is named for what it was instead.
 */
function describeSent(value: JsonValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `the number sent (${value > 0 ? 'larger than 1.8e308' : 'smaller than -1.8e308'})`;
  }
  return previewValue(value);
}

function customerOf(mapped: { customer?: JsonValue }): JsonValue | typeof MISSING {
  return mapped.customer === undefined ? MISSING : mapped.customer;
}

function dataSegments(path: string): string[] {
  return splitPath(path.startsWith('data.') ? path.slice('data.'.length) : path);
}

type AttributeOutcome = { ok: true; value: JsonValue | undefined } | { ok: false; issue: EventIssue };

function checkAttribute(attribute: EventAttribute, value: JsonValue | undefined): AttributeOutcome {
  const path = attribute.path;
  if (isNoValue(value)) {
    if (attribute.required) {
      const what = value === undefined ? 'missing' : `empty (${previewValue(value)})`;
      return invalid(
        'MISSING_ATTRIBUTE',
        path,
        `${path}: required but ${what}; it is the ${lowerFirst(attribute.description)}`,
      );
    }
    if (value === '' && attribute.type !== 'STRING') return { ok: true, value: null };
    return { ok: true, value };
  }
  const conversion = convertValue(attribute.type, value as JsonValue);
  if (!conversion.ok) {
    return invalid('INVALID_ATTRIBUTE', path, `${path}: ${describeSent(value as JsonValue)} ${conversion.problem}`);
  }
  if (path === 'customer') return checkCustomer(conversion.value as string);
  return { ok: true, value: conversion.value };
}

function checkCustomer(customer: string): AttributeOutcome {
  if (customer.trim().length === 0) {
    return invalid('INVALID_ATTRIBUTE', 'customer', `customer: ${previewValue(customer)} is blank`);
  }
  if (customer.length > MAX_CUSTOMER_LENGTH) {
    return invalid(
      'INVALID_ATTRIBUTE',
      'customer',
      `customer: ${previewValue(customer)} is ${customer.length} characters long; at most ${MAX_CUSTOMER_LENGTH} are allowed`,
    );
  }
  return { ok: true, value: customer };
}

function invalid(code: EventIssueCode, attribute: string, message: string): AttributeOutcome {
  return { ok: false, issue: { code, attribute, message } };
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : text[0].toLowerCase() + text.slice(1);
}
