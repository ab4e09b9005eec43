import {
  CombinedError,
  createRequest,
  getOperationName,
  makeOperation,
  type AnyVariables,
  type Client,
  type DocumentInput,
  type GraphQLRequest,
  type OperationContext,
  type OperationResult,
} from '@urql/core';
import type { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { concat, fromValue, makeSubject, never, onEnd, onStart, pipe, take, toPromise } from 'wonka';

/** What a mocked operation answers: data, GraphQL errors (with extensions), or nothing yet (stays loading). */
export type MockAnswer =
  | { data: unknown }
  | { errors: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown }
  | 'loading';

export type MockResolver = (variables: Record<string, unknown>) => MockAnswer;

const CONTEXT = { url: '/graphql', requestPolicy: 'cache-first' } as OperationContext;

function answer(kind: 'query' | 'mutation', request: GraphQLRequest, resolvers: Record<string, MockResolver>) {
  const name = getOperationName(request.query) ?? '(anonymous)';
  const resolver = resolvers[name];
  if (!resolver) throw new Error(`The mock client has no answer for ${kind} ${name}`);
  const mocked = resolver((request.variables ?? {}) as Record<string, unknown>);
  if (mocked === 'loading') return never;
  const operation = makeOperation(kind, request, CONTEXT);
  const result: OperationResult = {
    operation,
    data: 'data' in mocked ? mocked.data : undefined,
    error:
      'errors' in mocked ? new CombinedError({ graphQLErrors: mocked.errors as unknown as GraphQLError[] }) : undefined,
    stale: false,
    hasNext: false,
  };
  // A real client's query stream stays open for cache updates; one that ends makes useQuery drop the error
  // (its end resets `error`), so an errored query without data would read as still loading.
  return kind === 'query' ? concat([fromValue(result), never]) : fromValue(result);
}

/**
 * A stand-in urql client answering by operation name, e.g. `{ UpdateWebhook: (vars) => ({ data: … }) }`.
 * executeQuery / executeMutation are spies, so tests can assert the variables sent.
 */
export function mockClient(resolvers: Record<string, MockResolver>) {
  const executeQuery = vi.fn((request: GraphQLRequest) => answer('query', request, resolvers));
  const client = {
    suspense: false,
    executeQuery,
    executeMutation: vi.fn((request: GraphQLRequest) => answer('mutation', request, resolvers)),
    executeSubscription: vi.fn(() => never),
    /** The imperative `client.query(…).toPromise()`, answered like executeQuery (and recorded by it). */
    query: (query: DocumentInput<unknown, AnyVariables>, variables: AnyVariables) => ({
      toPromise: () => pipe(executeQuery(createRequest(query, variables)), take(1), toPromise),
    }),
  };
  return client as typeof client & Client;
}

/** The variables of every call to a spy for one operation name. */
export function variablesSent(spy: ReturnType<typeof vi.fn>, operationName: string): Record<string, unknown>[] {
  return spy.mock.calls
    .map(([request]) => request as GraphQLRequest)
    .filter((request) => getOperationName(request.query) === operationName)
    .map((request) => (request.variables ?? {}) as Record<string, unknown>);
}

/**
 * Makes `client`'s subscriptions a feed the test pushes into: `push(data)` delivers one message to every
 * subscription started so far; `started()` tells how many are open (ended ones are not counted).
 */
export function subscriptionFeed(client: ReturnType<typeof mockClient>) {
  const open = new Set<{ next(result: OperationResult): void; request: GraphQLRequest }>();
  client.executeSubscription = vi.fn((request: GraphQLRequest) => {
    const subject = makeSubject<OperationResult>();
    const entry = { next: subject.next, request };
    return pipe(
      subject.source,
      onStart(() => open.add(entry)),
      onEnd(() => open.delete(entry)),
    );
  }) as unknown as typeof client.executeSubscription;
  return {
    push(data: unknown) {
      for (const { next, request } of [...open]) {
        next({
          operation: makeOperation('subscription', request, CONTEXT),
          data,
          error: undefined,
          stale: false,
          hasNext: true,
        });
      }
    },
    started: () => open.size,
    variables: () => [...open].map(({ request }) => request.variables as Record<string, unknown>),
  };
}
