import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, Errors, RetryLaterError, ValidationError } from '../domain/errors.js';
import { isStorageUnavailable } from './storage-unavailable.js';

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
  /** `unavailable`: the database could not be used (answered UNAVAILABLE); `internal`: anything else unexpected. */
  (error: unknown, requestId: string | undefined, kind: 'internal' | 'unavailable'): void;
}

/**
 * The one place errors leave the API: domain errors keep their code, field and message; GraphQL's own
 * validation errors pass; a database that cannot be used is UNAVAILABLE (retry); everything else becomes
 * INTERNAL_SERVER_ERROR with a request id, logged server-side.
 */
export function formatError(report: ErrorReporter) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let original = unwrapResolverError(error);
    // Plugins (e.g. the introspection guard) can only throw GraphQLErrors: their domain error travels inside.
    if (original instanceof GraphQLError && original.originalError instanceof DomainError)
      original = original.originalError;
    const requestId = (error as { requestId?: string }).requestId;
    if (!(original instanceof DomainError) && isStorageUnavailable(original)) {
      report(original, requestId, 'unavailable');
      original = Errors.unavailable();
    }
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original.field) extensions.field = original.field;
      if (original instanceof ValidationError) extensions.issues = original.issues;
      if (original instanceof RetryLaterError) extensions.retryAfterSeconds = original.retryAfterSeconds;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    if (isApolloRequestError(error)) {
      return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      PASS_THROUGH.has(code) &&
      !(original instanceof Error && !(original instanceof GraphQLError))
    ) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    report(original, requestId, 'internal');
    return {
      message: 'Internal server error. It has been logged; quote the request id when you report it.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    };
  };
}

/**
 * Apollo refuses some malformed requests (a persisted query whose hash does not match its text, an unknown persisted
 * query version) with a GraphQLError of its own that has an HTTP 4xx status but no code: the client's mistake.
 */
function isApolloRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
