import {
  FILTER_JOINS,
  FILTER_OPERATORS,
  HTTP_METHODS,
  isOneOf,
  type FilterJoin,
  type FilterOperator,
  type HttpMethod,
} from './enums.js';
import { parseJsonText, previewValue, utf8Length, type JsonValue } from './json.js';
import { filterAttributeProblem, pathProblem } from './paths.js';
import { expressionShapeProblem, MAX_EXPRESSION_LENGTH, type ExpressionCheck } from './expression-shape.js';
import { patternShapeProblem, type PatternCheck } from './pattern.js';
import {
  idempotencyIssues,
  verificationIssues,
  type IdempotencyInput,
  type IdempotencySettings,
  type VerificationSettings,
} from './verification.js';

/**
 * What an admin configures on a webhook, and every check of it. The server refuses what these checks find; the
 * console runs the same checks before saving, so an admin reads the server's words next to the input at fault.
 */

export interface FilterCondition {
  /** "headers.<name>" or "body.<dot.path>" */
  attribute: string;
  operator: FilterOperator;
  value?: JsonValue;
}

export interface FilterGroup {
  join: FilterJoin;
  conditions: FilterCondition[];
  groups: FilterGroup[];
}

export interface ReplaceRule {
  value: JsonValue;
  replacement: JsonValue;
}

export interface MappingRule {
  /** a body path without the "body." prefix */
  from: string;
  /** "customer" or "data.<dot.path>" */
  to: string;
  default?: JsonValue;
  replace: ReplaceRule[];
  /**
   * A JSONata expression whose result becomes the mapped value (`$` = the value at `from`, `$body`, `$headers`);
   * `default` and `replace` apply to its result. Absent or null = the value at `from` as it is.
   */
  expression?: string | null;
}

/** Everything an admin configures on a webhook. */
export interface WebhookSettings {
  name: string;
  method: HttpMethod;
  endpoint: string;
  filter: FilterGroup | null;
  action: string;
  mapping: MappingRule[];
  successResponse: string | null;
  errorResponse: string | null;
  /** How the sender is authenticated; `{ scheme: 'NONE' }` is an explicit choice. */
  verification: VerificationSettings;
  /** Where the sender's delivery id is, for exactly-once processing; null = every request is processed. */
  idempotency: IdempotencySettings | null;
  /**
   * Fan-out: "body.<path to a list>" whose items each become one event (mapping `from` paths read the item);
   * absent or null = one event per request.
   */
  splitOn?: string | null;
}

/**
 * Settings as an admin gives them for a new webhook: without `verification` the scheme is NONE, without
 * `idempotency` none is configured, and an idempotency window may be left to its default.
 */
export type NewWebhookSettings = Omit<WebhookSettings, 'verification' | 'idempotency'> & {
  verification?: VerificationSettings | null;
  idempotency?: IdempotencyInput | null;
};

/** Every setting, in the order the editor shows them and the change history lists them. */
export const WEBHOOK_SETTINGS_FIELDS = [
  'name',
  'method',
  'endpoint',
  'filter',
  'action',
  'mapping',
  'successResponse',
  'errorResponse',
  'verification',
  'idempotency',
  'splitOn',
] as const satisfies readonly (keyof WebhookSettings)[];

export const LIMITS = {
  nameLength: 120,
  filterDepth: 5,
  filterConditions: 50,
  filterGroups: 20,
  /**
   * MATCHES conditions of one filter, nested groups included: each is a regular expression that every request
   * reaching the webhook runs (RE2, linear in the input, yet still the dearest condition).
   */
  filterMatches: 20,
  /** values of one IN / NOT_IN list */
  listValues: 100,
  mappingRows: 100,
  replaceRules: 50,
  responseBytes: 16 * 1024,
  jsonValueBytes: 4 * 1024,
  /** characters of one mapping row's expression */
  expressionLength: MAX_EXPRESSION_LENGTH,
} as const;

/** The syntax of the `{endpoint}` in `/webhooks/custom/{account}/{endpoint}`, as the GraphQL schema states it. */
export const ENDPOINT_SYNTAX = '[a-z0-9][a-z0-9_-]{0,63}';
export const ENDPOINT_PATTERN = new RegExp(`^${ENDPOINT_SYNTAX}$`);

/** One problem, at the input path it concerns (e.g. `input.filter.conditions[0].value`). */
export interface Issue {
  field: string;
  message: string;
}

/** What the checks cannot know by themselves. Both are optional so that the console can check before it has them. */
export interface SettingsChecks {
  /** The full pattern check (RE2, from `@intake/rules/regex`); without it only emptiness and length are checked. */
  patternProblem?: PatternCheck;
  /** Whether an action names an event of the catalogue; without it only an empty action is refused. */
  isKnownAction?: (name: string) => boolean;
  /**
   * The full expression check (JSONata, from `@intake/rules/expression`); without it only emptiness and length are
   * checked.
   */
  expressionProblem?: ExpressionCheck;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Why a webhook name cannot be used (it is trimmed first), or null. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'The name is empty.';
  if (trimmed.length > LIMITS.nameLength) {
    return `The name is ${trimmed.length} characters long; at most ${LIMITS.nameLength} are allowed.`;
  }
  return null;
}

export function methodProblem(method: string): string | null {
  return isOneOf(HTTP_METHODS, method) ? null : 'The method must be POST or PUT.';
}

export function endpointProblem(endpoint: string): string | null {
  if (ENDPOINT_PATTERN.test(endpoint)) return null;
  return `"${truncate(endpoint)}" is not a valid endpoint: use 1 to 64 lower-case letters, digits, "_" or "-", starting with a letter or digit.`;
}

/** Why an action cannot be used, or null. Without `isKnownAction`, only an empty action is refused. */
export function actionProblem(action: string, isKnownAction?: (name: string) => boolean): string | null {
  if (action === '') return 'Choose the event to register: an empty action is not an event of the catalogue.';
  if (isKnownAction && !isKnownAction(action)) {
    return `"${truncate(action)}" is not an event of the catalogue (see eventDefinitions).`;
  }
  return null;
}

/** Why a configured response body cannot be sent: larger than the limit, or not JSON. */
export function responseProblem(text: string): string | null {
  if (utf8Length(text) > LIMITS.responseBytes) return `The response is larger than ${LIMITS.responseBytes} bytes.`;
  const parsed = parseJsonText(text);
  return parsed.ok ? null : parsed.message;
}

function isScalar(value: JsonValue): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * Why a condition's value does not suit its operator, in plain words, or null when it does.
 * EXISTS, NOT_EXISTS, IS_EMPTY, IS_NOT_EMPTY take no value; EQUALS/NOT_EQUALS any JSON value (null included);
 * numeric operators a number; CONTAINS/NOT_CONTAINS a scalar; STARTS_WITH/ENDS_WITH a non-empty text or a
 * number; IN/NOT_IN a list of 1 to 100 scalars; MATCHES a pattern `patternProblem` accepts.
 */
export function conditionValueProblem(
  operator: FilterOperator,
  value: JsonValue | undefined,
  patternProblem: PatternCheck = patternShapeProblem,
): string | null {
  switch (operator) {
    case 'EXISTS':
    case 'NOT_EXISTS':
    case 'IS_EMPTY':
    case 'IS_NOT_EMPTY':
      return value === undefined || value === null ? null : `${operator} takes no value; leave the value empty.`;
    case 'EQUALS':
    case 'NOT_EQUALS':
      return value === undefined ? `${operator} needs a value to compare with (use null to compare with null).` : null;
    case 'GREATER_THAN':
    case 'GREATER_THAN_OR_EQUAL':
    case 'LESS_THAN':
    case 'LESS_THAN_OR_EQUAL':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : `${operator} needs a number to compare with, e.g. 0; got ${previewValue(value)}.`;
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      return value !== undefined && isScalar(value)
        ? null
        : `${operator} needs a text, number, boolean or null to look for; got ${previewValue(value)}.`;
    case 'STARTS_WITH':
    case 'ENDS_WITH':
      if (typeof value === 'number' || (typeof value === 'string' && value.length > 0)) return null;
      return `${operator} needs a non-empty text or a number; got ${previewValue(value)}.`;
    case 'IN':
    case 'NOT_IN':
      return listProblem(operator, value);
    case 'MATCHES':
      if (typeof value !== 'string') return `MATCHES needs a regular expression as text; got ${previewValue(value)}.`;
      return patternProblem(value);
  }
}

function listProblem(operator: FilterOperator, value: JsonValue | undefined): string | null {
  if (!Array.isArray(value)) {
    return `${operator} needs a list of values, e.g. ["gold","silver"]; got ${previewValue(value)}.`;
  }
  if (value.length === 0) return `${operator} needs at least one value in the list.`;
  if (value.length > LIMITS.listValues) {
    return `${operator} takes at most ${LIMITS.listValues} values; the list has ${value.length}.`;
  }
  const position = value.findIndex((item) => !isScalar(item));
  if (position >= 0) {
    return `${operator} takes texts, numbers, booleans or null; item ${position + 1} is ${previewValue(value[position])}.`;
  }
  return null;
}

const BODY_PREFIX = 'body.';
const CUSTOMER_TARGET = 'customer';
const DATA_PREFIX = 'data.';

/**
 * Why a fan-out path cannot be used, or null: "body." followed by a body path to the list whose items become events
 * (e.g. body.events).
 */
export function splitOnProblem(splitOn: string): string | null {
  if (!splitOn.startsWith(BODY_PREFIX) || splitOn.length === BODY_PREFIX.length) {
    return `"${truncate(splitOn)}" must be "body." followed by the path to a list in the body, e.g. body.events.`;
  }
  return pathProblem(splitOn.slice(BODY_PREFIX.length));
}

/** Why a mapping row's `from` cannot be used: a body path, written without the `body.` prefix. */
export function mappingSourceProblem(from: string): string | null {
  if (from.startsWith(BODY_PREFIX)) {
    return `"${from}" starts with "body.": mapping reads the body only, so write "${from.slice(BODY_PREFIX.length)}".`;
  }
  return pathProblem(from);
}

/** Why a mapping target cannot be used, or null: it must be "customer" or "data.<path>". */
export function mappingTargetProblem(to: string): string | null {
  if (to === CUSTOMER_TARGET) return null;
  if (!to.startsWith(DATA_PREFIX)) {
    return `The target "${to}" must be "customer" or start with "data.", e.g. data.points.`;
  }
  return pathProblem(to.slice(DATA_PREFIX.length));
}

function jsonTooLarge(value: JsonValue | undefined): boolean {
  return value !== undefined && JSON.stringify(value).length > LIMITS.jsonValueBytes;
}

/** How many MATCHES conditions a filter holds, in its nested groups too (null: none). */
export function matchesConditionCount(group: FilterGroup | null | undefined): number {
  if (!group) return 0;
  const own = (group.conditions ?? []).filter((condition) => condition.operator === 'MATCHES').length;
  return (group.groups ?? []).reduce((count, sub) => count + matchesConditionCount(sub), own);
}

/** Every problem of a filter, at paths below `field` (`<field>.groups[0].conditions[1].value`). */
export function filterIssues(root: FilterGroup, field: string, checks: SettingsChecks = {}): Issue[] {
  const issues: Issue[] = [];
  let conditionCount = 0;
  let groupCount = 0;
  const visit = (group: FilterGroup, path: string, depth: number) => {
    groupCount++;
    if (depth > LIMITS.filterDepth) {
      issues.push({ field: path, message: `Filter groups nest at most ${LIMITS.filterDepth} levels deep.` });
      return;
    }
    if (!isOneOf(FILTER_JOINS, group.join)) issues.push({ field: `${path}.join`, message: 'join must be AND or OR.' });
    (group.conditions ?? []).forEach((condition, i) => {
      conditionCount++;
      const at = `${path}.conditions[${i}]`;
      const attributeProblem = filterAttributeProblem(condition.attribute);
      if (attributeProblem) issues.push({ field: `${at}.attribute`, message: attributeProblem });
      if (!isOneOf(FILTER_OPERATORS, condition.operator)) {
        issues.push({ field: `${at}.operator`, message: `Unknown operator "${condition.operator}".` });
        return;
      }
      const valueProblem = conditionValueProblem(condition.operator, condition.value, checks.patternProblem);
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
  const matchesCount = matchesConditionCount(root);
  if (matchesCount > LIMITS.filterMatches) {
    issues.push({
      field,
      message: `A filter holds at most ${LIMITS.filterMatches} MATCHES conditions; this one has ${matchesCount}.`,
    });
  }
  return issues;
}

/** Every problem of a mapping, at paths below `field` (`<field>[1].to`). */
export function mappingIssues(
  mapping: readonly MappingRule[],
  field: string,
  checks: Pick<SettingsChecks, 'expressionProblem'> = {},
): Issue[] {
  if (mapping.length > LIMITS.mappingRows) {
    return [{ field, message: `At most ${LIMITS.mappingRows} mapping rows are allowed; there are ${mapping.length}.` }];
  }
  const issues: Issue[] = [];
  mapping.forEach((row, i) => {
    const at = `${field}[${i}]`;
    const from = mappingSourceProblem(row.from);
    if (from) issues.push({ field: `${at}.from`, message: from });
    const to = mappingTargetProblem(row.to);
    if (to) issues.push({ field: `${at}.to`, message: to });
    if (jsonTooLarge(row.default)) {
      issues.push({ field: `${at}.default`, message: `The default is larger than ${LIMITS.jsonValueBytes} bytes.` });
    }
    if (row.expression != null) {
      const expression = (checks.expressionProblem ?? expressionShapeProblem)(row.expression);
      if (expression) issues.push({ field: `${at}.expression`, message: expression });
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
  return issues;
}

/** Settings, complete or in part, as given: an idempotency window may still be left to its default. */
export type SettingsToCheck = { [K in Exclude<keyof WebhookSettings, 'idempotency'>]?: WebhookSettings[K] | null } & {
  idempotency?: IdempotencyInput | null;
};

/**
 * Every problem of the settings given, at paths below `prefix` (`input` → `input.endpoint`; '' → `endpoint`).
 * Only the keys holding a value are checked (absent and null ones are not), so the same function checks a
 * complete configuration and a patch; whether null may clear a key is the caller's business.
 */
export function settingsIssues(settings: SettingsToCheck, prefix: string, checks: SettingsChecks = {}): Issue[] {
  const at = (field: string) => (prefix === '' ? field : `${prefix}.${field}`);
  const issues: Issue[] = [];
  const add = (field: string, message: string | null) => {
    if (message !== null) issues.push({ field: at(field), message });
  };
  const { name, method, endpoint, action, filter, mapping } = settings;
  if (name != null) add('name', nameProblem(name));
  if (method != null) add('method', methodProblem(method));
  if (endpoint != null) add('endpoint', endpointProblem(endpoint));
  if (action != null) add('action', actionProblem(action, checks.isKnownAction));
  if (filter != null) issues.push(...filterIssues(filter, at('filter'), checks));
  if (mapping != null) issues.push(...mappingIssues(mapping, at('mapping'), checks));
  for (const key of ['successResponse', 'errorResponse'] as const) {
    const text = settings[key];
    if (text != null) add(key, responseProblem(text));
  }
  if (settings.verification != null) issues.push(...verificationIssues(settings.verification, at('verification')));
  if (settings.idempotency != null) issues.push(...idempotencyIssues(settings.idempotency, at('idempotency')));
  if (settings.splitOn != null) add('splitOn', splitOnProblem(settings.splitOn));
  return issues;
}
