import type { FilterGroupData } from '../../../components/FilterBuilder/filter-model';

/**
 * A sample request that should pass the webhook's filters and fill every mapped attribute: a starting point the
 * admin edits, not a guarantee (OR groups and negative operators are not solved, only satisfied where obvious).
 */
export interface SampleRequest {
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

type Condition = NonNullable<FilterGroupData['conditions']>[number];

function isIndex(segment: string): boolean {
  return /^\d+$/.test(segment);
}

/** Writes `value` at a dot path, creating objects (or arrays for numeric segments) on the way; keeps what exists. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.').filter(Boolean);
  let node: Record<string, unknown> = target;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (last) {
      if (node[segment] === undefined) node[segment] = value;
      return;
    }
    if (typeof node[segment] !== 'object' || node[segment] === null) {
      node[segment] = isIndex(segments[index + 1]!) ? [] : {};
    }
    node = node[segment] as Record<string, unknown>;
  });
}

/** A value that satisfies the condition, or undefined when none is obvious (NOT_EXISTS, NOT_EQUALS, …). */
function satisfyingValue({ operator, value }: Condition): unknown {
  const number = typeof value === 'number' ? value : Number(value);
  switch (operator) {
    case 'EQUALS':
    case 'CONTAINS':
      return value;
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
      return Array.isArray(value) ? value[0] : undefined;
    case 'STARTS_WITH':
      return `${String(value)}example`;
    case 'ENDS_WITH':
      return `example${String(value)}`;
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
    if (value === undefined) continue;
    if (condition.attribute.startsWith('headers.')) {
      sample.headers[condition.attribute.slice('headers.'.length).toLowerCase()] = String(value);
    } else if (condition.attribute.startsWith('body.')) {
      setPath(sample.body, condition.attribute.slice('body.'.length), value);
    }
  }
  const groups = group.join === 'OR' && conditions.length > 0 ? [] : (group.groups ?? []);
  groups.forEach((child) => applyFilter(child, sample));
}

export function buildSampleRequest(
  filter: FilterGroupData | null | undefined,
  mapping: readonly { from: string; to: string }[],
): SampleRequest {
  const sample: SampleRequest = { headers: { 'content-type': 'application/json' }, body: {} };
  applyFilter(filter, sample);
  for (const row of mapping) {
    setPath(sample.body, row.from, row.to === 'customer' ? 'customer-1' : `example ${row.from}`);
  }
  return sample;
}
