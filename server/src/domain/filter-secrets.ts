import { isSecretCondition } from './redaction.js';
import type { FilterGroup, JsonValue } from './types.js';

/**
 * Filter tokens at rest: the value of every secret condition (`isSecretCondition`) is stored sealed, as
 * `{"$encrypted": "<sealed JSON text of the value>"}`, and opened again for admins and for ingestion. The
 * cryptography comes in as functions (the SecretBox port), so this stays pure.
 */

export const SEALED_MARKER = '$encrypted';

export type Seal = (plain: string) => string;
export type Open = (sealed: string) => string;

/** A value as `sealFilterSecrets` stores it. */
export function isSealedValue(value: JsonValue | undefined): value is { [SEALED_MARKER]: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof value[SEALED_MARKER] === 'string'
  );
}

/** Copy of `filter` where each secret condition's value (null and absent ones aside) is sealed. */
export function sealFilterSecrets(filter: FilterGroup | null, seal: Seal): FilterGroup | null {
  return mapSecretValues(filter, (value) => ({ [SEALED_MARKER]: seal(JSON.stringify(value)) }));
}

/**
 * Copy of a stored filter with every sealed value opened. A secret value stored before sealing existed stays as
 * it is (the start-up pass seals those). Throws when a value cannot be opened (another key, tampering).
 */
export function openFilterSecrets(filter: FilterGroup | null, open: Open): FilterGroup | null {
  return mapSecretValues(filter, (value) =>
    isSealedValue(value) ? (JSON.parse(open(value[SEALED_MARKER])) as JsonValue) : value,
  );
}

/** True when a stored filter holds a secret value that is not sealed: written before sealing existed. */
export function hasUnsealedSecrets(filter: FilterGroup | null): boolean {
  let found = false;
  mapSecretValues(filter, (value) => {
    if (!isSealedValue(value)) found = true;
    return value;
  });
  return found;
}

/** Seals the secret values of a stored filter that are still in plain text, and keeps the sealed ones. */
export function sealUnsealedSecrets(filter: FilterGroup | null, seal: Seal): FilterGroup | null {
  return mapSecretValues(filter, (value) =>
    isSealedValue(value) ? value : { [SEALED_MARKER]: seal(JSON.stringify(value)) },
  );
}

function mapSecretValues(filter: FilterGroup | null, map: (value: JsonValue) => JsonValue): FilterGroup | null {
  if (!filter) return filter;
  return {
    join: filter.join,
    conditions: (filter.conditions ?? []).map((condition) =>
      condition.value !== undefined && condition.value !== null && isSecretCondition(condition.attribute)
        ? { ...condition, value: map(condition.value) }
        : condition,
    ),
    groups: (filter.groups ?? []).map((group) => mapSecretValues(group, map)!),
  };
}
