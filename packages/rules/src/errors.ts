/**
 * The closed catalogue of errors the API reports as `extensions.code`. Every code here is documented in the
 * README (a server test checks it); the console branches on these names, never on message text.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'no or invalid credentials',
  FORBIDDEN: 'authenticated, but the role may not do this',
  NOT_FOUND: "no such object in the caller's account",
  BAD_USER_INPUT: 'validation failed; `field` names the input path at fault',
  CONFLICT: 'endpoint already taken, or expectedVersion is stale',
  INVALID_TRANSITION: 'lifecycle change not allowed from the current status',
  LIMIT_REACHED: 'a limit was reached (webhooks per account, answer size); the message names it',
  TOO_MANY_ATTEMPTS: 'too many failed sign-ins; `retryAfterSeconds` says when to try again',
  UNAVAILABLE: 'storage unavailable for a moment (HTTP 503 with Retry-After); retry',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;
