import type { FastifyRequest } from 'fastify';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Context } from 'graphql-ws';
import { makeHandler, type Extra } from 'graphql-ws/use/@fastify/websocket';
import type { Actor } from '../application/actor.js';
import { authenticateApiKey, authenticateSession } from '../application/auth/authenticate.js';
import type { LoginAttemptStore } from '../application/auth/login-throttle.js';
import type { Deps } from '../application/deps.js';
import type { LiveTail } from '../application/logs/live-tail.js';
import { Errors, type DomainError } from '../domain/errors.js';
import { actorOf } from './auth-checker.js';
import type { GraphQLContext } from './context.js';
import { documentLimitRules, GRAPHQL_LIMITS } from './limits/document-rules.js';
import { createLoaders } from './loaders.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { isStorageUnavailable } from './storage-unavailable.js';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { bearerToken } from '../security/bearer-token.js';

/** Subscriptions one WebSocket carries at once at most (the account's limit is the live tail's). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 10;
/** A client must send `connection_init` (its credentials) this soon after connecting. */
const CONNECTION_INIT_TIMEOUT_MS = 5_000;
/** WebSocket close code "Try Again Later": the database could not check the credentials. */
const TRY_AGAIN_LATER = 1013;

/** How often open connections' credentials are checked again (a revoked key, an ended session). */
export const RECHECK_CREDENTIALS_MS = 30_000;
/** WebSocket close code graphql-ws uses for refused credentials. */
const FORBIDDEN = 4403;

/** What a connection carries once `connection_init` authenticated it. */
interface Connection extends Record<PropertyKey, unknown> {
  actor: Actor;
  sessionToken: string | null;
  /** The API key it authenticated with (checked again while it is open), or null for the session cookie. */
  apiKey: string | null;
}

type ConnectionContext = Context<Record<string, unknown> | undefined, Extra & Partial<Connection>>;

export interface WebSocketOptions {
  schema: GraphQLSchema;
  deps: Deps;
  loginAttempts: LoginAttemptStore;
  liveTail: LiveTail;
  sessionCookie: CookieSerializeOptions;
  /** The public base URL: a browser page there may use its session cookie over the WebSocket. */
  publicUrl: string;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  onWarn(details: object, message: string): void;
  /** How often open connections' credentials are checked again (RECHECK_CREDENTIALS_MS by default). */
  recheckMs?: number;
}

/**
 * The graphql-ws handler for the WebSocket at /graphql: subscriptions only (queries and mutations go over HTTP,
 * where Apollo's limits, metrics and cookies apply). Credentials come once, with `connection_init`, as for a query:
 * an API key in the connection parameters (`{ "authorization": "Bearer ik_…" }` or `{ "apiKey": "ik_…" }`) or in the
 * upgrade request's Authorization header, else the console's session cookie — the latter only from a page of
 * Intake's own origin (a browser sends the cookie along with any site's WebSocket). Without valid credentials the
 * socket is closed with 4403 Forbidden before any operation. An open connection's credentials are checked again
 * every `recheckMs`: one that no longer authenticates as the same account and role (a revoked key, a removed user,
 * an expired or ended session) is closed with 4403.
 */
export function liveWebSocketHandler(options: WebSocketOptions): {
  handler: ReturnType<typeof makeHandler>;
  /** Stops checking credentials again (the server closes). */
  close(): void;
} {
  const { schema, deps } = options;
  const ownOrigin = new URL(options.publicUrl).origin;
  const open = new Set<ConnectionContext>();
  let rechecking = false;
  const recheck = async () => {
    if (rechecking) return;
    rechecking = true;
    try {
      for (const ctx of [...open]) {
        const { actor, apiKey, sessionToken, socket } = ctx.extra;
        if (!actor) continue;
        const now = await (
          apiKey !== null && apiKey !== undefined
            ? authenticateApiKey(deps, apiKey)
            : authenticateSession(deps, sessionToken ?? '')
        ).catch((error: unknown) => {
          // A database that cannot answer proves nothing either way: the connection stays until the next check.
          if (isStorageUnavailable(error)) return actor;
          throw error;
        });
        if (!now || now.accountId !== actor.accountId || now.role !== actor.role) {
          open.delete(ctx);
          socket.close(FORBIDDEN, 'Forbidden: the credentials are no longer valid.');
        }
      }
    } catch (error) {
      options.onWarn({ err: error }, 'GraphQL WebSocket: credentials could not be checked again');
    } finally {
      rechecking = false;
    }
  };
  const timer = setInterval(() => void recheck(), options.recheckMs ?? RECHECK_CREDENTIALS_MS);
  timer.unref();
  const handler = makeHandler<Record<string, unknown> | undefined, Connection>({
    schema,
    isProd: true,
    connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
    onConnect: async (ctx: ConnectionContext) => {
      const { request, socket } = ctx.extra;
      try {
        const found = await connectionActor(deps, request, ctx.connectionParams, ownOrigin);
        if (!found) return false;
        Object.assign(ctx.extra, found);
        open.add(ctx);
        return true;
      } catch (error) {
        if (!isStorageUnavailable(error)) throw error;
        options.onWarn({ err: error }, 'GraphQL WebSocket refused: the credentials could not be read');
        socket.close(TRY_AGAIN_LATER, 'The database is unavailable; try again later.');
        return false;
      }
    },
    onSubscribe: (ctx: ConnectionContext, _id, payload) => {
      if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        return [
          domainError(
            Errors.limitReached(
              `A connection carries ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at most; end one or open another connection.`,
            ),
          ),
        ];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: GRAPHQL_LIMITS.maxTokens });
      } catch (error) {
        return [coded(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
      }
      const invalid = validate(schema, document, [...specifiedRules, ...documentLimitRules()]);
      if (invalid.length > 0) return invalid.map((error) => coded(error, 'GRAPHQL_VALIDATION_FAILED'));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        return [coded(new GraphQLError('Name the operation to run (operationName).'), 'BAD_REQUEST')];
      }
      if (operation.operation !== 'subscription') {
        return [
          coded(
            new GraphQLError('The WebSocket serves subscriptions only; send queries and mutations over HTTP POST.'),
            'BAD_REQUEST',
          ),
        ];
      }
      const { actor, sessionToken, request } = ctx.extra;
      const context: GraphQLContext = {
        deps,
        actor: actor ?? null,
        loginAttempts: options.loginAttempts,
        loaders: createLoaders(deps, () => actorOf(context)),
        requestId: request.id,
        request,
        reply: null,
        sessionToken: sessionToken ?? null,
        sessionCookie: options.sessionCookie,
        liveTail: options.liveTail,
      };
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: context,
      };
    },
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors
        ? { ...result, errors: result.errors.map((error) => options.formatError(error.toJSON(), error)) }
        : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((error) => options.formatError(error.toJSON(), error)),
    onClose: (ctx: ConnectionContext) => void open.delete(ctx),
  });
  return { handler, close: () => clearInterval(timer) };
}

/**
 * The caller of a connection, or null (refused). An API key given and not valid refuses, as over HTTP — the
 * cookie is not tried instead.
 */
async function connectionActor(
  deps: Deps,
  request: FastifyRequest,
  params: Record<string, unknown> | undefined,
  ownOrigin: string,
): Promise<Connection | null> {
  const key = apiKeyOf(params) ?? apiKeyOf({ authorization: request.headers.authorization });
  if (key !== undefined) {
    const actor = key === null ? null : await authenticateApiKey(deps, key);
    return actor && { actor, sessionToken: null, apiKey: key };
  }
  const sessionToken = request.cookies?.[SESSION_COOKIE];
  if (!sessionToken || !sameOrigin(request, ownOrigin)) return null;
  const actor = await authenticateSession(deps, sessionToken);
  return actor && { actor, sessionToken, apiKey: null };
}

/** The key in `{ authorization: "Bearer …" }` or `{ apiKey }`; null when malformed, undefined when absent. */
function apiKeyOf(params: Record<string, unknown> | undefined): string | null | undefined {
  const apiKey = params?.apiKey;
  if (apiKey !== undefined) return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
  const authorization = params?.authorization ?? params?.Authorization;
  if (authorization === undefined) return undefined;
  if (typeof authorization !== 'string') return null;
  return bearerToken(authorization);
}

/**
 * Whether the upgrade came from a page of Intake itself: its Origin is the public URL's, or names the host the
 * request was sent to (a direct connection). Browsers always send Origin with a WebSocket; other clients may
 * not, and carry no ambient cookie worth protecting.
 */
function sameOrigin(request: FastifyRequest, ownOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === ownOrigin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function domainError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code } });
}

function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code } });
}
