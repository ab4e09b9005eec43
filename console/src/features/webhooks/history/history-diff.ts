import { WEBHOOK_SETTINGS_FIELDS, type FilterOperator } from '@intake/rules';
import { OPERATORS } from '../../../components/FilterBuilder/filter-model';
import type { UpdateWebhookInput } from '../../../gql/graphql';

/**
 * The change history as an admin reads it, and restoring an old version. Pure: the History tab renders what these
 * functions answer, and their tests pin down how nested filters and mappings read.
 *
 * A history entry holds, per field it changed, the whole value before and after (the server's settings shapes).
 * Those values are flattened into labelled lines ("Mapping to data.points, From") so that a change reads as the
 * lines that were added, removed or changed instead of two JSON blobs to compare by eye.
 */

export interface FieldChangeData {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface HistoryEntryData {
  version: number;
  changes: readonly FieldChangeData[];
}

export type DiffKind = 'added' | 'removed' | 'changed';

export interface DiffLine {
  kind: DiffKind;
  /** What changed, in the editor's words: "Filter, group 2 (OR): condition", "Mapping to data.points, From". */
  label: string;
  before?: string;
  after?: string;
}

export interface FieldDiff {
  field: string;
  /** The field's name as the editor shows it. */
  title: string;
  lines: DiffLine[];
}

/** The server writes this in place of a filter value it keeps out of the history (a sender's token). */
export const REDACTED = '[REDACTED]';

const FIELD_TITLES: Record<string, string> = {
  name: 'Name',
  method: 'Method',
  endpoint: 'Endpoint',
  filter: 'Filter',
  action: 'Action',
  mapping: 'Mapping',
  successResponse: 'Success response',
  errorResponse: 'Error response',
  verification: 'Authentication',
  idempotency: 'Idempotency',
  splitOn: 'Split into items',
  status: 'Status',
  secrets: 'Secrets',
};

const SUBFIELD_WORDS: Record<string, string> = {
  scheme: 'scheme',
  header: 'header',
  algorithm: 'algorithm',
  encoding: 'encoding',
  prefix: 'prefix',
  timestampHeader: 'timestamp header',
  toleranceSeconds: 'tolerance (seconds)',
  username: 'username',
  key: 'delivery id',
  windowHours: 'window (hours)',
};

const OPERATOR_WORDS = new Map(OPERATORS.map((option) => [option.value, option.label]));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A value as one line of text: strings quoted so that "5" and 5, or "" and nothing, stay apart. */
export function valueText(value: unknown): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value as Json);
}

function conditionText(condition: Record<string, unknown>): string {
  const operator = OPERATOR_WORDS.get(condition.operator as FilterOperator) ?? String(condition.operator);
  const value = condition.value === undefined || condition.value === null ? '' : ` ${valueText(condition.value)}`;
  return `${String(condition.attribute)} ${operator}${value}`;
}

/**
 * Lines of a filter: each group's join, and each condition as a sentence under its group. Conditions are matched by
 * their text, so editing one reads as the old sentence removed and the new one added.
 */
function filterLines(group: unknown, label = 'Filter', lines = new Map<string, string>()): Map<string, string> {
  if (!isObject(group)) return lines;
  lines.set(`${label}: join`, String(group.join));
  const seen = new Map<string, number>();
  for (const condition of (group.conditions as unknown[] | undefined) ?? []) {
    if (!isObject(condition)) continue;
    const text = conditionText(condition);
    // The same sentence twice in one group is two lines, not one.
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    lines.set(`${label}: condition${count > 1 ? ` (${count})` : ''} ⟨${text}⟩`, text);
  }
  ((group.groups as unknown[] | undefined) ?? []).forEach((nested, index) =>
    filterLines(nested, `${label}, group ${index + 1}`, lines),
  );
  return lines;
}

function replaceText(rules: unknown): string {
  if (!Array.isArray(rules)) return '';
  return rules
    .filter(isObject)
    .map((rule) => `${valueText(rule.value)} → ${valueText(rule.replacement)}`)
    .join(', ');
}

/**
 * Lines of a mapping: one block per row, matched by where it writes (To), since rows are added and reordered but
 * rarely retarget; each of From, expression, default and replacements is a line of its own.
 */
function mappingLines(rows: unknown): Map<string, string> {
  const lines = new Map<string, string>();
  if (!Array.isArray(rows)) return lines;
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!isObject(row)) continue;
    const to = String(row.to);
    const count = (seen.get(to) ?? 0) + 1;
    seen.set(to, count);
    const label = `Mapping to ${to}${count > 1 ? ` (${count})` : ''}`;
    lines.set(`${label}, From`, valueText(row.from));
    if (typeof row.expression === 'string') lines.set(`${label}, expression`, row.expression);
    if (row.default !== undefined && row.default !== null) lines.set(`${label}, default`, valueText(row.default));
    const replace = replaceText(row.replace);
    if (replace) lines.set(`${label}, replace`, replace);
  }
  return lines;
}

/** Lines of any other object: one per property (nested ones dotted), in the editor's words where it has them. */
function objectLines(title: string, value: unknown): Map<string, string> {
  const lines = new Map<string, string>();
  if (value === null || value === undefined) return lines;
  if (!isObject(value)) {
    lines.set(title, typeof value === 'string' ? value : valueText(value));
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    lines.set(`${title}, ${SUBFIELD_WORDS[key] ?? key}`, typeof item === 'string' ? item : valueText(item));
  }
  return lines;
}

function secretsLines(secrets: unknown): Map<string, string> {
  const lines = new Map<string, string>();
  if (!Array.isArray(secrets)) return lines;
  for (const secret of secrets.filter(isObject)) {
    const expires = secret.expiresAt ? `, expires ${String(secret.expiresAt)}` : '';
    lines.set(`Secret …${String(secret.hint)}`, `added ${String(secret.createdAt)}${expires}`);
  }
  return lines;
}

function linesOf(field: string, value: unknown): Map<string, string> {
  const title = FIELD_TITLES[field] ?? field;
  if (field === 'filter') return filterLines(value);
  if (field === 'mapping') return mappingLines(value);
  if (field === 'secrets') return secretsLines(value);
  return objectLines(title, value);
}

/** One field's change as lines added, removed and changed, in the order the after side (then the before) lists them. */
export function diffField(change: FieldChangeData): FieldDiff {
  const before = linesOf(change.field, change.before);
  const after = linesOf(change.field, change.after);
  const lines: DiffLine[] = [];
  const label = (key: string) => key.replace(/ ⟨.*⟩$/, '');
  for (const [key, text] of after) {
    const old = before.get(key);
    if (old === undefined) lines.push({ kind: 'added', label: label(key), after: text });
    else if (old !== text) lines.push({ kind: 'changed', label: label(key), before: old, after: text });
  }
  for (const [key, text] of before) {
    if (!after.has(key)) lines.push({ kind: 'removed', label: label(key), before: text });
  }
  return { field: change.field, title: FIELD_TITLES[change.field] ?? change.field, lines };
}

/** Every field an entry changed, as lines; fields whose lines all compare equal (e.g. reordered mapping rows) say so. */
export function diffEntry(entry: HistoryEntryData): FieldDiff[] {
  return entry.changes.map(diffField);
}

const SETTINGS = new Set<string>(WEBHOOK_SETTINGS_FIELDS);

function containsRedacted(value: unknown): boolean {
  if (value === REDACTED) return true;
  if (Array.isArray(value)) return value.some(containsRedacted);
  if (isObject(value)) return Object.values(value).some(containsRedacted);
  return false;
}

/** JSON text with sorted keys: stored values come back with their keys in an order of their own. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );
}

export type RestorePlan =
  | { kind: 'restore'; input: Omit<UpdateWebhookInput, 'expectedVersion'>; fields: string[] }
  | { kind: 'current' }
  | { kind: 'impossible'; reason: string };

/**
 * What turns the current settings back into those of `version`: every setting changed by a later entry gets the
 * value it had before the earliest of those changes. Settings no later entry changed are as they were then and are
 * left out of the patch. `entries` must hold every entry newer than `version` (the History tab lists newest first,
 * so it has them once that version is on screen); status and secrets are not settings and are not restored.
 */
export function restorePlan(entries: readonly HistoryEntryData[], version: number): RestorePlan {
  const later = entries.filter((entry) => entry.version > version).sort((a, b) => a.version - b.version);
  const restored = new Map<string, unknown>();
  const current = new Map<string, unknown>();
  for (const entry of later) {
    for (const change of entry.changes) {
      if (!SETTINGS.has(change.field)) continue;
      if (!restored.has(change.field)) restored.set(change.field, change.before ?? null);
      current.set(change.field, change.after ?? null);
    }
  }
  // A setting changed and changed back is as it was: restoring it would only add noise to the new version.
  for (const [field, value] of restored) {
    if (canonical(value) === canonical(current.get(field))) restored.delete(field);
  }
  if (restored.size === 0) return { kind: 'current' };
  if (containsRedacted(restored.get('filter')))
    return {
      kind: 'impossible',
      reason:
        'The filter of this version compared a header or a secret value, which the history does not keep. Restore it by hand in Settings.',
    };
  const input: Record<string, unknown> = {};
  for (const [field, value] of restored) {
    // A webhook from before authentication settings existed had none: that was "no authentication".
    if (field === 'verification' && value === null) input[field] = { scheme: 'NONE' };
    else if (field === 'mapping') input[field] = value ?? [];
    else input[field] = value;
  }
  return { kind: 'restore', input: input as Omit<UpdateWebhookInput, 'expectedVersion'>, fields: [...restored.keys()] };
}
