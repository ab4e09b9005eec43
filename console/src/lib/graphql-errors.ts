import type { ErrorCode } from '@intake/rules';
import type { CombinedError } from '@urql/core';

/** A problem the server pinned to one input path, e.g. `input.mapping[1].to`. */
export interface FieldError {
  /** The input path without the leading `input.`: `mapping[1].to`, `filter.conditions[0].value`, `name`. */
  field: string;
  message: string;
  code: string;
}

/** Field path → message, the shape the editor's inputs read their server errors from. */
export type FieldErrors = Record<string, string>;

function extensionsOf(error: { extensions?: unknown }): Record<string, unknown> {
  return (error.extensions ?? {}) as Record<string, unknown>;
}

/** The `extensions.code` of every GraphQL error in the result. We branch on codes, never on message text. */
export function errorCodes(error: CombinedError | undefined): string[] {
  if (!error) return [];
  return error.graphQLErrors
    .map((graphQLError) => extensionsOf(graphQLError).code)
    .filter((code): code is string => typeof code === 'string');
}

/** `code` is one of the API's closed catalogue (`ERROR_CODES` of `@intake/rules`, shared with the server). */
export function hasErrorCode(error: CombinedError | undefined, code: ErrorCode): boolean {
  return errorCodes(error).includes(code);
}

function stripInputPrefix(field: string): string {
  return field.replace(/^input\./, '');
}

/**
 * Every error that names an input path. Besides the documented `extensions.field`, a validator that found several
 * problems may list them in `extensions.issues` ([{ field, message }]); we read both so none is lost.
 */
export function fieldErrorsOf(error: CombinedError | undefined): FieldError[] {
  if (!error) return [];
  const found: FieldError[] = [];
  for (const graphQLError of error.graphQLErrors) {
    const extensions = extensionsOf(graphQLError);
    const code = typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN';
    const issues = Array.isArray(extensions.issues) ? (extensions.issues as unknown[]) : [];
    for (const issue of issues) {
      const { field, message } = (issue ?? {}) as { field?: unknown; message?: unknown };
      if (typeof field === 'string' && typeof message === 'string') {
        found.push({ field: stripInputPrefix(field), message, code });
      }
    }
    if (issues.length === 0 && typeof extensions.field === 'string') {
      found.push({ field: stripInputPrefix(extensions.field), message: graphQLError.message, code });
    }
  }
  return found;
}

export function toFieldErrors(errors: FieldError[]): FieldErrors {
  const byField: FieldErrors = {};
  for (const { field, message } of errors) byField[field] ??= message;
  return byField;
}

/** A sentence for an alert: the server's own words for GraphQL errors, a hint for network failures. */
export function describeError(error: CombinedError): string {
  if (error.networkError) {
    return 'The server could not be reached. Check your connection and try again.';
  }
  const messages = error.graphQLErrors.map((graphQLError) => graphQLError.message);
  return messages.length > 0 ? [...new Set(messages)].join(' ') : error.message;
}
