import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import fastifyWebsocket from '@fastify/websocket';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { visit } from 'graphql';
import { Errors } from '../domain/errors.js';
import type { Actor } from '../application/actor.js';
import { authenticateApiKey, authenticateSession } from '../application/auth/authenticate.js';
import type { LoginAttemptStore } from '../application/auth/login-throttle.js';
import type { Deps } from '../application/deps.js';
import type { LiveTail } from '../application/logs/live-tail.js';
import { actorOf } from './auth-checker.js';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { answerSizeLimit } from './limits/answer-size.js';
import { documentLimitRules, GRAPHQL_LIMITS } from './limits/document-rules.js';
import { operationLimits, refusal, retryLaterStatus } from './limits/operation-limits.js';
import { createLoaders } from './loaders.js';
import { buildGraphQLSchema } from './schema.js';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';
import { operationMetrics, type OperationObserver } from './operation-metrics.js';
import { isStorageUnavailable } from './storage-unavailable.js';
import { liveWebSocketHandler } from './websocket.js';
import { bearerToken } from '../security/bearer-token.js';

export { GRAPHQL_LIMITS } from './limits/document-rules.js';

export interface GraphQLOptions {
  /** Set the session cookie `Secure` (the public URL is https). */
  secureCookies: boolean;
  /** Where failed sign-ins are counted (login throttling). */
  loginAttempts: LoginAttemptStore;
  /** The largest answer, in bytes (GRAPHQL_LIMITS.maxAnswerBytes unless configured). */
  maxAnswerBytes?: number;
  /** Told of every operation answered (metrics). */
  onOperation?: OperationObserver;
  /** The live tail subscriptions follow. */
  liveTail: LiveTail;
  /** How often open WebSockets' credentials are checked again (tests shorten it). */
  recheckCredentialsMs?: number;
}

/** Mounts the GraphQL API at /graphql on the given Fastify instance. */
export async function registerGraphQL(app: FastifyInstance, deps: Deps, options: GraphQLOptions): Promise<void> {
  const sessionCookie = sessionCookieOptions(options.secureCookies);
  const schema = await buildGraphQLSchema();
  const reportError = formatError((error, requestId, kind) =>
    kind === 'unavailable'
      ? app.log.warn({ err: error, requestId }, 'GraphQL answered UNAVAILABLE: the database could not be used')
      : app.log.error({ err: error, requestId }, 'GraphQL resolver failed'),
  );
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Apollo refuses "simple" requests (no JSON content type, no preflight header): cookie sessions cannot be forged cross-site.
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // graphql-js counts tokens while parsing: a huge document is refused before it becomes a huge syntax tree.
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    validationRules: documentLimitRules(),
    formatError: reportError,
    plugins: [
      fastifyApolloDrainPlugin(app),
      // No landing page: it loads a third-party script from a CDN and tells the Apollo version.
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used: Apollo's cache-control plugin would still run a hook for every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      tagErrorsWithRequestId,
      introspectionNeedsCredentials,
      hideSuggestionsFromStrangers,
      operationLimits(GRAPHQL_LIMITS.maxCost),
      answerSizeLimit(options.maxAnswerBytes ?? GRAPHQL_LIMITS.maxAnswerBytes),
      retryLaterStatus,
      ...(options.onOperation ? [operationMetrics(options.onOperation)] : []),
    ],
  });
  await apollo.start();
  const handler = fastifyApolloHandler<GraphQLContext>(apollo, {
    context: async (request, reply) => {
      const sessionToken = request.cookies?.[SESSION_COOKIE] ?? null;
      const context: GraphQLContext = {
        deps,
        actor: await authenticate(deps, request, sessionToken).catch((error: unknown) => {
          // Every request reads its credentials first: a database that cannot answer is a 503, not a failed context.
          if (isStorageUnavailable(error)) {
            request.log.warn({ err: error }, 'GraphQL answered UNAVAILABLE: the credentials could not be read');
            // Apollo's plugins never see a request whose context failed: it is counted here.
            const named = (request.body as { operationName?: unknown } | null | undefined)?.operationName;
            options.onOperation?.(typeof named === 'string' ? named : null, false, 'UNAVAILABLE');
            throw refusal(Errors.unavailable(), 503);
          }
          throw error;
        }),
        loginAttempts: options.loginAttempts,
        loaders: createLoaders(deps, () => actorOf(context)),
        requestId: request.id,
        request,
        reply,
        sessionToken,
        sessionCookie,
        liveTail: options.liveTail,
      };
      return context;
    },
  });
  const live = liveWebSocketHandler({
    schema,
    deps,
    loginAttempts: options.loginAttempts,
    liveTail: options.liveTail,
    sessionCookie,
    publicUrl: deps.publicUrl,
    formatError: reportError,
    onWarn: (details, message) => app.log.warn(details, message),
    recheckMs: options.recheckCredentialsMs,
  });
  app.addHook('onClose', async () => live.close());
  // Only /graphql upgrades reach the WebSocket plugin: it would otherwise route an upgrade of any address through
  // Fastify and leave the socket open after the answer, with no timeout (a way to hold connections for free).
  const upgrades = new EventEmitter();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://intake').pathname === '/graphql') {
      upgrades.emit('upgrade', request, socket, head);
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => void app.server.off('upgrade', onUpgrade));
  // Encapsulated: the WebSocket plugin's hooks run for /graphql only, not on the ingestion hot path.
  await app.register(async (graphql) => {
    await graphql.register(fastifyWebsocket, {
      // Subscription messages are small; a client has no business sending more.
      options: { maxPayload: 64 * 1024, server: upgrades as unknown as Server },
    });
    graphql.route({ method: ['POST', 'OPTIONS'], url: '/graphql', handler });
    // The same path upgrades to graphql-ws (subscriptions); a plain GET is a query, as before.
    graphql.route({ method: 'GET', url: '/graphql', handler, wsHandler: live.handler });
  });
}

async function authenticate(deps: Deps, request: FastifyRequest, sessionToken: string | null): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const key = bearerToken(authorization);
    return key !== null ? authenticateApiKey(deps, key) : null;
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
        // 200 like every other UNAUTHENTICATED answer (a hook's error would otherwise be a 500).
        if (introspects) throw refusal(Errors.unauthenticated(), 200);
      },
    };
  },
};

/**
 * "Did you mean …?" hints name fields and types the caller did not know of: callers without credentials get the
 * error without them (the committed schema is public, but probing it should not be made easy).
 */
const hideSuggestionsFromStrangers: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        if (contextValue.actor) return;
        for (const error of errors) error.message = error.message.replace(/ ?Did you mean(.+?)\?$/, '');
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
