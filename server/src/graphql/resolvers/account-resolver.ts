import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { createApiKey, listApiKeys, revokeApiKey } from '../../application/accounts/api-keys.js';
import { changeUserRole } from '../../application/accounts/change-user-role.js';
import { getViewer } from '../../application/accounts/get-viewer.js';
import { inviteUser } from '../../application/accounts/invite-user.js';
import { listUsers } from '../../application/accounts/list-users.js';
import { removeUser } from '../../application/accounts/remove-user.js';
import { login, logout } from '../../application/auth/sessions.js';
import type { Role } from '../../domain/types.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { RoleEnum } from '../enums.js';
import { SESSION_COOKIE } from '../session-cookie.js';
import { AdminUserType, ApiKeyType, CreatedApiKeyType, CreatedUserType, ViewerType } from '../types/account.js';

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
    ctx.reply?.setCookie(SESSION_COOKIE, session.token, { ...ctx.sessionCookie, expires: session.expiresAt });
    return getViewer(ctx.deps, session.actor);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends the console session (the cookie is cleared).' })
  async logout(@Ctx() ctx: GraphQLContext) {
    if (ctx.sessionToken) await logout(ctx.deps, ctx.sessionToken);
    ctx.reply?.clearCookie(SESSION_COOKIE, ctx.sessionCookie);
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

  @Authorized('ADMIN')
  @Query(() => [AdminUserType], { description: 'The console users of the account, oldest first.' })
  users(@Ctx() ctx: GraphQLContext) {
    return listUsers(ctx.deps, actorOf(ctx));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedUserType, {
    description: 'Adds a console user with a generated password, in the answer once. No mail is sent.',
  })
  createUser(
    @Arg('email', () => String) email: string,
    @Arg('role', () => RoleEnum) role: Role,
    @Ctx() ctx: GraphQLContext,
  ) {
    return inviteUser(ctx.deps, actorOf(ctx), email, role);
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminUserType, {
    description: 'Changes a user’s role; not your own, and the last admin stays one (CONFLICT).',
  })
  changeUserRole(@Arg('id', () => ID) id: string, @Arg('role', () => RoleEnum) role: Role, @Ctx() ctx: GraphQLContext) {
    return changeUserRole(ctx.deps, actorOf(ctx), id, role);
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminUserType, {
    description:
      'Removes a user and ends their sessions; not yourself, nor the last admin (CONFLICT). The user as it was.',
  })
  removeUser(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return removeUser(ctx.deps, actorOf(ctx), id);
  }
}
