import { isOneOf } from './enums.js';
import { filterAttributeProblem } from './paths.js';

/**
 * How a webhook authenticates its sender (docs/spec/next/sender-auth.md) and where it finds the sender's delivery
 * id for idempotency: the settings and their checks, with the words both the console and the server use; the
 * verifier (server/src/security/verification) takes its lists and the settings' shape from here too.
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

/** A webhook's `verification`: the scheme and the options it reads. Never a secret (those are stored apart). */
export interface VerificationSettings {
  scheme: VerificationScheme;
  header?: string | null;
  algorithm?: HmacAlgorithm | null;
  encoding?: SignatureEncoding | null;
  prefix?: string | null;
  timestampHeader?: string | null;
  toleranceSeconds?: number | null;
  username?: string | null;
}

/** A webhook's `idempotency`: where the sender's delivery id is, and how long a processed one is remembered. */
export interface IdempotencySettings {
  /** "headers.<name>" or "body.<dot.path>" */
  key: string;
  windowHours: number;
}

/** An idempotency setting as an admin gives it: the window may be left to its default. */
export interface IdempotencyInput {
  key: string;
  windowHours?: number | null;
}

export const VERIFICATION_DEFAULTS = {
  algorithm: 'SHA256',
  encoding: 'HEX',
  toleranceSeconds: 300,
  apiKeyHeader: 'x-api-key',
} as const;

export const TOLERANCE_LIMITS = { min: 1, max: 3600 } as const;
export const IDEMPOTENCY_WINDOW_HOURS = { min: 1, max: 720, default: 168 } as const;

type VerificationOption = Exclude<keyof VerificationSettings, 'scheme'>;

const OPTIONS: readonly VerificationOption[] = [
  'header',
  'algorithm',
  'encoding',
  'prefix',
  'timestampHeader',
  'toleranceSeconds',
  'username',
];

/** Which options each scheme reads; any other option given is refused rather than silently ignored. */
export const OPTIONS_BY_SCHEME: Readonly<Record<VerificationScheme, readonly VerificationOption[]>> = {
  NONE: [],
  STANDARD_WEBHOOKS: ['toleranceSeconds'],
  STRIPE: ['toleranceSeconds'],
  GITHUB: [],
  SHOPIFY: [],
  WOOCOMMERCE: [],
  SLACK: ['toleranceSeconds'],
  HMAC: ['header', 'algorithm', 'encoding', 'prefix', 'timestampHeader', 'toleranceSeconds'],
  BASIC_AUTH: ['username'],
  API_KEY: ['header'],
};

/** Schemes whose signed content carries a timestamp that must be close to now. */
const TIMESTAMPED: ReadonlySet<VerificationScheme> = new Set(['STANDARD_WEBHOOKS', 'STRIPE', 'SLACK']);

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_NAME_MAX = 64;
// Headers the server or the transport owns: a credential read from them would be meaningless or forgeable by a proxy.
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
]);
const PREFIX_MAX = 64;
const USERNAME_MAX = 256;

export interface VerificationIssue {
  field: string;
  message: string;
}

const present = (value: unknown): boolean => value !== null && value !== undefined;

/** C0 controls and DEL: never part of a header value that travels intact. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function schemesUsing(option: VerificationOption): string {
  return VERIFICATION_SCHEMES.filter((scheme) => OPTIONS_BY_SCHEME[scheme].includes(option)).join(' and ');
}

function headerNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return 'Give a header name.';
  if (name.length > HEADER_NAME_MAX) return `A header name has at most ${HEADER_NAME_MAX} characters.`;
  if (!HEADER_NAME.test(name))
    return "A header name uses only letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons).";
  if (RESERVED_HEADERS.has(name.toLowerCase())) return `${name} cannot carry a credential; choose another header.`;
  return null;
}

/**
 * Everything wrong with a `verification` setting, at paths below `field` (`input.verification.header`): an unknown
 * scheme, options the scheme does not read, and each option's own syntax and range.
 */
export function verificationIssues(config: VerificationSettings, field = 'verification'): VerificationIssue[] {
  const issues: VerificationIssue[] = [];
  const add = (option: VerificationOption | 'scheme', message: string) =>
    issues.push({ field: `${field}.${option}`, message });
  const scheme = config.scheme;
  if (typeof scheme !== 'string' || !isOneOf(VERIFICATION_SCHEMES, scheme)) {
    add('scheme', `Choose one of ${VERIFICATION_SCHEMES.join(', ')}.`);
    return issues;
  }
  const applicable = OPTIONS_BY_SCHEME[scheme];
  for (const option of OPTIONS) {
    if (present(config[option]) && !applicable.includes(option)) {
      add(option, `${option} does not apply to ${scheme} (only ${schemesUsing(option)} use it); leave it out.`);
    }
  }
  if (scheme === 'HMAC' || scheme === 'API_KEY') {
    const required = scheme === 'HMAC';
    if (present(config.header) || required) {
      const problem = headerNameProblem(config.header);
      if (problem) add('header', required && !present(config.header) ? 'HMAC needs the signature header.' : problem);
    }
  }
  if (scheme === 'HMAC') {
    if (present(config.algorithm) && !isOneOf(HMAC_ALGORITHMS, String(config.algorithm))) {
      add('algorithm', `Choose one of ${HMAC_ALGORITHMS.join(', ')}.`);
    }
    if (present(config.encoding) && !isOneOf(SIGNATURE_ENCODINGS, String(config.encoding))) {
      add('encoding', `Choose one of ${SIGNATURE_ENCODINGS.join(', ')}.`);
    }
    if (present(config.prefix)) {
      const text = config.prefix;
      if (typeof text !== 'string' || text.length > PREFIX_MAX || !/^[\x20-\x7e]*$/.test(text)) {
        add('prefix', `A prefix is at most ${PREFIX_MAX} printable ASCII characters.`);
      }
    }
    if (present(config.timestampHeader)) {
      const problem = headerNameProblem(config.timestampHeader);
      if (problem) add('timestampHeader', problem);
      else if (
        typeof config.header === 'string' &&
        String(config.timestampHeader).toLowerCase() === config.header.toLowerCase()
      ) {
        add('timestampHeader', 'The timestamp header must differ from the signature header.');
      }
    } else if (present(config.toleranceSeconds)) {
      add('toleranceSeconds', 'A tolerance applies only with a timestampHeader; set one or leave the tolerance out.');
    }
  }
  if (applicable.includes('toleranceSeconds') && present(config.toleranceSeconds)) {
    const tolerance = config.toleranceSeconds;
    if (
      typeof tolerance !== 'number' ||
      !Number.isInteger(tolerance) ||
      tolerance < TOLERANCE_LIMITS.min ||
      tolerance > TOLERANCE_LIMITS.max
    ) {
      add(
        'toleranceSeconds',
        `The tolerance is a whole number of seconds from ${TOLERANCE_LIMITS.min} to ${TOLERANCE_LIMITS.max}.`,
      );
    }
  }
  if (scheme === 'BASIC_AUTH') {
    const username = config.username;
    if (typeof username !== 'string' || username === '') add('username', 'BASIC_AUTH needs a username.');
    else if (username.includes(':')) add('username', 'A Basic username cannot contain ":" (RFC 7617).');
    else if (username.length > USERNAME_MAX || hasControlCharacters(username)) {
      add('username', `A username is at most ${USERNAME_MAX} characters, without control characters.`);
    }
  }
  return issues;
}

/**
 * A valid configuration as it is stored and shown: only the options its scheme reads, header names in lower case,
 * and the defaults written out (HMAC SHA256/HEX, API_KEY on x-api-key, a 300 s tolerance wherever a timestamp is
 * checked), so that what an admin reads back is exactly what the verifier applies.
 */
export function normaliseVerification(config: VerificationSettings): VerificationSettings {
  const scheme = config.scheme;
  const normalised: VerificationSettings = { scheme };
  const tolerance = config.toleranceSeconds ?? VERIFICATION_DEFAULTS.toleranceSeconds;
  switch (scheme) {
    case 'HMAC':
      normalised.header = config.header!.toLowerCase();
      normalised.algorithm = config.algorithm ?? VERIFICATION_DEFAULTS.algorithm;
      normalised.encoding = config.encoding ?? VERIFICATION_DEFAULTS.encoding;
      if (present(config.prefix) && config.prefix !== '') normalised.prefix = config.prefix;
      if (present(config.timestampHeader)) {
        normalised.timestampHeader = config.timestampHeader!.toLowerCase();
        normalised.toleranceSeconds = tolerance;
      }
      break;
    case 'API_KEY':
      normalised.header = (config.header ?? VERIFICATION_DEFAULTS.apiKeyHeader).toLowerCase();
      break;
    case 'BASIC_AUTH':
      normalised.username = config.username;
      break;
    default:
      if (TIMESTAMPED.has(scheme)) normalised.toleranceSeconds = tolerance;
  }
  return normalised;
}

const IDEMPOTENCY_SOURCES = 'Use "headers.<name>" or "body.<dot.path>", e.g. headers.webhook-id or body.id.';

/** Why an idempotency key cannot be used, or null: the syntax of filter attributes, `headers.<name>` or `body.<path>`. */
export function idempotencyKeyProblem(key: string): string | null {
  if (typeof key !== 'string' || key.trim() === '') return `Say where the delivery id is. ${IDEMPOTENCY_SOURCES}`;
  if (!key.startsWith('headers.') && !key.startsWith('body.')) {
    return `"${key.length > 60 ? `${key.slice(0, 57)}…` : key}" is not a place in the request. ${IDEMPOTENCY_SOURCES}`;
  }
  return filterAttributeProblem(key);
}

/** Every problem of an `idempotency` setting, at paths below `field` (`input.idempotency.key`). */
export function idempotencyIssues(idempotency: IdempotencyInput, field = 'idempotency'): VerificationIssue[] {
  const issues: VerificationIssue[] = [];
  const keyProblem = idempotencyKeyProblem(idempotency.key);
  if (keyProblem) issues.push({ field: `${field}.key`, message: keyProblem });
  const window = idempotency.windowHours;
  if (
    present(window) &&
    (typeof window !== 'number' ||
      !Number.isInteger(window) ||
      window < IDEMPOTENCY_WINDOW_HOURS.min ||
      window > IDEMPOTENCY_WINDOW_HOURS.max)
  ) {
    issues.push({
      field: `${field}.windowHours`,
      message: `The window is a whole number of hours from ${IDEMPOTENCY_WINDOW_HOURS.min} to ${IDEMPOTENCY_WINDOW_HOURS.max} (${IDEMPOTENCY_WINDOW_HOURS.max / 24} days).`,
    });
  }
  return issues;
}

/** A valid idempotency setting as stored: the header name in lower case, the default window written out. */
export function normaliseIdempotency(idempotency: IdempotencyInput): IdempotencySettings {
  const key = idempotency.key.startsWith('headers.') ? idempotency.key.toLowerCase() : idempotency.key;
  return { key, windowHours: idempotency.windowHours ?? IDEMPOTENCY_WINDOW_HOURS.default };
}

const DEFAULT_IDEMPOTENCY_KEYS: Partial<Record<VerificationScheme, string>> = {
  STANDARD_WEBHOOKS: 'headers.webhook-id',
  GITHUB: 'headers.x-github-delivery',
  SHOPIFY: 'headers.x-shopify-webhook-id',
  STRIPE: 'body.id',
};

/** Where this scheme's sender puts its delivery id (the console offers it as the idempotency key); null when unknown. */
export function defaultIdempotencyKey(scheme: VerificationScheme): string | null {
  return DEFAULT_IDEMPOTENCY_KEYS[scheme] ?? null;
}

export const SECRET_LENGTH_LIMITS = { min: 16, max: 1024 } as const;

const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * How many bytes a base64 text decodes to, exactly as Node's decoder counts them (trailing bits that do not make a
 * byte are dropped), or null when the text is not in the base64 alphabet.
 */
function base64ByteCount(text: string): number | null {
  if (!BASE64_TEXT.test(text)) return null;
  return Math.floor((text.replace(/=+$/, '').length * 3) / 4);
}

/**
 * Why a secret an admin typed cannot be used with the scheme, or null. Whitespace at either end is refused because it
 * is almost always a copy-and-paste accident that would make every signature fail. A Standard Webhooks secret is
 * the base64 of its key (after an optional `whsec_`), as the sender's libraries expect.
 */
export function secretValueProblem(scheme: VerificationScheme, value: string): string | null {
  if (scheme === 'NONE') return 'The NONE scheme uses no secret.';
  if (value.trim() !== value) return 'The secret starts or ends with whitespace; remove it.';
  const length = Array.from(value).length;
  if (length < SECRET_LENGTH_LIMITS.min) {
    return `The secret must have at least ${SECRET_LENGTH_LIMITS.min} characters.`;
  }
  if (length > SECRET_LENGTH_LIMITS.max) return `The secret must have at most ${SECRET_LENGTH_LIMITS.max} characters.`;
  if (hasControlCharacters(value)) return 'The secret contains control characters.';
  if (scheme === 'STANDARD_WEBHOOKS') {
    const keyBytes = base64ByteCount(value.startsWith('whsec_') ? value.slice('whsec_'.length) : value);
    if (keyBytes === null || keyBytes < 24 || keyBytes > 64) {
      return 'A Standard Webhooks secret is base64 of 24 to 64 bytes, optionally after "whsec_".';
    }
  }
  return null;
}

/**
 * How long the older secrets keep verifying when a new one is added (`expirePreviousInSeconds` of addWebhookSecret):
 * a day unless told, at most 90 days, 0 = they stop at once.
 */
export const ROTATION_GRACE_SECONDS = { default: 86_400, max: 90 * 86_400 } as const;
