import { Errors } from '../../domain/errors.js';
import { generateSessionToken, hashPassword, sha256, verifyPassword } from '../../security/secrets.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { userActor } from './authenticate.js';
import {
  assertMayAttempt,
  recordFailedAttempt,
  recordSuccessfulAttempt,
  type LoginAttemptStore,
} from './login-throttle.js';

/** Verifies against this when the email is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;

export interface Credentials {
  email: string;
  password: string;
  /** Where the attempt comes from (the client's IP address), for throttling. */
  clientAddress: string;
}

/**
 * Signs a console user in: returns the session token for the cookie and the actor it stands for. Failures are
 * throttled per user and address, per address and per user (`login-throttle.ts`): an attempt that comes too soon is
 * refused with TOO_MANY_ATTEMPTS before the password is even checked.
 */
export async function login(
  deps: Deps,
  attempts: LoginAttemptStore,
  { email, password, clientAddress }: Credentials,
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const attempt = { email: email.trim().toLowerCase(), clientAddress };
  await assertMayAttempt(attempts, attempt);
  const found = await deps.accounts.findUserByEmail(attempt.email);
  dummyHash ??= hashPassword('not-a-real-password');
  const valid = await verifyPassword(found?.passwordHash ?? (await dummyHash), password);
  if (!found || !valid) {
    await recordFailedAttempt(attempts, attempt);
    throw Errors.unauthenticated('The email or password is wrong.');
  }
  await recordSuccessfulAttempt(attempts, attempt);
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + deps.sessionTtlMs);
  await deps.accounts.startSession({ tokenHash: sha256(token), userId: found.user.id, expiresAt });
  return { token, expiresAt, actor: userActor(found) };
}

export async function logout(deps: Deps, token: string): Promise<void> {
  await deps.accounts.endSession(sha256(token));
}
