import { isNoValue, valuesEqual } from './conversion.js';
import { mappingTargetProblem } from '@intake/rules';
import { cloneJson, lookupPath, MISSING, splitPath, writePath } from './paths.js';
import type { JsonObject, JsonValue, MappingRule, ReplaceRule } from './types.js';

/**
 * Mapping: builds the event (`customer` + `data`) from the request body, row by row.
 *
 * Semantics where the contract is silent:
 * - `found` means the `from` path exists in the body, even when its value is null or "".
 * - A null or "" value without a default is written as it is (the sender sent it); only a missing value
 *   writes nothing. Conversion then treats null/"" as "no value".
 * - Replace rules compare with `valuesEqual`: two strings exactly ("1.0" ≠ "1"), numbers by value, and a number
 *   matches a numeric string (a rule for 1 also catches "1"). The first matching rule wins; replacements are
 *   not themselves replaced again.
 * - Values are copied into the event, so later rows writing into them never change the request body.
 * - A row whose `to` cannot be written (validation should have refused it) is skipped and says why in its trace.
 */

export interface MappingTrace {
  from: string;
  to: string;
  /** The `from` path exists in the body (its value may be null or ""). */
  found: boolean;
  usedDefault: boolean;
  replaced: boolean;
  /** The value written at `to`; undefined when the row wrote nothing. */
  value: JsonValue | undefined;
  /** Why the row could not be applied, when it could not. */
  problem?: string;
}

export interface MappedEvent {
  customer?: JsonValue;
  data: JsonObject;
  trace: MappingTrace[];
}

/**
 * Applies mapping rows to a request body: read `from`; when missing, null or "" take `default` (when set);
 * apply the first matching replace rule; write at `to`, creating nested objects. Later rows override earlier
 * ones writing the same target. Returns the mapped event and one trace entry per row.
 */
export function applyMapping(rules: readonly MappingRule[], body: JsonObject): MappedEvent {
  const event: MappedEvent = { data: {}, trace: [] };
  for (const rule of rules) event.trace.push(applyRow(rule, body, event));
  return event;
}

function applyRow(rule: MappingRule, body: JsonObject, event: MappedEvent): MappingTrace {
  const read = lookupPath(body, splitPath(rule.from));
  const found = read !== MISSING;
  let value: JsonValue | undefined = found ? read : undefined;
  let usedDefault = false;
  if (isNoValue(value) && rule.default !== undefined) {
    value = rule.default;
    usedDefault = true;
  }
  let replaced = false;
  if (value !== undefined) {
    const replacement = findReplacement(rule.replace ?? [], value);
    if (replacement) {
      value = replacement.replacement;
      replaced = true;
    }
  }
  const trace: MappingTrace = { from: rule.from, to: rule.to, found, usedDefault, replaced, value: undefined };
  if (value === undefined) return trace;
  const problem = mappingTargetProblem(rule.to);
  if (problem) return { ...trace, problem };
  const written = cloneJson(value);
  if (rule.to === 'customer') event.customer = written;
  else writePath(event.data, rule.to.slice('data.'.length), written);
  return { ...trace, value: written };
}

function findReplacement(rules: readonly ReplaceRule[], value: JsonValue): ReplaceRule | undefined {
  for (const rule of rules) if (valuesEqual(value, rule.value)) return rule;
  return undefined;
}
