import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../application/actor.js';
import type { LoginAttemptStore } from '../application/auth/login-throttle.js';
import type { Deps } from '../application/deps.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  deps: Deps;
  actor: Actor | null;
  /** Where failed sign-ins are counted (login throttling). */
  loginAttempts: LoginAttemptStore;
  /** This request's batching loaders for links between objects. */
  loaders: Loaders;
  requestId: string;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The console session token from the cookie, when any (logout needs it). */
  sessionToken: string | null;
  /** How the session cookie is set and cleared. */
  sessionCookie: CookieSerializeOptions;
}
