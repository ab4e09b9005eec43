import { LIMITS, WEBHOOK_SETTINGS_FIELDS, type Issue } from '@intake/rules';
import { isSecretCondition } from './redaction.js';
import type {
  FilterCondition,
  FilterGroup,
  IdempotencyInput,
  JsonObject,
  JsonValue,
  MappingRule,
  NewWebhookSettings,
  ReplaceRule,
  VerificationSettings,
  WebhookSettings,
  WebhookStatus,
} from './types.js';

/**
 * Configuration as code: the versioned JSON document `exportWebhooks` writes and `importWebhooks` reads. A webhook
 * of the document is its settings (every field of `WebhookSettings`, so a setting added there travels without
 * touching this file's writer) and its status. Secrets never travel: a webhook's sender secrets are counted
 * (`secrets`), and the value of a secret filter condition (`isSecretCondition`: header values, body paths named
 * like a secret) is replaced by `SECRET_PLACEHOLDER`.
 */

export const WEBHOOK_DOCUMENT_FORMAT = 'intake.webhooks';
export const WEBHOOK_DOCUMENT_VERSION = 1;

/** Stands for a secret filter value that was not exported; on import, the target's value of that condition. */
export const SECRET_PLACEHOLDER_KEY = '$secret';
export const SECRET_PLACEHOLDER: JsonObject = { [SECRET_PLACEHOLDER_KEY]: 'not exported' };

export const SECRETS_NOTE = 'secret values are not exported: add them on the target (addWebhookSecret)';
export const FILTER_SECRETS_NOTE = `secret filter values are exported as {"${SECRET_PLACEHOLDER_KEY}": …}: an import keeps the target's value of that condition; where it has none, write the value in its place`;

/** The statuses a document may give; absent = INACTIVE for a new webhook, the current status for an existing one. */
export const DOCUMENT_STATUSES = ['INACTIVE', 'ACTIVE'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** What the export knows of a webhook. */
export interface ExportedWebhook extends WebhookSettings {
  status: WebhookStatus;
  /** Sender secrets live now (counted, never read). */
  liveSecrets: number;
}

/** The document of `webhooks`, ordered by endpoint so that two exports of the same settings differ only in time. */
export function webhookDocument(input: {
  account: string;
  exportedAt: Date;
  webhooks: readonly ExportedWebhook[];
}): JsonObject {
  const webhooks = [...input.webhooks].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
  return {
    format: WEBHOOK_DOCUMENT_FORMAT,
    version: WEBHOOK_DOCUMENT_VERSION,
    exportedAt: input.exportedAt.toISOString(),
    account: input.account,
    webhooks: webhooks.map(documentWebhook),
  };
}

/** One webhook as the document holds it: name, method, endpoint, status, then every other setting in order. */
export function documentWebhook(webhook: ExportedWebhook): JsonObject {
  const entry: JsonObject = { name: webhook.name, method: webhook.method, endpoint: webhook.endpoint };
  entry.status = webhook.status;
  let placeholders = 0;
  for (const field of WEBHOOK_SETTINGS_FIELDS) {
    if (field in entry) continue;
    if (field === 'filter') {
      const filter = mapSecretValues(webhook.filter, () => {
        placeholders++;
        return SECRET_PLACEHOLDER;
      });
      entry.filter = toJson(filter);
    } else {
      entry[field] = toJson(webhook[field]);
    }
  }
  if (webhook.verification.scheme !== 'NONE' || webhook.liveSecrets > 0) {
    entry.secrets = { count: webhook.liveSecrets, note: SECRETS_NOTE };
  }
  if (placeholders > 0) entry.filterSecrets = { count: placeholders, note: FILTER_SECRETS_NOTE };
  return entry;
}

/** True for the value `SECRET_PLACEHOLDER` (whatever text it carries). */
export function isSecretPlaceholder(value: JsonValue | undefined): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    Object.hasOwn(value, SECRET_PLACEHOLDER_KEY)
  );
}

/** Copy of `filter` where the value of each secret condition (null and absent ones aside) is `replace(condition)`. */
export function mapSecretValues(
  filter: FilterGroup | null,
  replace: (condition: FilterCondition) => JsonValue,
): FilterGroup | null {
  if (!filter) return filter;
  return {
    join: filter.join,
    conditions: (filter.conditions ?? []).map((condition) =>
      condition.value !== undefined && condition.value !== null && isSecretCondition(condition.attribute)
        ? { ...condition, value: replace(condition) }
        : condition,
    ),
    groups: (filter.groups ?? []).map((group) => mapSecretValues(group, replace)!),
  };
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/** A webhook read from a document: its settings (placeholders still in the filter), status, and its place. */
export interface DocumentEntry {
  /** `document.webhooks.<i>`: where its problems are reported. */
  at: string;
  settings: NewWebhookSettings;
  status: DocumentStatus | null;
}

/**
 * An issue path as documents report them: indexes as path segments (`document.webhooks.2.mapping.0.to`), as a
 * JSON document is addressed, where the settings checks write `mapping[0]`.
 */
export function documentPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Reads a document's structure: format, version, and each webhook's keys with the types of their values. The
 * settings' own rules (names, paths, limits, the catalogue) are checked afterwards by the same validation as
 * createWebhook and updateWebhook (`validateWebhookSettings`); this only makes sure that they get the shapes they
 * expect. Unknown keys are refused rather than ignored, so that a misspelt setting is never silently dropped.
 * Returns every entry with every problem found.
 */
export function readWebhookDocument(
  value: unknown,
  prefix = 'document',
): { entries: DocumentEntry[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const entries: DocumentEntry[] = [];
  if (!isPlainObject(value)) {
    issues.push({
      field: prefix,
      message: `The document must be a JSON object with "format": "${WEBHOOK_DOCUMENT_FORMAT}".`,
    });
    return { entries, issues };
  }
  if (value.format !== WEBHOOK_DOCUMENT_FORMAT) {
    issues.push({
      field: `${prefix}.format`,
      message: `This is not a webhooks document: "format" must be "${WEBHOOK_DOCUMENT_FORMAT}" (got ${preview(value.format)}).`,
    });
    return { entries, issues };
  }
  if (value.version !== WEBHOOK_DOCUMENT_VERSION) {
    issues.push({
      field: `${prefix}.version`,
      message: `This server reads version ${WEBHOOK_DOCUMENT_VERSION} of the webhooks document; this one says ${preview(value.version)}.`,
    });
    return { entries, issues };
  }
  for (const key of Object.keys(value)) {
    if (!DOCUMENT_KEYS.has(key)) issues.push({ field: `${prefix}.${key}`, message: unknownKey(key, DOCUMENT_KEYS) });
  }
  if (value.exportedAt !== undefined && typeof value.exportedAt !== 'string') {
    issues.push({ field: `${prefix}.exportedAt`, message: 'exportedAt is a date as text, or left out.' });
  }
  if (value.account !== undefined && typeof value.account !== 'string') {
    issues.push({ field: `${prefix}.account`, message: 'account is the slug of the exporting account, or left out.' });
  }
  if (!Array.isArray(value.webhooks)) {
    issues.push({ field: `${prefix}.webhooks`, message: 'webhooks must be a list (it may be empty).' });
    return { entries, issues };
  }
  value.webhooks.forEach((item: unknown, i: number) => {
    const at = `${prefix}.webhooks.${i}`;
    const before = issues.length;
    const read = readEntry(item, at, issues);
    if (read && issues.length === before) entries.push({ at, ...read });
  });
  return { entries, issues };
}

const DOCUMENT_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'exportedAt', 'account', 'webhooks']);
/** Keys an entry may carry besides its settings: its status, and the notes the export writes (ignored). */
const ENTRY_EXTRA_KEYS = ['status', 'secrets', 'filterSecrets'] as const;

function readEntry(
  value: unknown,
  at: string,
  issues: Issue[],
): { settings: NewWebhookSettings; status: DocumentStatus | null } | null {
  if (!isPlainObject(value)) {
    issues.push({ field: at, message: `A webhook is a JSON object of its settings; got ${preview(value)}.` });
    return null;
  }
  const { status, secrets: _secrets, filterSecrets: _filterSecrets, ...rest } = value;
  const settings = readObject(SETTINGS_FIELDS, rest, at, issues, ENTRY_EXTRA_KEYS);
  let documentStatus: DocumentStatus | null = null;
  if (status !== undefined && status !== null) {
    if ((DOCUMENT_STATUSES as readonly unknown[]).includes(status)) documentStatus = status as DocumentStatus;
    else if (status === 'ARCHIVED')
      issues.push({ field: `${at}.status`, message: 'An archived webhook is final: it cannot be imported.' });
    else
      issues.push({
        field: `${at}.status`,
        message: `status is ACTIVE or INACTIVE (or left out); got ${preview(status)}.`,
      });
  }
  return settings === INVALID ? null : { settings: settings as NewWebhookSettings, status: documentStatus };
}

/**
 * Readers of plain JSON into the settings' shapes. Each returns the value as the domain holds it (lists that may
 * be left out as empty lists, nulls that mean "none" dropped, as the GraphQL inputs do) or INVALID after reporting.
 */
const INVALID = Symbol('invalid');
type Reader<T> = (value: unknown, at: string, issues: Issue[]) => T | typeof INVALID;

/**
 * How a key is read: `required`, `omit` (absent or null: left out) or a value it takes when absent or null. The
 * records below name every key of their type, so a setting added to the type fails to compile here until it is
 * given a reader: a document never drops one silently, nor stores one unchecked.
 */
interface FieldSpec<V> {
  read: Reader<NonNullable<V>>;
  absent: 'required' | 'omit' | { value: V };
}
type Fields<T> = { [K in keyof T]-?: FieldSpec<T[K]> };

const text: Reader<string> = (value, at, issues) => {
  if (typeof value === 'string') return value;
  issues.push({ field: at, message: `Expected a text; got ${preview(value)}.` });
  return INVALID;
};

const integer: Reader<number> = (value, at, issues) => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  issues.push({ field: at, message: `Expected a whole number; got ${preview(value)}.` });
  return INVALID;
};

const anyJson: Reader<JsonValue> = (value) => value as JsonValue;

function list<T>(item: Reader<T>): Reader<T[]> {
  return (value, at, issues) => {
    if (!Array.isArray(value)) {
      issues.push({ field: at, message: `Expected a list; got ${preview(value)}.` });
      return INVALID;
    }
    const items = value.map((element: unknown, i) => item(element, `${at}.${i}`, issues));
    return items.includes(INVALID) ? INVALID : (items as T[]);
  };
}

function object<T>(fields: Fields<T>): Reader<T> {
  return (value, at, issues) => {
    if (!isPlainObject(value)) {
      issues.push({ field: at, message: `Expected a JSON object; got ${preview(value)}.` });
      return INVALID;
    }
    return readObject(fields, value, at, issues) as T | typeof INVALID;
  };
}

function readObject<T>(
  fields: Fields<T>,
  value: Record<string, unknown>,
  at: string,
  issues: Issue[],
  alsoAllowed: readonly string[] = [],
): Partial<T> | typeof INVALID {
  const specs = fields as Record<string, FieldSpec<unknown>>;
  const before = issues.length;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(specs, key)) {
      issues.push({
        field: `${at}.${key}`,
        message: unknownKey(key, new Set([...Object.keys(specs), ...alsoAllowed])),
      });
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    const given = Object.hasOwn(value, key) ? value[key] : undefined;
    if (given === undefined || given === null) {
      if (spec.absent === 'required') issues.push({ field: `${at}.${key}`, message: `${key} is required.` });
      else if (spec.absent !== 'omit') out[key] = spec.absent.value;
      continue;
    }
    const read = spec.read(given, `${at}.${key}`, issues);
    if (read !== INVALID) out[key] = read;
  }
  return issues.length > before ? INVALID : (out as Partial<T>);
}

const CONDITION: Fields<FilterCondition> = {
  attribute: { read: text, absent: 'required' },
  operator: { read: text as Reader<FilterCondition['operator']>, absent: 'required' },
  // As the GraphQL input: null is no value (EXISTS and the like take none).
  value: { read: anyJson as Reader<NonNullable<JsonValue>>, absent: 'omit' },
};

/** Groups nested deeper than the settings allow are refused here, before anything walks them. */
function filterGroup(depth: number): Reader<FilterGroup> {
  return (value, at, issues) => {
    if (depth > LIMITS.filterDepth) {
      issues.push({ field: at, message: `Filter groups nest at most ${LIMITS.filterDepth} levels deep.` });
      return INVALID;
    }
    const group: Fields<FilterGroup> = {
      join: { read: text as Reader<FilterGroup['join']>, absent: 'required' },
      conditions: { read: list(object(CONDITION)), absent: { value: [] } },
      groups: { read: list(filterGroup(depth + 1)), absent: { value: [] } },
    };
    return object(group)(value, at, issues);
  };
}

const REPLACE: Fields<ReplaceRule> = {
  value: { read: anyJson as Reader<NonNullable<JsonValue>>, absent: { value: null } },
  replacement: { read: anyJson as Reader<NonNullable<JsonValue>>, absent: { value: null } },
};

const MAPPING_RULE: Fields<MappingRule> = {
  from: { read: text, absent: 'required' },
  to: { read: text, absent: 'required' },
  default: { read: anyJson as Reader<NonNullable<JsonValue>>, absent: 'omit' },
  replace: { read: list(object(REPLACE)), absent: { value: [] } },
  expression: { read: text, absent: 'omit' },
};

const VERIFICATION: Fields<VerificationSettings> = {
  scheme: { read: text as Reader<VerificationSettings['scheme']>, absent: 'required' },
  header: { read: text, absent: 'omit' },
  algorithm: { read: text as Reader<NonNullable<VerificationSettings['algorithm']>>, absent: 'omit' },
  encoding: { read: text as Reader<NonNullable<VerificationSettings['encoding']>>, absent: 'omit' },
  prefix: { read: text, absent: 'omit' },
  timestampHeader: { read: text, absent: 'omit' },
  toleranceSeconds: { read: integer, absent: 'omit' },
  username: { read: text, absent: 'omit' },
};

const IDEMPOTENCY: Fields<IdempotencyInput> = {
  key: { read: text, absent: 'required' },
  windowHours: { read: integer, absent: 'omit' },
};

/**
 * A document holds a webhook's whole configuration: a setting left out takes the value a new webhook has (no
 * filter, no mapping rows, the default responses, verification NONE, no idempotency) — also on an existing
 * webhook, which the import makes equal to the document.
 */
const SETTINGS_FIELDS: Fields<Omit<WebhookSettings, 'idempotency'> & { idempotency: IdempotencyInput | null }> = {
  name: { read: text, absent: 'required' },
  method: { read: text as Reader<WebhookSettings['method']>, absent: 'required' },
  endpoint: { read: text, absent: 'required' },
  filter: { read: filterGroup(1), absent: { value: null } },
  action: { read: text, absent: 'required' },
  mapping: { read: list(object(MAPPING_RULE)), absent: { value: [] } },
  successResponse: { read: text, absent: { value: null } },
  errorResponse: { read: text, absent: { value: null } },
  verification: { read: object(VERIFICATION), absent: { value: { scheme: 'NONE' } } },
  idempotency: { read: object(IDEMPOTENCY), absent: { value: null } },
  splitOn: { read: text, absent: { value: null } },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKey(key: string, known: ReadonlySet<string>): string {
  return `Unknown key "${key.length > 40 ? `${key.slice(0, 37)}…` : key}"; known keys are ${[...known].join(', ')}.`;
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
