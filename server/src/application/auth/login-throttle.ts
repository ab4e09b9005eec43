import { isIPv4, isIPv6 } from 'node:net';
import { Errors } from '../../domain/errors.js';
import { sha256 } from '../../security/secrets.js';

/**
 * Where sign-in failures are counted and waits are kept, under opaque keys. Implemented in persistence: in Redis when
 * `REDIS_URL` is set (every instance shares the counts), else in the process.
 */
export interface LoginAttemptStore {
  /** Counts one failure under `key`; the failures counted under it in the last day, this one included. */
  countFailure(key: string): Promise<number>;
  /** Makes `key` wait `seconds` from now. */
  holdOff(key: string, seconds: number): Promise<void>;
  /** Milliseconds `key` must still wait; 0 when it need not. */
  waitOf(key: string): Promise<number>;
  /** Remembers `key` for three weeks (a user's address that signed in). */
  remember(key: string): Promise<void>;
  isRemembered(key: string): Promise<boolean>;
  /** Forgets the failures and the wait of `key`. */
  forget(key: string): Promise<void>;
}

/** From the `from`-th failure on, each failure makes the next attempt wait twice as long (1 s, 2 s, 4 s …) up to `max`. */
export interface BackoffRule {
  from: number;
  maxSeconds: number;
}

export const LOGIN_BACKOFF = {
  /** One user from one address: the user mistyping, or one attacker guessing. A success clears it. */
  userAtAddress: { from: 5, maxSeconds: 15 * 60 },
  /** One address across users: one attacker trying many accounts. A success does not clear it. */
  address: { from: 30, maxSeconds: 15 * 60 },
  /**
   * One user across addresses: guesses spread over many addresses. Its wait is short, and it does not apply at an
   * address where the user signed in before: an attacker can slow a user down on a new address, never lock them out.
   */
  user: { from: 20, maxSeconds: 60 },
} as const satisfies Record<string, BackoffRule>;

/** Seconds to wait after the `failures`-th failure. */
export function backoffSeconds(failures: number, rule: BackoffRule): number {
  if (failures < rule.from) return 0;
  return Math.min(2 ** Math.min(failures - rule.from, 30), rule.maxSeconds);
}

/**
 * The part of a client address that one client controls: an IPv6 client usually holds a whole /64, so its addresses
 * count as one; IPv4 (also IPv4-mapped IPv6) addresses as they are.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

export interface LoginAttempt {
  /** As stored: trimmed and lower-cased. */
  email: string;
  clientAddress: string;
}

function keysOf({ email, clientAddress }: LoginAttempt) {
  // Hashed: keys stay short and no email address sits in Redis.
  const user = sha256(email).slice(0, 32);
  const network = clientNetwork(clientAddress);
  return { userAtAddress: `ua:${user}:${network}`, address: `a:${network}`, user: `u:${user}` };
}

/** Refuses an attempt that comes before its wait is over, with TOO_MANY_ATTEMPTS and the seconds left. */
export async function assertMayAttempt(store: LoginAttemptStore, attempt: LoginAttempt): Promise<void> {
  const keys = keysOf(attempt);
  const [userAtAddress, address, user] = await Promise.all([
    store.waitOf(keys.userAtAddress),
    store.waitOf(keys.address),
    store.isRemembered(keys.userAtAddress).then((known) => (known ? 0 : store.waitOf(keys.user))),
  ]);
  const waitMs = Math.max(userAtAddress, address, user);
  if (waitMs > 0) throw Errors.tooManyAttempts(Math.ceil(waitMs / 1000));
}

/** Counts a failed attempt everywhere it counts and starts the waits it earns. */
export async function recordFailedAttempt(store: LoginAttemptStore, attempt: LoginAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await Promise.all(
    (Object.keys(LOGIN_BACKOFF) as (keyof typeof LOGIN_BACKOFF)[]).map(async (kind) => {
      const failures = await store.countFailure(keys[kind]);
      const seconds = backoffSeconds(failures, LOGIN_BACKOFF[kind]);
      if (seconds > 0) await store.holdOff(keys[kind], seconds);
    }),
  );
}

/** A success clears the user's counts (at this address and overall) and remembers the address for them. */
export async function recordSuccessfulAttempt(store: LoginAttemptStore, attempt: LoginAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await Promise.all([store.forget(keys.userAtAddress), store.forget(keys.user), store.remember(keys.userAtAddress)]);
}
