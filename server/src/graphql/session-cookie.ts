import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Deps } from '../application/deps.js';

export const SESSION_COOKIE = 'intake_session';

/** HttpOnly (no script reads it) and SameSite=Strict (no other site sends it); Secure behind https. */
export function sessionCookieOptions(deps: Deps & { secureCookies?: boolean }): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: deps.secureCookies ?? false };
}
