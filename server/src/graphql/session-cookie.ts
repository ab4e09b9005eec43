import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'intake_session';

/** HttpOnly (no script reads it) and SameSite=Strict (no other site sends it); Secure behind https. */
export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure };
}
