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
  NOT_REPLAYABLE: 'the request cannot be replayed: its original was not kept, or its webhook takes no requests now',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Why ingestion refused a request because of a mapping row's expression (`X-Webhook-Error`, the request log's error
 * code; HTTP 422, outcome INVALID_EVENT). Like the API's codes, each is documented in the README (a server test
 * checks it); the reason names the row.
 */
export const EXPRESSION_ERROR_CODES = {
  EXPRESSION_TIMEOUT: "a mapping row's expression did not finish within its time box (EXPRESSION_TIMEOUT_MS)",
  EXPRESSION_FAILED: "a mapping row's expression failed: JSONata's message, or a limit of the sandbox it reached",
} as const;
export type ExpressionErrorCode = keyof typeof EXPRESSION_ERROR_CODES;
