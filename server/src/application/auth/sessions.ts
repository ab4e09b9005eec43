import { Errors } from '../../domain/errors.js';
import { generateSessionToken, hashPassword, sha256, verifyPassword } from '../../security/secrets.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { userActor } from './authenticate.js';

/** Verifies against this when the email is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;

/** Signs a console user in: returns the session token for the cookie and the actor it stands for. */
export async function login(
  deps: Deps,
  email: string,
  password: string,
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const found = await deps.accounts.findUserByEmail(email.trim().toLowerCase());
  dummyHash ??= hashPassword('not-a-real-password');
  const valid = await verifyPassword(found?.passwordHash ?? (await dummyHash), password);
  if (!found || !valid) throw Errors.unauthenticated('The email or password is wrong.');
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + deps.sessionTtlMs);
  await deps.accounts.startSession({ tokenHash: sha256(token), userId: found.user.id, expiresAt });
  return { token, expiresAt, actor: userActor(found) };
}

export async function logout(deps: Deps, token: string): Promise<void> {
  await deps.accounts.endSession(sha256(token));
}
