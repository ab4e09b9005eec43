import { apiKeyHeader } from './credential-schemes.js';
import { hasControlCharacters } from './secrets.js';
import { signatureSchemeFor } from './signature-schemes.js';
import {
  HMAC_ALGORITHMS,
  SIGNATURE_ENCODINGS,
  TOLERANCE_LIMITS,
  VERIFICATION_SCHEMES,
  type VerificationConfig,
  type VerificationScheme,
} from './types.js';

type Option = Exclude<keyof VerificationConfig, 'scheme'>;

const OPTIONS: readonly Option[] = [
  'header',
  'algorithm',
  'encoding',
  'prefix',
  'timestampHeader',
  'toleranceSeconds',
  'username',
];

/** Which options each scheme reads; any other option given is refused rather than silently ignored. */
const OPTIONS_BY_SCHEME: Record<VerificationScheme, readonly Option[]> = {
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

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_NAME_MAX = 64;
// Headers the server or the transport owns: a credential read from them would be meaningless or forgeable by a proxy.
const RESERVED_HEADERS = new Set([
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

export interface ConfigProblem {
  field: string;
  message: string;
}

const present = (value: unknown): boolean => value !== null && value !== undefined;

function schemesUsing(option: Option): string {
  const schemes = VERIFICATION_SCHEMES.filter((scheme) => OPTIONS_BY_SCHEME[scheme].includes(option));
  return schemes.join(' and ');
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
 * Everything wrong with a `verification` input, as field/message pairs with fields relative to the input
 * (`verification.header`). Pure: the GraphQL layer turns the list into its validation error.
 */
export function verificationConfigProblems(config: VerificationConfig, prefix = 'verification'): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (option: Option | 'scheme', message: string) => problems.push({ field: `${prefix}.${option}`, message });
  const scheme = config.scheme;
  if (!(VERIFICATION_SCHEMES as readonly string[]).includes(scheme)) {
    add('scheme', `Choose one of ${VERIFICATION_SCHEMES.join(', ')}.`);
    return problems;
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
    if (present(config.algorithm) && !(HMAC_ALGORITHMS as readonly string[]).includes(config.algorithm as string)) {
      add('algorithm', `Choose one of ${HMAC_ALGORITHMS.join(', ')}.`);
    }
    if (present(config.encoding) && !(SIGNATURE_ENCODINGS as readonly string[]).includes(config.encoding as string)) {
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
        config.timestampHeader!.toLowerCase() === config.header.toLowerCase()
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
  return problems;
}

/** Lower-case names of every header that carries a credential under this configuration: they are redacted in logs. */
export function signatureHeaders(config: VerificationConfig): string[] {
  switch (config.scheme) {
    case 'NONE':
      return [];
    case 'BASIC_AUTH':
      return ['authorization'];
    case 'API_KEY':
      return [apiKeyHeader(config)];
  }
  return signatureSchemeFor(config.scheme)?.signatureHeaders(config) ?? [];
}

// The console offers the same default key per scheme: one table, in @intake/rules.
export { defaultIdempotencyKey } from '@intake/rules';
