import { parseFilterAttribute, pathProblem, writePath, type JsonObject, type JsonValue } from '@intake/rules';
import type { FilterGroupData } from '../../../components/FilterBuilder/filter-model';

/**
 * A sample request that should pass the webhook's filters and fill every mapped attribute: a starting point the
 * admin edits, not a guarantee (OR groups and negative operators are not solved, only satisfied where obvious).
 */
export interface SampleRequest {
  headers: Record<string, string>;
  body: JsonObject;
}

type Condition = NonNullable<FilterGroupData['conditions']>[number];

/**
 * Writes `value` at a body path, creating objects (or arrays for index segments) on the way and keeping a value
 * already there. Paths the server would refuse (`__proto__`, empty segments, …) are left out of the sample.
 */
export function writeSampleValue(body: JsonObject, path: string, value: JsonValue): void {
  if (pathProblem(path) !== null) return;
  writePath(body, path, value, { keepExisting: true, arraysForIndexes: true });
}

/** A value that satisfies the condition, or undefined when none is obvious (NOT_EXISTS, NOT_EQUALS, …). */
function satisfyingValue({ operator, value }: Condition): JsonValue | undefined {
  const expected = value as JsonValue | undefined;
  const number = typeof expected === 'number' ? expected : Number(expected);
  switch (operator) {
    case 'EQUALS':
    case 'CONTAINS':
      return expected;
    case 'EXISTS':
    case 'IS_NOT_EMPTY':
      return 'example';
    case 'GREATER_THAN':
      return number + 1;
    case 'GREATER_THAN_OR_EQUAL':
    case 'LESS_THAN_OR_EQUAL':
      return number;
    case 'LESS_THAN':
      return number - 1;
    case 'IN':
      return Array.isArray(expected) ? expected[0] : undefined;
    case 'STARTS_WITH':
      return `${String(expected)}example`;
    case 'ENDS_WITH':
      return `example${String(expected)}`;
    default:
      return undefined;
  }
}

function applyFilter(group: FilterGroupData | null | undefined, sample: SampleRequest): void {
  if (!group) return;
  // For OR groups the first condition is enough; for AND groups all of them.
  const conditions = group.join === 'OR' ? (group.conditions ?? []).slice(0, 1) : (group.conditions ?? []);
  for (const condition of conditions) {
    const value = satisfyingValue(condition);
    const attribute = parseFilterAttribute(condition.attribute);
    if (value === undefined || attribute === null) continue;
    if (attribute.source === 'headers') sample.headers[attribute.name] = String(value);
    else writeSampleValue(sample.body, attribute.segments.join('.'), value);
  }
  const groups = group.join === 'OR' && conditions.length > 0 ? [] : (group.groups ?? []);
  groups.forEach((child) => applyFilter(child, sample));
}

/** The delivery id a built sample carries, so that a webhook with idempotency gets past its delivery-id check. */
export const SAMPLE_DELIVERY_ID = 'sample-delivery-1';

export function buildSampleRequest(
  filter: FilterGroupData | null | undefined,
  mapping: readonly { from: string; to: string }[],
  /** The webhook's idempotency key (`headers.<name>` or `body.<path>`), when it has one. */
  idempotencyKey?: string | null,
): SampleRequest {
  const sample: SampleRequest = { headers: { 'content-type': 'application/json' }, body: {} };
  applyFilter(filter, sample);
  for (const row of mapping) {
    writeSampleValue(sample.body, row.from, row.to === 'customer' ? 'customer-1' : `example ${row.from}`);
  }
  const key = idempotencyKey ? parseFilterAttribute(idempotencyKey) : null;
  if (key?.source === 'headers') sample.headers[key.name] ??= SAMPLE_DELIVERY_ID;
  else if (key) writeSampleValue(sample.body, key.segments.join('.'), SAMPLE_DELIVERY_ID);
  return sample;
}
