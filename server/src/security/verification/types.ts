/**
 * Plain data in and out of sender verification (docs/spec/next/sender-auth.md). No framework types: the ingestion
 * route, the dry run and the console's test panel all hand in the same shapes.
 */

// The lists, limits and the settings' shape are the ones the console and the application check against.
import { VERIFICATION_DEFAULTS, type VerificationScheme, type VerificationSettings } from '@intake/rules';

export {
  HMAC_ALGORITHMS,
  SIGNATURE_ENCODINGS,
  TOLERANCE_LIMITS,
  VERIFICATION_SCHEMES,
  type HmacAlgorithm,
  type SignatureEncoding,
  type VerificationScheme,
} from '@intake/rules';

export const DEFAULT_TOLERANCE_SECONDS = VERIFICATION_DEFAULTS.toleranceSeconds;

/** A webhook's `verification` settings; options that do not apply to the scheme are null or absent. */
export type VerificationConfig = VerificationSettings;

/** A secret that is not expired, already decrypted by the caller. */
export interface LiveSecret {
  id: string;
  value: string;
}

export type HeaderValue = string | string[] | undefined;

export interface IncomingRequest {
  /** Header names in lower case, as Node and Fastify deliver them. */
  headers: Record<string, HeaderValue>;
  /** The body exactly as received: signatures are computed over these bytes, never over a re-serialisation. */
  rawBody: Buffer;
}

export type VerificationErrorCode = 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'TIMESTAMP_INVALID' | 'UNAUTHENTICATED';

export interface SenderVerified {
  ok: true;
  scheme: VerificationScheme;
  /** The live secret that matched; null only for NONE. */
  secretId: string | null;
}

export interface SenderRejected {
  ok: false;
  status: 401;
  errorCode: VerificationErrorCode;
  /** Plain words for the admin's log: which check failed, on which header. Never a secret, hint or expected value. */
  reason: string;
  /** BASIC_AUTH only: the challenge that 401 answers carry. */
  wwwAuthenticate?: string;
  ping?: undefined;
}

/**
 * WooCommerce's creation ping (`webhook_id=<n>`, unsigned) must be answered 200 and register nothing, or WooCommerce
 * refuses to save the webhook. It is `ok: false` on purpose: a caller that only checks `ok` stops processing, and one
 * that answers with `status` answers 200.
 */
export interface SenderPing {
  ok: false;
  status: 200;
  ping: 'WOOCOMMERCE';
  scheme: 'WOOCOMMERCE';
  reason: string;
}

export type VerificationVerdict = SenderVerified | SenderRejected | SenderPing;

export const BASIC_AUTH_CHALLENGE = 'Basic realm="intake", charset="UTF-8"';
