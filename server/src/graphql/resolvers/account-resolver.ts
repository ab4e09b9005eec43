import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { createApiKey, listApiKeys, revokeApiKey } from '../../application/accounts/api-keys.js';
import { getViewer } from '../../application/accounts/get-viewer.js';
import { login, logout } from '../../application/auth/sessions.js';
import type { Role } from '../../domain/types.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { RoleEnum } from '../enums.js';
import { SESSION_COOKIE } from '../session-cookie.js';
import { ApiKeyType, CreatedApiKeyType, ViewerType } from '../types/account.js';

@Resolver()
export class AccountResolver {
  @Authorized()
  @Query(() => ViewerType, { description: 'Who is calling, in which account, with which role.' })
  me(@Ctx() ctx: GraphQLContext) {
    return getViewer(ctx.deps, actorOf(ctx));
  }

  @Mutation(() => ViewerType, { description: 'Signs a console user in and sets the HttpOnly session cookie.' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    const session = await login(ctx.deps, ctx.loginAttempts, { email, password, clientAddress: ctx.request.ip });
    ctx.reply.setCookie(SESSION_COOKIE, session.token, { ...ctx.sessionCookie, expires: session.expiresAt });
    return getViewer(ctx.deps, session.actor);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends the console session (the cookie is cleared).' })
  async logout(@Ctx() ctx: GraphQLContext) {
    if (ctx.sessionToken) await logout(ctx.deps, ctx.sessionToken);
    ctx.reply.clearCookie(SESSION_COOKIE, ctx.sessionCookie);
    return true;
  }

  @Authorized('ADMIN')
  @Query(() => [ApiKeyType])
  apiKeys(@Ctx() ctx: GraphQLContext) {
    return listApiKeys(ctx.deps, actorOf(ctx));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedApiKeyType, { description: 'The secret is in the answer, once.' })
  createApiKey(
    @Arg('name', () => String) name: string,
    @Arg('role', () => RoleEnum, { nullable: true }) role: Role | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return createApiKey(ctx.deps, actorOf(ctx), name, role ?? 'ADMIN');
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiKeyType)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return revokeApiKey(ctx.deps, actorOf(ctx), id);
  }
}
