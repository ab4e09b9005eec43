import { Errors } from '../../domain/errors.js';
import { AdminUserEntity, SessionEntity } from '../../persistence/entities/index.js';
import { generateSessionToken, hashPassword, sha256, verifyPassword } from '../../security/secrets.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

/** Verifies against this when the email is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;

/** Signs a console user in: returns the session token for the cookie and the actor it stands for. */
export async function login(
  deps: Deps,
  email: string,
  password: string,
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const em = deps.orm.em.fork();
  const user = await em.findOne(AdminUserEntity, { email: email.trim().toLowerCase() }, { populate: ['account'] });
  dummyHash ??= hashPassword('not-a-real-password');
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !valid) throw Errors.unauthenticated('The email or password is wrong.');
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + deps.sessionTtlMs);
  em.create(SessionEntity, { tokenHash: sha256(token), user, expiresAt });
  await em.nativeDelete(SessionEntity, { user: user.id, expiresAt: { $lt: new Date() } });
  await em.flush();
  return {
    token,
    expiresAt,
    actor: {
      accountId: user.account.id,
      accountSlug: user.account.slug,
      role: user.role,
      label: `user:${user.email}`,
      userId: user.id,
    },
  };
}

export async function logout(deps: Deps, token: string): Promise<void> {
  await deps.orm.em.fork().nativeDelete(SessionEntity, { tokenHash: sha256(token) });
}
