import { ValidationError } from './errors.js';
import { findEventDefinition } from './event-catalogue.js';
import { conditionValueProblem } from './filter.js';
import { parseJsonText } from './json-text.js';
import { mappingTargetProblem } from './mapping.js';
import { filterAttributeProblem, pathProblem } from './paths.js';
import { CLEARABLE_FIELDS, type WebhookPatch } from './webhook-patch.js';
import {
  FILTER_JOINS,
  FILTER_OPERATORS,
  HTTP_METHODS,
  type FilterGroup,
  type JsonValue,
  type MappingRule,
  type WebhookSettings,
} from './types.js';

export const LIMITS = {
  nameLength: 120,
  filterDepth: 5,
  filterConditions: 50,
  filterGroups: 20,
  mappingRows: 100,
  replaceRules: 50,
  responseBytes: 16 * 1024,
  jsonValueBytes: 4 * 1024,
} as const;

export const ENDPOINT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

type Issue = { field: string; message: string };

/** Validates a complete configuration; returns it normalised (trimmed name, empty filter as null). */
export function validateWebhookSettings(input: WebhookSettings, prefix = 'input'): WebhookSettings {
  const issues: Issue[] = [];
  checkSettings(input, prefix, issues, new Set(Object.keys(input)));
  if (issues.length > 0) throw new ValidationError(issues);
  return normalise(input);
}

/** Validates only the keys present in a tri-state patch; null is allowed only where clearing makes sense. */
export function validateWebhookPatch(patch: WebhookPatch, prefix = 'input'): void {
  const issues: Issue[] = [];
  const present = new Set<string>();
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (!(CLEARABLE_FIELDS as readonly string[]).includes(key)) {
        issues.push({
          field: `${prefix}.${key}`,
          message: `${key} cannot be cleared; give a value or leave it out to keep it.`,
        });
      }
      continue;
    }
    present.add(key);
  }
  checkSettings(patch as WebhookSettings, prefix, issues, present);
  if (issues.length > 0) throw new ValidationError(issues);
}

export function normalise(settings: WebhookSettings): WebhookSettings {
  const filter = settings.filter && isEmptyGroup(settings.filter) ? null : settings.filter;
  return { ...settings, name: settings.name.trim(), filter };
}

function isEmptyGroup(group: FilterGroup): boolean {
  return (group.conditions ?? []).length === 0 && (group.groups ?? []).every(isEmptyGroup);
}

function checkSettings(s: WebhookSettings, prefix: string, issues: Issue[], present: Set<string>): void {
  const at = (field: string) => `${prefix}.${field}`;
  if (present.has('name')) {
    const name = s.name.trim();
    if (name.length === 0) issues.push({ field: at('name'), message: 'The name is empty.' });
    else if (name.length > LIMITS.nameLength) {
      issues.push({
        field: at('name'),
        message: `The name is ${name.length} characters long; at most ${LIMITS.nameLength} are allowed.`,
      });
    }
  }
  if (present.has('method') && !(HTTP_METHODS as readonly string[]).includes(s.method)) {
    issues.push({ field: at('method'), message: 'The method must be POST or PUT.' });
  }
  if (present.has('endpoint') && !ENDPOINT_PATTERN.test(s.endpoint)) {
    issues.push({
      field: at('endpoint'),
      message: `"${truncate(s.endpoint)}" is not a valid endpoint: use 1 to 64 lower-case letters, digits, "_" or "-", starting with a letter or digit.`,
    });
  }
  if (present.has('action') && !findEventDefinition(s.action)) {
    issues.push({
      field: at('action'),
      message: `"${truncate(s.action)}" is not an event of the catalogue (see eventDefinitions).`,
    });
  }
  if (present.has('filter') && s.filter) checkFilter(s.filter, at('filter'), issues);
  if (present.has('mapping')) checkMapping(s.mapping, at('mapping'), issues);
  for (const key of ['successResponse', 'errorResponse'] as const) {
    const text = s[key];
    if (!present.has(key) || text == null) continue;
    if (Buffer.byteLength(text) > LIMITS.responseBytes) {
      issues.push({ field: at(key), message: `The response is larger than ${LIMITS.responseBytes} bytes.` });
      continue;
    }
    const parsed = parseJsonText(text);
    if (!parsed.ok) issues.push({ field: at(key), message: parsed.message });
  }
}

function checkFilter(root: FilterGroup, field: string, issues: Issue[]): void {
  let conditionCount = 0;
  let groupCount = 0;
  const visit = (group: FilterGroup, path: string, depth: number) => {
    groupCount++;
    if (depth > LIMITS.filterDepth) {
      issues.push({ field: path, message: `Filter groups nest at most ${LIMITS.filterDepth} levels deep.` });
      return;
    }
    if (!(FILTER_JOINS as readonly string[]).includes(group.join)) {
      issues.push({ field: `${path}.join`, message: 'join must be AND or OR.' });
    }
    (group.conditions ?? []).forEach((condition, i) => {
      conditionCount++;
      const at = `${path}.conditions[${i}]`;
      const attributeProblem = filterAttributeProblem(condition.attribute);
      if (attributeProblem) issues.push({ field: `${at}.attribute`, message: attributeProblem });
      if (!(FILTER_OPERATORS as readonly string[]).includes(condition.operator)) {
        issues.push({ field: `${at}.operator`, message: `Unknown operator "${condition.operator}".` });
        return;
      }
      const valueProblem = conditionValueProblem(condition.operator, condition.value);
      if (valueProblem) issues.push({ field: `${at}.value`, message: valueProblem });
      else if (jsonTooLarge(condition.value)) {
        issues.push({ field: `${at}.value`, message: `The value is larger than ${LIMITS.jsonValueBytes} bytes.` });
      }
    });
    (group.groups ?? []).forEach((sub, i) => visit(sub, `${path}.groups[${i}]`, depth + 1));
  };
  visit(root, field, 1);
  if (conditionCount > LIMITS.filterConditions) {
    issues.push({
      field,
      message: `A filter holds at most ${LIMITS.filterConditions} conditions; this one has ${conditionCount}.`,
    });
  }
  if (groupCount > LIMITS.filterGroups) {
    issues.push({
      field,
      message: `A filter holds at most ${LIMITS.filterGroups} groups; this one has ${groupCount}.`,
    });
  }
}

function checkMapping(mapping: MappingRule[], field: string, issues: Issue[]): void {
  if (mapping.length > LIMITS.mappingRows) {
    issues.push({
      field,
      message: `At most ${LIMITS.mappingRows} mapping rows are allowed; there are ${mapping.length}.`,
    });
    return;
  }
  mapping.forEach((row, i) => {
    const at = `${field}[${i}]`;
    const from = row.from.startsWith('body.')
      ? `"${row.from}" starts with "body.": mapping reads the body only, so write "${row.from.slice(5)}".`
      : pathProblem(row.from);
    if (from) issues.push({ field: `${at}.from`, message: from });
    const to = mappingTargetProblem(row.to);
    if (to) issues.push({ field: `${at}.to`, message: to });
    if (row.default !== undefined && jsonTooLarge(row.default)) {
      issues.push({ field: `${at}.default`, message: `The default is larger than ${LIMITS.jsonValueBytes} bytes.` });
    }
    const replace = row.replace ?? [];
    if (replace.length > LIMITS.replaceRules) {
      issues.push({ field: `${at}.replace`, message: `At most ${LIMITS.replaceRules} replace rules per row.` });
    }
    replace.forEach((rule, j) => {
      if (jsonTooLarge(rule.value) || jsonTooLarge(rule.replacement)) {
        issues.push({
          field: `${at}.replace[${j}]`,
          message: `Replace values are limited to ${LIMITS.jsonValueBytes} bytes.`,
        });
      }
    });
  });
}

function jsonTooLarge(value: JsonValue | undefined): boolean {
  return value !== undefined && JSON.stringify(value).length > LIMITS.jsonValueBytes;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
