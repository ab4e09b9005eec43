import { decodeSignature } from './digests.js';
import { firstPresent, headerValues, signatureCandidates, singleValue } from './request-headers.js';
import type {
  HeaderValue,
  HmacAlgorithm,
  SenderRejected,
  SignatureEncoding,
  VerificationConfig,
  VerificationScheme,
} from './types.js';
import { missingHeaders, rejected } from './verdicts.js';

type Headers = Record<string, HeaderValue>;

/** The parts of the signed content that come from headers. */
export interface SignedFields {
  id?: string;
  timestamp?: string;
}

export interface ExtractedSignatures {
  fields: SignedFields;
  /** Where the timestamp was read, for the admin's log ("webhook-timestamp", "stripe-signature t="). */
  timestampSource?: string;
  /** The encoded signatures listed for the version we check, version marker and prefix removed. */
  signatures: string[];
  signatureSource: string;
}

export type TimestampRule = 'BOTH_WAYS' | 'PAST_ONLY';

/**
 * One HMAC-signed scheme: where its signatures and signed fields are, what exactly is signed, and how a correct
 * sender writes its headers. Verification and test signing both read this one description, so they cannot drift.
 */
export interface SignatureScheme {
  algorithm(config: VerificationConfig): HmacAlgorithm;
  encoding(config: VerificationConfig): SignatureEncoding;
  /** The HMAC key a secret stands for; null when the secret cannot be one (it then never matches). */
  key(secret: string): Buffer | null;
  /** Null when the scheme signs no timestamp. */
  timestampRule(config: VerificationConfig): TimestampRule | null;
  extract(headers: Headers, config: VerificationConfig): ExtractedSignatures | SenderRejected;
  content(fields: SignedFields, body: Buffer, config: VerificationConfig): Buffer[];
  headers(signature: string, fields: SignedFields, config: VerificationConfig): Record<string, string>;
  /** Lower-case names of every header that carries a credential, for log redaction. */
  signatureHeaders(config: VerificationConfig): string[];
}

export type SignatureSchemeName = Exclude<VerificationScheme, 'NONE' | 'BASIC_AUTH' | 'API_KEY'>;

const utf8Key = (secret: string): Buffer => Buffer.from(secret, 'utf8');

/** Standard Webhooks keys are base64 bytes, written with an optional `whsec_` prefix. */
export function standardWebhooksKey(secret: string): Buffer | null {
  return decodeSignature(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'BASE64');
}

function withPrefix(candidates: readonly string[], prefix: string): string[] {
  return candidates
    .filter((candidate) => candidate.startsWith(prefix))
    .map((candidate) => candidate.slice(prefix.length));
}

function field(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`signed field ${name} is missing`);
  return value;
}

/** Schemes that sign only the raw body, with one signature header (GitHub, Shopify, WooCommerce). */
function bodySignature(
  header: string,
  prefix: string,
  encoding: SignatureEncoding,
  alsoRedact: readonly string[] = [],
): SignatureScheme {
  return {
    algorithm: () => 'SHA256',
    encoding: () => encoding,
    key: utf8Key,
    timestampRule: () => null,
    extract(headers) {
      const values = headerValues(headers, header);
      if (values.length === 0) return missingHeaders([header]);
      return { fields: {}, signatures: withPrefix(signatureCandidates(values), prefix), signatureSource: header };
    },
    content: (_fields, body) => [body],
    headers: (signature) => ({ [header]: `${prefix}${signature}` }),
    signatureHeaders: () => [header, ...alsoRedact],
  };
}

const STANDARD_WEBHOOKS: SignatureScheme = {
  algorithm: () => 'SHA256',
  encoding: () => 'BASE64',
  key: standardWebhooksKey,
  timestampRule: () => 'BOTH_WAYS',
  extract(headers) {
    // Per field, the unbranded name first and Svix's as the fallback, as Svix's own libraries read them.
    const id = firstPresent(headers, ['webhook-id', 'svix-id']);
    const timestamp = firstPresent(headers, ['webhook-timestamp', 'svix-timestamp']);
    const signature = firstPresent(headers, ['webhook-signature', 'svix-signature']);
    if (!id || !timestamp || !signature) {
      const absent = [
        id ? null : 'webhook-id (or svix-id)',
        timestamp ? null : 'webhook-timestamp (or svix-timestamp)',
        signature ? null : 'webhook-signature (or svix-signature)',
      ];
      return missingHeaders(absent.filter((name): name is string => name !== null));
    }
    const messageId = singleValue(id.values);
    if (messageId === null) return rejected('SIGNATURE_INVALID', `${id.name} has several different values`);
    const sentAt = singleValue(timestamp.values);
    if (sentAt === null) return rejected('TIMESTAMP_INVALID', `${timestamp.name} has several different values`);
    // A space-separated list of "<version>,<signature>"; a trailing comma is what Node's joining of a repeated
    // header leaves. Versions other than v1 (v1a is asymmetric) are not ours to check and are ignored.
    const signatures = signature.values
      .flatMap((value) => value.split(/\s+/))
      .map((entry) => entry.replace(/,+$/, ''))
      .flatMap((entry) => {
        const comma = entry.indexOf(',');
        return comma > 0 && entry.slice(0, comma) === 'v1' ? [entry.slice(comma + 1)] : [];
      });
    if (signatures.length === 0) return rejected('SIGNATURE_INVALID', `${signature.name} lists no v1 signature`);
    return {
      fields: { id: messageId, timestamp: sentAt },
      timestampSource: timestamp.name,
      signatures,
      signatureSource: signature.name,
    };
  },
  content: (fields, body) => [Buffer.from(`${field(fields.id, 'id')}.${field(fields.timestamp, 'timestamp')}.`), body],
  headers: (signature, fields) => ({
    'webhook-id': field(fields.id, 'id'),
    'webhook-timestamp': field(fields.timestamp, 'timestamp'),
    'webhook-signature': `v1,${signature}`,
  }),
  signatureHeaders: () => ['webhook-signature', 'svix-signature'],
};

const STRIPE: SignatureScheme = {
  algorithm: () => 'SHA256',
  encoding: () => 'HEX',
  // Stripe keys the HMAC with the whole secret text, `whsec_` included (stripe-node computeHMACSignature).
  key: utf8Key,
  timestampRule: () => 'PAST_ONLY',
  extract(headers) {
    const values = headerValues(headers, 'stripe-signature');
    if (values.length === 0) return missingHeaders(['stripe-signature']);
    const timestamps = new Set<string>();
    const signatures: string[] = [];
    for (const item of values.join(',').split(',')) {
      const equals = item.indexOf('=');
      if (equals < 0) continue;
      const key = item.slice(0, equals).trim();
      const value = item.slice(equals + 1).trim();
      if (key === 't') timestamps.add(value);
      // v0 and any other scheme are ignored: only v1 is signed with the endpoint's secret.
      if (key === 'v1') signatures.push(value);
    }
    if (timestamps.size === 0) return rejected('TIMESTAMP_INVALID', 'stripe-signature has no t= timestamp');
    if (timestamps.size > 1) return rejected('TIMESTAMP_INVALID', 'stripe-signature has several different t= values');
    if (signatures.length === 0) return rejected('SIGNATURE_INVALID', 'stripe-signature lists no v1 signature');
    return {
      fields: { timestamp: [...timestamps][0] },
      timestampSource: 'stripe-signature t=',
      signatures,
      signatureSource: 'stripe-signature',
    };
  },
  content: (fields, body) => [Buffer.from(`${field(fields.timestamp, 'timestamp')}.`), body],
  headers: (signature, fields) => ({ 'stripe-signature': `t=${field(fields.timestamp, 'timestamp')},v1=${signature}` }),
  signatureHeaders: () => ['stripe-signature'],
};

const SLACK: SignatureScheme = {
  algorithm: () => 'SHA256',
  encoding: () => 'HEX',
  key: utf8Key,
  timestampRule: () => 'BOTH_WAYS',
  extract(headers) {
    const signature = headerValues(headers, 'x-slack-signature');
    const timestamp = headerValues(headers, 'x-slack-request-timestamp');
    const absent = [
      timestamp.length ? null : 'x-slack-request-timestamp',
      signature.length ? null : 'x-slack-signature',
    ].filter((name): name is string => name !== null);
    if (absent.length > 0) return missingHeaders(absent);
    const sentAt = singleValue(timestamp);
    if (sentAt === null) return rejected('TIMESTAMP_INVALID', 'x-slack-request-timestamp has several different values');
    return {
      fields: { timestamp: sentAt },
      timestampSource: 'x-slack-request-timestamp',
      signatures: withPrefix(signatureCandidates(signature), 'v0='),
      signatureSource: 'x-slack-signature',
    };
  },
  content: (fields, body) => [Buffer.from(`v0:${field(fields.timestamp, 'timestamp')}:`), body],
  headers: (signature, fields) => ({
    'x-slack-request-timestamp': field(fields.timestamp, 'timestamp'),
    'x-slack-signature': `v0=${signature}`,
  }),
  signatureHeaders: () => ['x-slack-signature'],
};

const lower = (name: string | null | undefined): string | null => (name ? name.toLowerCase() : null);

const HMAC: SignatureScheme = {
  algorithm: (config) => config.algorithm ?? 'SHA256',
  encoding: (config) => config.encoding ?? 'HEX',
  key: utf8Key,
  timestampRule: (config) => (config.timestampHeader ? 'BOTH_WAYS' : null),
  extract(headers, config) {
    const header = lower(config.header);
    // A generic HMAC without a header cannot be verified: fail closed (the config validator refuses it anyway).
    if (!header) return rejected('SIGNATURE_INVALID', 'no signature header is configured');
    const timestampHeader = lower(config.timestampHeader);
    const signature = headerValues(headers, header);
    const timestamp = timestampHeader ? headerValues(headers, timestampHeader) : [];
    const absent = [
      timestampHeader && timestamp.length === 0 ? timestampHeader : null,
      signature.length ? null : header,
    ].filter((name): name is string => name !== null);
    if (absent.length > 0) return missingHeaders(absent);
    const signatures = withPrefix(signatureCandidates(signature), config.prefix ?? '');
    if (!timestampHeader) return { fields: {}, signatures, signatureSource: header };
    const sentAt = singleValue(timestamp);
    if (sentAt === null) return rejected('TIMESTAMP_INVALID', `${timestampHeader} has several different values`);
    return { fields: { timestamp: sentAt }, timestampSource: timestampHeader, signatures, signatureSource: header };
  },
  content: (fields, body, config) =>
    config.timestampHeader ? [Buffer.from(`${field(fields.timestamp, 'timestamp')}.`), body] : [body],
  headers(signature, fields, config) {
    const header = lower(config.header);
    if (!header) throw new Error('HMAC verification has no signature header to sign');
    const timestampHeader = lower(config.timestampHeader);
    return {
      [header]: `${config.prefix ?? ''}${signature}`,
      ...(timestampHeader ? { [timestampHeader]: field(fields.timestamp, 'timestamp') } : {}),
    };
  },
  signatureHeaders: (config) => {
    const header = lower(config.header);
    return header ? [header] : [];
  },
};

export const SIGNATURE_SCHEMES: Record<SignatureSchemeName, SignatureScheme> = {
  STANDARD_WEBHOOKS,
  STRIPE,
  // GitHub still sends the SHA-1 X-Hub-Signature next to the SHA-256 one; only the latter is checked, both are redacted.
  GITHUB: bodySignature('x-hub-signature-256', 'sha256=', 'HEX', ['x-hub-signature']),
  SHOPIFY: bodySignature('x-shopify-hmac-sha256', '', 'BASE64'),
  WOOCOMMERCE: bodySignature('x-wc-webhook-signature', '', 'BASE64'),
  SLACK,
  HMAC,
};

export function signatureSchemeFor(scheme: string): SignatureScheme | null {
  return Object.hasOwn(SIGNATURE_SCHEMES, scheme) ? SIGNATURE_SCHEMES[scheme as SignatureSchemeName] : null;
}
