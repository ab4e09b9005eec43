import type { ErrorCode } from '@intake/rules';

/**
 * The closed catalogue of error codes (names and meanings) is shared with the console: `@intake/rules`. Every code
 * is documented in ../../README.md (a test checks it) and reaches clients as `extensions.code`.
 */
export { ERROR_CODES, type ErrorCode } from '@intake/rules';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const Errors = {
  unauthenticated: (message = 'Sign in or send an API key as "Authorization: Bearer <key>".') =>
    new DomainError('UNAUTHENTICATED', message),
  forbidden: (message = 'Your role may read but not change anything.') => new DomainError('FORBIDDEN', message),
  notFound: (what: string, id: string) => new DomainError('NOT_FOUND', `${what} "${id}" was not found.`),
  badInput: (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, field),
  conflict: (message: string, field?: string) => new DomainError('CONFLICT', message, field),
  invalidTransition: (message: string) => new DomainError('INVALID_TRANSITION', message),
  limitReached: (message: string, field?: string) => new DomainError('LIMIT_REACHED', message, field),
  tooManyAttempts: (retryAfterSeconds: number) => new RetryLaterError('TOO_MANY_ATTEMPTS', retryAfterSeconds),
  unavailable: () => new RetryLaterError('UNAVAILABLE', 5),
};

/** A refusal that passes with time: the client may retry after `retryAfterSeconds`. */
export class RetryLaterError extends DomainError {
  constructor(
    code: 'TOO_MANY_ATTEMPTS' | 'UNAVAILABLE',
    readonly retryAfterSeconds: number,
  ) {
    super(
      code,
      code === 'TOO_MANY_ATTEMPTS'
        ? `Too many failed sign-ins. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`
        : `The storage is unavailable for a moment. Try again in ${retryAfterSeconds} seconds.`,
    );
    this.name = 'RetryLaterError';
  }
}

/** Thrown by validators: all problems found, each with the input path at fault. */
export class ValidationError extends DomainError {
  constructor(readonly issues: { field: string; message: string }[]) {
    super('BAD_USER_INPUT', issues[0]!.message, issues[0]!.field);
    this.name = 'ValidationError';
  }
}
