import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, ValidationError } from '../domain/errors.js';

/** Error codes GraphQL itself produces for malformed operations; they carry no internals and pass through. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface ErrorReporter {
  (error: unknown, requestId: string | undefined): void;
}

/**
 * The one place errors leave the API: domain errors keep their code, field and message; GraphQL's own
 * validation errors pass; everything else becomes INTERNAL_SERVER_ERROR with a request id, logged server-side.
 */
export function formatError(report: ErrorReporter) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let original = unwrapResolverError(error);
    // Plugins (e.g. the introspection guard) can only throw GraphQLErrors: their domain error travels inside.
    if (original instanceof GraphQLError && original.originalError instanceof DomainError)
      original = original.originalError;
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original.field) extensions.field = original.field;
      if (original instanceof ValidationError) extensions.issues = original.issues;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      PASS_THROUGH.has(code) &&
      !(original instanceof Error && !(original instanceof GraphQLError))
    ) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    const requestId = (error as { requestId?: string }).requestId;
    report(original, requestId);
    return {
      message: 'Internal server error. It has been logged; quote the request id when you report it.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    };
  };
}
