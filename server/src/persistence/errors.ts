import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Errors } from '../domain/errors.js';

/** Driver exceptions become domain errors here, once. */
export function translateWebhookWriteError(error: unknown, endpoint: string, field = 'input.endpoint'): unknown {
  if (error instanceof UniqueConstraintViolationException) {
    return Errors.conflict(`The endpoint "${endpoint}" is already used by another webhook of this account.`, field);
  }
  return error;
}
