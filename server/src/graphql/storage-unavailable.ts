/**
 * PostgreSQL error classes (SQLSTATE) that mean "not now" rather than "wrong": connection exceptions (08), too many
 * connections and other insufficient resources (53), operator intervention such as a restart or a cancelled
 * statement (57), and a lock that could not be had (55P03).
 */
const TRANSIENT_SQLSTATE = /^(08|53|57)|^55P03$/;

/** Socket errors of a database that cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Messages of the pool and the driver (pg, knex) that carry no code. */
const TRANSIENT_MESSAGES = [
  /Timeout acquiring a connection/i,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

/** MikroORM's wrappers of the same (they copy the driver error's code and message). */
const TRANSIENT_NAMES = new Set(['ConnectionException', 'KnexTimeoutError', 'LockWaitTimeoutException']);

/**
 * Whether an error (or one of its causes) says the database is unavailable for a moment — unreachable, out of
 * connections, restarting, or too slow — so the client should retry, rather than that our code is wrong.
 */
export function isStorageUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const { code, name, message } = current as Error & { code?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || (code.length === 5 && TRANSIENT_SQLSTATE.test(code)))) {
      return true;
    }
    if (TRANSIENT_NAMES.has(name) || TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  return false;
}
