import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  FILTER_JOINS,
  FILTER_OPERATORS,
  HMAC_ALGORITHMS,
  HTTP_METHODS,
  SIGNATURE_ENCODINGS,
  VERIFICATION_SCHEMES,
  type FilterGroup,
  type HttpMethod,
  type IdempotencySettings,
  type JsonValue,
  type MappingRule,
  type VerificationSettings,
} from '../domain/types.js';

/**
 * Blueprints: prefilled webhook configurations an admin can start from ("Blank", the documented use cases,
 * mParticle scenarios, a shop's paid orders). They are data files in `server/blueprints/*.json`, read once and cached.
 *
 * A file holds `{ id, name, description, category, order?, template, sample }`. `order` (optional) places a
 * blueprint within its category; it is not part of the Blueprint shape served to clients. Every template says how
 * its sender is verified (`verification`, NONE included) and where its delivery id is (`idempotency`, or null).
 */

export interface BlueprintTemplate {
  method: HttpMethod;
  endpoint: string | null;
  filter: FilterGroup | null;
  action: string | null;
  mapping: MappingRule[];
  successResponse: string | null;
  errorResponse: string | null;
  /** How the sender this blueprint is for authenticates (NONE, said explicitly, when it cannot be verified). */
  verification: VerificationSettings;
  /** Where that sender puts its delivery id, when it has one. */
  idempotency: IdempotencySettings | null;
  /** Fan-out: "body.<path to a list>" whose items each become an event; null (or absent in the file): none. */
  splitOn: string | null;
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
const CATEGORY_ORDER = ['basic', 'example', 'mparticle', 'shop'];
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

interface Entry {
  blueprint: Blueprint;
  order: number;
}

const cache = new Map<string, readonly Blueprint[]>();

/**
 * Every blueprint in `dir`: "blank" first, then the documented examples in the documentation's order, then
 * mParticle ones, then shop ones. Files are read once per directory; every call returns fresh copies, so callers may change
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
      throw new Error(`Blueprint file ${file}: not valid JSON (${(error as Error).message}).`, { cause: error });
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

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.string(),
    z.boolean(),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const filterGroup: z.ZodType<FilterGroup> = z.lazy(() =>
  z.object(
    {
      join: z.enum(FILTER_JOINS, 'must be AND or OR'),
      conditions: z.array(
        z.object({
          attribute: z.string().trim().min(1, 'is empty'),
          operator: z.enum(FILTER_OPERATORS, 'is not a filter operator'),
          value: jsonValue.optional(),
        }),
      ),
      groups: z.array(filterGroup),
    },
    'must be null or an object with "join", "conditions" and "groups"',
  ),
);

const mappingRule = z.object(
  {
    from: z.string().trim().min(1, 'is empty'),
    to: z.string().trim().min(1, 'is empty'),
    default: jsonValue.optional(),
    replace: z.array(z.object({ value: jsonValue, replacement: jsonValue })).default([]),
    // Read, not left out as an unknown key: a computed value (e.g. points from a total) is the row's whole point.
    expression: z.string('must be null or a string').nullable().optional(),
  },
  'must be an object with "from", "to" and "replace"',
);

const nullableText = z.string('must be null or a string').nullable();

// Options are checked for their types only; which apply to the scheme is verificationIssues' job (tests run it).
const verification = z.object(
  {
    scheme: z.enum(VERIFICATION_SCHEMES, `must be one of ${VERIFICATION_SCHEMES.join(', ')}`),
    header: nullableText.optional(),
    algorithm: z
      .enum(HMAC_ALGORITHMS, `must be one of ${HMAC_ALGORITHMS.join(', ')}`)
      .nullable()
      .optional(),
    encoding: z
      .enum(SIGNATURE_ENCODINGS, `must be one of ${SIGNATURE_ENCODINGS.join(', ')}`)
      .nullable()
      .optional(),
    prefix: nullableText.optional(),
    timestampHeader: nullableText.optional(),
    toleranceSeconds: z.number('must be a whole number').int('must be a whole number').nullable().optional(),
    username: nullableText.optional(),
  },
  'must be an object with "scheme" (NONE when the sender cannot be verified)',
);

const idempotency = z
  .object(
    {
      key: z.string('must be a string'),
      windowHours: z.number('must be a whole number').int('must be a whole number'),
    },
    'must be null or an object with "key" and "windowHours"',
  )
  .nullable();

const blueprintFile = z.object(
  {
    id: z.string('must be a string').regex(ID_PATTERN, 'must be 1 to 64 lower-case letters, digits, "_" or "-"'),
    name: z.string('must be a string').trim().min(1, 'is empty'),
    description: z.string('must be a string'),
    category: z.string('must be a string').trim().min(1, 'is empty'),
    order: z.number('must be a number when given').refine(Number.isFinite, 'must be a number when given').optional(),
    template: z.object(
      {
        method: z.enum(HTTP_METHODS, `must be one of ${HTTP_METHODS.join(', ')}`),
        endpoint: nullableText,
        filter: filterGroup.nullable(),
        action: nullableText,
        mapping: z.array(mappingRule, 'must be an array (empty for none)'),
        successResponse: nullableText,
        errorResponse: nullableText,
        verification,
        idempotency,
        splitOn: nullableText.optional().transform((value) => value ?? null),
      },
      'must be an object',
    ),
    sample: z.object(
      { headers: z.record(z.string(), z.string('must be a string')), body: jsonValue },
      'must be an object with "headers" and "body"',
    ),
  },
  'the file must hold a JSON object',
);

/** `template.filter.conditions[0].operator` from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

function parseBlueprint(raw: unknown, fail: (problem: string) => Error): Entry {
  const parsed = blueprintFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(issue.path.length === 0 ? `${issue.message}.` : `"${pathText(issue.path)}" ${issue.message}.`);
  }
  const { order, ...blueprint } = parsed.data;
  return { blueprint, order: order ?? Number.POSITIVE_INFINITY };
}
