import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphQLError, visit, type ValidationContext } from 'graphql';
import { Errors } from '../domain/errors.js';
import type { Actor } from '../application/actor.js';
import { authenticateApiKey, authenticateSession } from '../application/auth/authenticate.js';
import type { Deps } from '../application/deps.js';
import { actorOf } from './auth-checker.js';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { createLoaders } from './loaders.js';
import { buildGraphQLSchema } from './schema.js';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';

export const GRAPHQL_LIMITS = { maxDepth: 12, maxCost: 20_000 } as const;

/**
 * graphql-armor's rules throw by default, which Apollo answers as an unexpected 500; reported through the
 * validation context instead, a refused operation is a 400 GRAPHQL_VALIDATION_FAILED like any invalid query.
 */
const reportRejection = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export interface GraphQLOptions {
  /** Set the session cookie `Secure` (the public URL is https). */
  secureCookies: boolean;
}

/** Mounts the GraphQL API at /graphql on the given Fastify instance. */
export async function registerGraphQL(app: FastifyInstance, deps: Deps, options: GraphQLOptions): Promise<void> {
  const sessionCookie = sessionCookieOptions(options.secureCookies);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: await buildGraphQLSchema(),
    // Apollo refuses "simple" requests (no JSON content type, no preflight header): cookie sessions cannot be forged cross-site.
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [
      // A fragment spread is not a level of nesting. Counted as two (graphql-armor's default), the console's own
      // WebhookSettings query, 7 fields deep through three spreads, was refused as 13 deep.
      maxDepthRule({
        n: GRAPHQL_LIMITS.maxDepth,
        ignoreIntrospection: true,
        exposeLimits: true,
        flattenFragments: true,
        ...reportRejection,
      }),
      costLimitRule({
        maxCost: GRAPHQL_LIMITS.maxCost,
        ignoreIntrospection: true,
        exposeLimits: true,
        ...reportRejection,
      }),
    ],
    formatError: formatError((error, requestId) => app.log.error({ err: error, requestId }, 'GraphQL resolver failed')),
    plugins: [fastifyApolloDrainPlugin(app), tagErrorsWithRequestId, introspectionNeedsCredentials],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['POST', 'GET', 'OPTIONS'],
    context: async (request, reply) => {
      const sessionToken = request.cookies?.[SESSION_COOKIE] ?? null;
      const context: GraphQLContext = {
        deps,
        actor: await authenticate(deps, request, sessionToken),
        loaders: createLoaders(deps, () => actorOf(context)),
        requestId: request.id,
        request,
        reply,
        sessionToken,
        sessionCookie,
      };
      return context;
    },
  });
}

async function authenticate(deps: Deps, request: FastifyRequest, sessionToken: string | null): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? authenticateApiKey(deps, match[1]!) : null;
  }
  return sessionToken ? authenticateSession(deps, sessionToken) : null;
}

/** Every operation needs credentials, introspection included (the schema file in the repository is public). */
const introspectionNeedsCredentials: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document }) {
        if (contextValue.actor) return;
        let introspects = false;
        visit(document, {
          Field(node) {
            if (node.name.value === '__schema' || node.name.value === '__type') introspects = true;
          },
        });
        if (introspects) {
          const error = Errors.unauthenticated();
          throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code } });
        }
      },
    };
  },
};

/** Lets formatError (which sees no context) log and report unknown errors with the request id. */
const tagErrorsWithRequestId: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) Object.assign(error, { requestId: contextValue.requestId });
      },
    };
  },
};
