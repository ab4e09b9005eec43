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
};

/** Thrown by validators: all problems found, each with the input path at fault. */
export class ValidationError extends DomainError {
  constructor(readonly issues: { field: string; message: string }[]) {
    super('BAD_USER_INPUT', issues[0]!.message, issues[0]!.field);
    this.name = 'ValidationError';
  }
}
