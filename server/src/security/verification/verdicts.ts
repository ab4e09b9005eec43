import type { SenderRejected, VerificationErrorCode } from './types.js';

export function rejected(errorCode: VerificationErrorCode, reason: string, wwwAuthenticate?: string): SenderRejected {
  return wwwAuthenticate === undefined
    ? { ok: false, status: 401, errorCode, reason }
    : { ok: false, status: 401, errorCode, reason, wwwAuthenticate };
}

/** SIGNATURE_MISSING naming every absent header, e.g. "missing header webhook-id (or svix-id)". */
export function missingHeaders(names: readonly string[]): SenderRejected {
  return rejected('SIGNATURE_MISSING', `missing header${names.length > 1 ? 's' : ''} ${names.join(', ')}`);
}

export const NO_LIVE_SECRET = 'no live secret';
