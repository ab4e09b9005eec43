import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../application/actor.js';
import type { LoginAttemptStore } from '../application/auth/login-throttle.js';
import type { Deps } from '../application/deps.js';
import type { LiveTail } from '../application/logs/live-tail.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  deps: Deps;
  actor: Actor | null;
  /** Where failed sign-ins are counted (login throttling). */
  loginAttempts: LoginAttemptStore;
  /** This request's batching loaders for links between objects. */
  loaders: Loaders;
  requestId: string;
  /** The HTTP request, or the WebSocket's upgrade request (subscriptions). */
  request: FastifyRequest;
  /** Null over the WebSocket, which serves subscriptions only: nothing there sets a cookie. */
  reply: FastifyReply | null;
  /** The console session token from the cookie, when any (logout needs it). */
  sessionToken: string | null;
  /** Who follows which webhook's requests live on this instance (`requestLogged`). */
  liveTail: LiveTail;
  /** How the session cookie is set and cleared. */
  sessionCookie: CookieSerializeOptions;
}
