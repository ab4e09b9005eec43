import { mappingIssues, type MappingRule } from '@intake/rules';
import type { AttributeType, MappingInput, ReplaceValueInput } from '../../gql/graphql';
import type { FieldErrors } from '../../lib/graphql-errors';
import { newKey } from '../../lib/keys';
import { loadedExpressionCheck } from './expression-module';
import {
  emptyTypedValue,
  isBlankTypedValue,
  readTypedValue,
  typedValueFrom,
  type TypedValueDraft,
} from '../TypedValueInput/typed-value';

/** The mapping editor's rows and their conversion to the API's MappingInput list (same order, same indices). */

export interface ReplaceDraft {
  key: string;
  value: TypedValueDraft;
  replacement: TypedValueDraft;
}

export interface MappingDraft {
  key: string;
  /** A body path without the `body.` prefix. */
  from: string;
  /** `customer` or `data.<path>`. */
  to: string;
  /** Blank means no default. */
  defaultValue: TypedValueDraft;
  replace: ReplaceDraft[];
  /** The JSONata expression computing the value; null: none (the value at `from` as it is). */
  expression: string | null;
}

/** An attribute of the chosen event, as eventDefinitions describes it (path is `customer` or `data.<path>`). */
export interface EventAttributeInfo {
  path: string;
  type: AttributeType;
  required: boolean;
  description: string;
}

export function emptyMapping(to = ''): MappingDraft {
  return { key: newKey(), from: '', to, defaultValue: emptyTypedValue(), replace: [], expression: null };
}

export function emptyReplace(): ReplaceDraft {
  return { key: newKey(), value: emptyTypedValue(), replacement: emptyTypedValue() };
}

export interface MappingData {
  from: string;
  to: string;
  default?: unknown;
  replace: readonly { value: unknown; replacement: unknown }[];
  expression?: string | null;
}

export function mappingDraftsFrom(rows: readonly MappingData[]): MappingDraft[] {
  return rows.map((row) => ({
    key: newKey(),
    from: row.from,
    to: row.to,
    defaultValue: row.default === null || row.default === undefined ? emptyTypedValue() : typedValueFrom(row.default),
    replace: row.replace.map((rule) => ({
      key: newKey(),
      value: typedValueFrom(rule.value),
      replacement: typedValueFrom(rule.replacement),
    })),
    expression: row.expression ?? null,
  }));
}

/** `customer` is required by every event even when a definition does not list it. */
const CUSTOMER_ATTRIBUTE: EventAttributeInfo = {
  path: 'customer',
  type: 'STRING',
  required: true,
  description: 'The external id of the loyalty member the event is for.',
};

export function withCustomerAttribute(attributes: readonly EventAttributeInfo[]): EventAttributeInfo[] {
  return attributes.some((attribute) => attribute.path === 'customer')
    ? [...attributes]
    : [CUSTOMER_ATTRIBUTE, ...attributes];
}

/** Required attributes of the event that no row writes to yet. */
export function requiredUnmapped(
  attributes: readonly EventAttributeInfo[],
  rows: readonly MappingDraft[],
): EventAttributeInfo[] {
  const mapped = new Set(rows.map((row) => row.to.trim()));
  return withCustomerAttribute(attributes).filter((attribute) => attribute.required && !mapped.has(attribute.path));
}

export interface MappingConversion {
  input: MappingInput[];
  errors: FieldErrors;
}

function replaceToInput(rule: ReplaceDraft, path: string, errors: FieldErrors): ReplaceValueInput {
  const value = readTypedValue(rule.value);
  const replacement = readTypedValue(rule.replacement);
  if (!value.ok) errors[`${path}.value`] = value.message;
  if (!replacement.ok) errors[`${path}.replacement`] = replacement.message;
  return { value: value.ok ? value.value : null, replacement: replacement.ok ? replacement.value : null };
}

/**
 * The API input for the rows, with every problem the admin can fix before saving (paths like `mapping[1].to`):
 * values the editor cannot read first, then the server's own checks (from `@intake/rules`, in its words). An
 * expression is checked in full (JSONata's syntax, the sandbox) once that check has loaded, else for emptiness and
 * length; the server checks it in full on save either way.
 */
export function toMappingInput(rows: readonly MappingDraft[], basePath = 'mapping'): MappingConversion {
  const errors: FieldErrors = {};
  const input = rows.map((row, index): MappingInput => {
    const path = `${basePath}[${index}]`;
    const mapping: MappingInput = {
      from: row.from.trim(),
      to: row.to.trim(),
      replace: row.replace.map((rule, ruleIndex) => replaceToInput(rule, `${path}.replace[${ruleIndex}]`, errors)),
    };
    if (row.expression !== null) mapping.expression = row.expression;
    if (isBlankTypedValue(row.defaultValue)) return mapping;
    const defaultValue = readTypedValue(row.defaultValue);
    if (!defaultValue.ok) errors[`${path}.default`] = defaultValue.message;
    return defaultValue.ok ? { ...mapping, default: defaultValue.value } : mapping;
  });
  // The editor builds JSON values only, so its input is the mapping the server will check.
  const checks = { expressionProblem: loadedExpressionCheck() };
  for (const issue of mappingIssues(input as MappingRule[], basePath, checks)) errors[issue.field] ??= issue.message;
  return { input, errors };
}
