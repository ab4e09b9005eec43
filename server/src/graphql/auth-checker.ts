import type { AuthChecker } from 'type-graphql';
import { Errors } from '../domain/errors.js';
import type { GraphQLContext } from './context.js';

/**
 * `@Authorized()` = any signed-in caller; `@Authorized('ADMIN')` = admins only.
 * Missing credentials are UNAUTHENTICATED, a reader mutating is FORBIDDEN.
 */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) => {
  if (!context.actor) throw Errors.unauthenticated();
  if (roles.length > 0 && !roles.includes(context.actor.role)) throw Errors.forbidden();
  return true;
};

export function actorOf(context: GraphQLContext) {
  if (!context.actor) throw Errors.unauthenticated();
  return context.actor;
}
