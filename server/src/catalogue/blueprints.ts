import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FILTER_JOINS,
  FILTER_OPERATORS,
  HTTP_METHODS,
  type FilterCondition,
  type FilterGroup,
  type HttpMethod,
  type JsonValue,
  type MappingRule,
  type ReplaceRule,
} from '../domain/types.js';

/**
 * Blueprints: prefilled webhook configurations an admin can start from ("Blank", the documented use cases,
 * mParticle scenarios). They are data files in `server/blueprints/*.json`, read once and cached.
 *
 * A file holds `{ id, name, description, category, order?, template, sample }`. `order` (optional) places a
 * blueprint within its category; it is not part of the Blueprint shape served to clients.
 */

export interface BlueprintTemplate {
  method: HttpMethod;
  endpoint: string | null;
  filter: FilterGroup | null;
  action: string | null;
  mapping: MappingRule[];
  successResponse: string | null;
  errorResponse: string | null;
}

export interface BlueprintSample {
  headers: Record<string, string>;
  body: JsonValue;
}

export interface Blueprint {
  id: string;
  name: string;
  description: string;
  /** "basic", "example", "mparticle", … */
  category: string;
  template: BlueprintTemplate;
  /** A request this blueprint's configuration accepts. */
  sample: BlueprintSample;
}

/**
 * `server/blueprints/`: this module lives two levels below `server/` both in development
 * (`server/src/catalogue/`) and when built (`server/dist/catalogue/`).
 */
export const DEFAULT_BLUEPRINTS_DIR = fileURLToPath(new URL('../../blueprints/', import.meta.url));

/** Categories in the order they are listed; unknown categories come after these, alphabetically. */
const CATEGORY_ORDER = ['basic', 'example', 'mparticle'];
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

interface Entry {
  blueprint: Blueprint;
  order: number;
}

const cache = new Map<string, readonly Blueprint[]>();

/**
 * Every blueprint in `dir`: "blank" first, then the documented examples in the documentation's order, then
 * mParticle ones. Files are read once per directory; every call returns fresh copies, so callers may change
 * what they get without touching the cache.
 *
 * @throws Error naming the file and the problem when a file is not valid JSON or not a blueprint, or when two
 *   files share an id.
 */
export function loadBlueprints(dir: string = DEFAULT_BLUEPRINTS_DIR): Blueprint[] {
  let blueprints = cache.get(dir);
  if (!blueprints) {
    blueprints = readBlueprints(dir);
    cache.set(dir, blueprints);
  }
  return structuredClone(blueprints) as Blueprint[];
}

/** The blueprint with this id from the default directory, or undefined. */
export function findBlueprint(id: string): Blueprint | undefined {
  return loadBlueprints().find((blueprint) => blueprint.id === id);
}

/** Forgets what was read, so the next call reads the files again (tests, reloads). */
export function clearBlueprintCache(): void {
  cache.clear();
}

function readBlueprints(dir: string): readonly Blueprint[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const entries: Entry[] = [];
  const fileById = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Blueprint file ${file}: not valid JSON (${(error as Error).message}).`);
    }
    const entry = parseBlueprint(raw, (problem) => new Error(`Blueprint file ${file}: ${problem}`));
    const other = fileById.get(entry.blueprint.id);
    if (other) throw new Error(`Blueprint file ${file}: the id "${entry.blueprint.id}" is already used by ${other}.`);
    fileById.set(entry.blueprint.id, file);
    entries.push(entry);
  }
  entries.sort(compareEntries);
  return Object.freeze(entries.map((entry) => deepFreeze(entry.blueprint)));
}

function compareEntries(a: Entry, b: Entry): number {
  const rank = (blueprint: Blueprint) => {
    if (blueprint.id === 'blank') return -1;
    const index = CATEGORY_ORDER.indexOf(blueprint.category);
    return index === -1 ? CATEGORY_ORDER.length : index;
  };
  return (
    rank(a.blueprint) - rank(b.blueprint) ||
    a.blueprint.category.localeCompare(b.blueprint.category) ||
    a.order - b.order ||
    a.blueprint.id.localeCompare(b.blueprint.id)
  );
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// -------------------------------------------------------------------------------------------------------------
// Shape checks. They check structure and types only; whether a template is a valid webhook configuration is
// validateWebhookSettings' job (the tests run it on every blueprint).

type Fail = (problem: string) => Error;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isObject(value)) return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  return false;
}

function requireString(value: unknown, what: string, fail: Fail, { nonEmpty = false } = {}): string {
  if (typeof value !== 'string') throw fail(`${what} must be a string.`);
  if (nonEmpty && value.trim().length === 0) throw fail(`${what} is empty.`);
  return value;
}

function optionalString(value: unknown, what: string, fail: Fail): string | null {
  if (value === null) return null;
  return requireString(value, `${what} must be null or a string; it`, fail);
}

function parseBlueprint(raw: unknown, fail: Fail): Entry {
  if (!isObject(raw)) throw fail('the file must hold a JSON object.');
  const id = requireString(raw.id, '"id"', fail, { nonEmpty: true });
  if (!ID_PATTERN.test(id)) throw fail(`"id" "${id}" must be 1 to 64 lower-case letters, digits, "_" or "-".`);
  const name = requireString(raw.name, '"name"', fail, { nonEmpty: true });
  const description = requireString(raw.description, '"description"', fail);
  const category = requireString(raw.category, '"category"', fail, { nonEmpty: true });
  let order = Number.POSITIVE_INFINITY;
  if (raw.order !== undefined) {
    if (typeof raw.order !== 'number' || !Number.isFinite(raw.order))
      throw fail('"order" must be a number when given.');
    order = raw.order;
  }
  if (!isObject(raw.template)) throw fail('"template" must be an object.');
  const template = parseTemplate(raw.template, fail);
  if (!isObject(raw.sample)) throw fail('"sample" must be an object with "headers" and "body".');
  const sample = parseSample(raw.sample, fail);
  return { blueprint: { id, name, description, category, template, sample }, order };
}

function parseTemplate(raw: Record<string, unknown>, fail: Fail): BlueprintTemplate {
  if (!(HTTP_METHODS as readonly unknown[]).includes(raw.method)) {
    throw fail(`"template.method" must be one of ${HTTP_METHODS.join(', ')}.`);
  }
  const endpoint = optionalString(raw.endpoint, '"template.endpoint"', fail);
  const filter = raw.filter === null ? null : parseGroup(raw.filter, 'template.filter', fail);
  const action = optionalString(raw.action, '"template.action"', fail);
  if (!Array.isArray(raw.mapping)) throw fail('"template.mapping" must be an array (empty for none).');
  const mapping = raw.mapping.map((row, i) => parseMappingRule(row, `template.mapping[${i}]`, fail));
  const successResponse = optionalString(raw.successResponse, '"template.successResponse"', fail);
  const errorResponse = optionalString(raw.errorResponse, '"template.errorResponse"', fail);
  return { method: raw.method as HttpMethod, endpoint, filter, action, mapping, successResponse, errorResponse };
}

function parseGroup(raw: unknown, at: string, fail: Fail): FilterGroup {
  if (!isObject(raw)) throw fail(`"${at}" must be null or an object with "join", "conditions" and "groups".`);
  if (!(FILTER_JOINS as readonly unknown[]).includes(raw.join)) throw fail(`"${at}.join" must be AND or OR.`);
  if (!Array.isArray(raw.conditions)) throw fail(`"${at}.conditions" must be an array.`);
  if (!Array.isArray(raw.groups)) throw fail(`"${at}.groups" must be an array.`);
  const conditions = raw.conditions.map((condition, i) => parseCondition(condition, `${at}.conditions[${i}]`, fail));
  const groups = raw.groups.map((group, i) => parseGroup(group, `${at}.groups[${i}]`, fail));
  return { join: raw.join as FilterGroup['join'], conditions, groups };
}

function parseCondition(raw: unknown, at: string, fail: Fail): FilterCondition {
  if (!isObject(raw)) throw fail(`"${at}" must be an object with "attribute", "operator" and, where needed, "value".`);
  const attribute = requireString(raw.attribute, `"${at}.attribute"`, fail, { nonEmpty: true });
  if (!(FILTER_OPERATORS as readonly unknown[]).includes(raw.operator)) {
    throw fail(`"${at}.operator" ${JSON.stringify(raw.operator)} is not a filter operator.`);
  }
  const condition: FilterCondition = { attribute, operator: raw.operator as FilterCondition['operator'] };
  if (raw.value !== undefined) {
    if (!isJsonValue(raw.value)) throw fail(`"${at}.value" is not a JSON value.`);
    condition.value = raw.value;
  }
  return condition;
}

function parseMappingRule(raw: unknown, at: string, fail: Fail): MappingRule {
  if (!isObject(raw)) throw fail(`"${at}" must be an object with "from", "to" and "replace".`);
  const from = requireString(raw.from, `"${at}.from"`, fail, { nonEmpty: true });
  const to = requireString(raw.to, `"${at}.to"`, fail, { nonEmpty: true });
  const replaceRaw = raw.replace ?? [];
  if (!Array.isArray(replaceRaw)) throw fail(`"${at}.replace" must be an array.`);
  const replace = replaceRaw.map((rule, j): ReplaceRule => {
    if (!isObject(rule) || !isJsonValue(rule.value) || !isJsonValue(rule.replacement)) {
      throw fail(`"${at}.replace[${j}]" must be an object with JSON "value" and "replacement".`);
    }
    return { value: rule.value, replacement: rule.replacement };
  });
  const rule: MappingRule = { from, to, replace };
  if (raw.default !== undefined) {
    if (!isJsonValue(raw.default)) throw fail(`"${at}.default" is not a JSON value.`);
    rule.default = raw.default;
  }
  return rule;
}

function parseSample(raw: Record<string, unknown>, fail: Fail): BlueprintSample {
  if (!isObject(raw.headers)) throw fail('"sample.headers" must be an object of header names to strings.');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (typeof value !== 'string') throw fail(`"sample.headers.${name}" must be a string.`);
    headers[name] = value;
  }
  if (raw.body === undefined || !isJsonValue(raw.body)) throw fail('"sample.body" must be a JSON value.');
  return { headers, body: raw.body };
}
