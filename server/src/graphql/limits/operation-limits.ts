import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { DomainError, Errors, RetryLaterError } from '../../domain/errors.js';
import { isStorageUnavailable } from '../storage-unavailable.js';
import { operationCost } from './cost.js';
import { findInputProblem } from './input-checks.js';

/**
 * A refusal raised outside resolvers (a plugin hook, the context function), where only a GraphQLError can travel:
 * it carries the domain error for formatError and the HTTP status (and Retry-After) for Apollo.
 */
export function refusal(error: DomainError, status: number): GraphQLError {
  const headers = new HeaderMap();
  if (error instanceof RetryLaterError) headers.set('retry-after', String(error.retryAfterSeconds));
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, http: { status, headers } },
  });
}

/**
 * Checks what validation cannot, because it needs the variables (validated documents are cached without them):
 * arguments that cannot be stored or nest too deep (BAD_USER_INPUT naming the argument), and the operation's cost
 * with its real page sizes. Both refuse with HTTP 400 before anything runs.
 */
export function operationLimits(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          // No operation to run: Apollo answers that itself.
          if (!operation) return;
          const problem = findInputProblem(document, operation, request.variables);
          if (problem) throw refusal(Errors.badInput(problem.field, problem.message), 400);
          const cost = operationCost({ schema, document, operation, variables: request.variables });
          if (cost > maxCost) {
            throw new GraphQLError(
              `Cost limit of ${maxCost} exceeded, found ${cost}. Each item of a page costs what its fields cost, ` +
                'and every page or link read costs more: ask for smaller pages (first), fewer nested lists or fewer aliases.',
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, headers: new HeaderMap() } } },
            );
          }
        },
      };
    },
  };
}

/** The refusal to retry later behind an error reaching the client, if it is one (a database that cannot be used is). */
function retryLaterErrorOf(error: unknown): RetryLaterError | null {
  const original = unwrapResolverError(error);
  if (original instanceof RetryLaterError) return original;
  return !(original instanceof DomainError) && isStorageUnavailable(original) ? Errors.unavailable() : null;
}

/**
 * Answers that failed for a while are said so in HTTP too, as ingestion's are: 503 + Retry-After when the database
 * is unavailable (formatError gives such errors the UNAVAILABLE code), so that clients and load balancers retry
 * rather than report a bug; 429 + Retry-After for sign-ins that must wait (TOO_MANY_ATTEMPTS).
 */
export const retryLaterStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ errors, response }) {
        const refusals = (errors ?? []).map(retryLaterErrorOf).filter((error) => error !== null);
        if (refusals.length === 0) return;
        const unavailable = refusals.some((error) => error.code === 'UNAVAILABLE');
        response.http.status = unavailable ? 503 : 429;
        const seconds = Math.max(...refusals.map((error) => error.retryAfterSeconds));
        response.http.headers.set('retry-after', String(seconds));
      },
    };
  },
};
