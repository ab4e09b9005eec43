import { isNoValue, valuesEqual } from './conversion.js';
import { mappingTargetProblem } from '@intake/rules';
import { cloneJson, lookupPath, MISSING, splitPath, writePath } from './paths.js';
import { isSecretName } from './redaction.js';
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
 * - A row with an `expression` writes what the expression computed (evaluated beforehand, outside the domain: see
 *   `expressionRequest`) instead of the value read at `from`; `found` still says whether `from` exists, and
 *   `default` and `replace` apply to the computed value as they would to a value read.
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
  /** The row's expression, when it has one. */
  expression?: string;
  /** What the expression computed, before default and replace; undefined when it computed nothing. */
  computed?: JsonValue;
}

/** What each row's expression computed, by row index (undefined: nothing); rows without one are not in it. */
export type ComputedValues = ReadonlyMap<number, JsonValue | undefined>;

const NOTHING_COMPUTED: ComputedValues = new Map();

/** One row's expression to evaluate, with `$`: the value read at the row's `from` (undefined when missing). */
export interface ExpressionTask {
  row: number;
  expression: string;
  value: JsonValue | undefined;
}

/**
 * What expressions see besides `$`. One more binding (e.g. `parent` for the enclosing body of a split request) is
 * one more key here: the evaluator binds every key as `$<key>`.
 */
export interface ExpressionBindings {
  /** The whole request body. */
  body: JsonObject;
  /** The request's headers, lower-cased, without the credentials (the names the request log redacts as secret). */
  headers: Record<string, string | string[]>;
  [name: string]: JsonValue | undefined;
}

/** Everything a request's expressions need, for an evaluator outside the domain. */
export interface ExpressionRequest {
  tasks: ExpressionTask[];
  bindings: ExpressionBindings;
}

/** Whether any row computes its value with an expression (webhooks without one never pay for evaluation). */
export function hasExpressions(rules: readonly MappingRule[]): boolean {
  return rules.some((rule) => typeof rule.expression === 'string' && rule.expression.length > 0);
}

/**
 * The expressions of a mapping applied to a request: one task per row that has one, in row order. For one item of
 * a split request, `body` is the item and `parent` the enclosing body (bound as `$parent` only when an expression
 * names it: every item's bindings travel to the evaluator, and the whole body once per item would be quadratic).
 */
export function expressionRequest(
  rules: readonly MappingRule[],
  body: JsonObject,
  headers: Record<string, string | string[] | undefined>,
  parent?: JsonObject,
): ExpressionRequest {
  const tasks: ExpressionTask[] = [];
  let usesParent = false;
  rules.forEach((rule, row) => {
    if (typeof rule.expression !== 'string' || rule.expression.length === 0) return;
    if (rule.expression.includes('$parent')) usesParent = true;
    const read = lookupPath(body, splitPath(rule.from));
    tasks.push({ row, expression: rule.expression, value: read === MISSING ? undefined : read });
  });
  const bindings: ExpressionBindings = { body, headers: expressionHeaders(headers) };
  if (parent !== undefined && usesParent) bindings.parent = parent;
  return { tasks, bindings };
}

const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['cookie', 'set-cookie']);

function expressionHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const visible: Record<string, string | string[]> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value === undefined || CREDENTIAL_HEADERS.has(lower) || isSecretName(lower)) continue;
    Object.defineProperty(visible, lower, { value, enumerable: true, writable: true, configurable: true });
  }
  return visible;
}

export interface MappedEvent {
  customer?: JsonValue;
  data: JsonObject;
  trace: MappingTrace[];
}

/**
 * Applies mapping rows to a request body: read `from` (or, for a row with an expression, take what it computed
 * from `computed`); when missing, null or "" take `default` (when set); apply the first matching replace rule;
 * write at `to`, creating nested objects. Later rows override earlier ones writing the same target. Returns the
 * mapped event and one trace entry per row.
 */
export function applyMapping(
  rules: readonly MappingRule[],
  body: JsonObject,
  computed: ComputedValues = NOTHING_COMPUTED,
): MappedEvent {
  const event: MappedEvent = { data: {}, trace: [] };
  rules.forEach((rule, row) => event.trace.push(applyRow(rule, body, event, computed, row)));
  return event;
}

function applyRow(
  rule: MappingRule,
  body: JsonObject,
  event: MappedEvent,
  computed: ComputedValues,
  row: number,
): MappingTrace {
  const read = lookupPath(body, splitPath(rule.from));
  const found = read !== MISSING;
  const expression = typeof rule.expression === 'string' && rule.expression.length > 0 ? rule.expression : null;
  let value: JsonValue | undefined = expression !== null ? computed.get(row) : found ? read : undefined;
  const computedTrace = expression !== null ? { expression, computed: value } : {};
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
  const trace: MappingTrace = {
    from: rule.from,
    to: rule.to,
    found,
    usedDefault,
    replaced,
    value: undefined,
    ...computedTrace,
  };
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
