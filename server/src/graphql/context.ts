import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../application/actor.js';
import type { Deps } from '../application/deps.js';

export interface GraphQLContext {
  deps: Deps;
  actor: Actor | null;
  requestId: string;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The console session token from the cookie, when any (logout needs it). */
  sessionToken: string | null;
}
