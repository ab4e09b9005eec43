/**
 * Plain data in and out of sender verification (docs/spec/next/sender-auth.md). No framework types: the ingestion
 * route, the dry run and the console's test panel all hand in the same shapes.
 */

export const VERIFICATION_SCHEMES = [
  'NONE',
  'STANDARD_WEBHOOKS',
  'STRIPE',
  'GITHUB',
  'SHOPIFY',
  'WOOCOMMERCE',
  'SLACK',
  'HMAC',
  'BASIC_AUTH',
  'API_KEY',
] as const;
export type VerificationScheme = (typeof VERIFICATION_SCHEMES)[number];

export const HMAC_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

export const SIGNATURE_ENCODINGS = ['HEX', 'BASE64', 'BASE64URL'] as const;
export type SignatureEncoding = (typeof SIGNATURE_ENCODINGS)[number];

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const TOLERANCE_LIMITS = { min: 1, max: 3600 } as const;

/** A webhook's `verification` settings; options that do not apply to the scheme are null or absent. */
export interface VerificationConfig {
  scheme: VerificationScheme;
  header?: string | null;
  algorithm?: HmacAlgorithm | null;
  encoding?: SignatureEncoding | null;
  prefix?: string | null;
  timestampHeader?: string | null;
  toleranceSeconds?: number | null;
  username?: string | null;
}

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
