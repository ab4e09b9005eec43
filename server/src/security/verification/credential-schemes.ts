import { decodeSignature, textsMatch } from './digests.js';
import { headerValues } from './request-headers.js';
import {
  BASIC_AUTH_CHALLENGE,
  type HeaderValue,
  type LiveSecret,
  type VerificationConfig,
  type VerificationVerdict,
} from './types.js';
import { NO_LIVE_SECRET, rejected } from './verdicts.js';

type Headers = Record<string, HeaderValue>;

export const DEFAULT_API_KEY_HEADER = 'x-api-key';

export function apiKeyHeader(config: VerificationConfig): string {
  return (config.header || DEFAULT_API_KEY_HEADER).toLowerCase();
}

/** The id of the first secret equal to any presented value; every pair is compared, in constant time each. */
function matchingSecret(presented: readonly string[], secrets: readonly LiveSecret[]): string | null {
  let matched: string | null = null;
  for (const secret of secrets) {
    for (const value of presented) {
      if (textsMatch(value, secret.value) && matched === null) matched = secret.id;
    }
  }
  return matched;
}

/** `Authorization: Basic base64(username:password)`; the password may contain ':' (split at the first, RFC 7617). */
export function verifyBasicAuth(
  config: VerificationConfig,
  secrets: readonly LiveSecret[],
  headers: Headers,
): VerificationVerdict {
  const refuse = (reason: string) => rejected('UNAUTHENTICATED', reason, BASIC_AUTH_CHALLENGE);
  if (secrets.length === 0) return refuse(NO_LIVE_SECRET);
  if (!config.username) return refuse('no username is configured');
  const values = headerValues(headers, 'authorization');
  if (values.length === 0) return refuse('missing header authorization');
  const credentials = values.flatMap((value) => {
    const basic = /^basic\s+(\S+)$/i.exec(value);
    const decoded = basic ? decodeSignature(basic[1], 'BASE64') : null;
    if (!decoded) return [];
    const text = decoded.toString('utf8');
    const colon = text.indexOf(':');
    return colon < 0 ? [] : [{ username: text.slice(0, colon), password: text.slice(colon + 1) }];
  });
  if (credentials.length === 0) return refuse('authorization does not carry Basic credentials');
  let matched: string | null = null;
  for (const secret of secrets) {
    for (const presented of credentials) {
      // Both halves are always compared, so the time does not tell a known username from an unknown one.
      const usernameMatches = textsMatch(presented.username, config.username);
      const passwordMatches = textsMatch(presented.password, secret.value);
      if (usernameMatches && passwordMatches && matched === null) matched = secret.id;
    }
  }
  if (matched === null) return refuse('the Basic credentials in authorization do not match');
  return { ok: true, scheme: 'BASIC_AUTH', secretId: matched };
}

/** The configured header equals a secret; on `authorization` it is `Bearer <secret>`. */
export function verifyApiKey(
  config: VerificationConfig,
  secrets: readonly LiveSecret[],
  headers: Headers,
): VerificationVerdict {
  if (secrets.length === 0) return rejected('UNAUTHENTICATED', NO_LIVE_SECRET);
  const header = apiKeyHeader(config);
  const values = headerValues(headers, header);
  if (values.length === 0) return rejected('UNAUTHENTICATED', `missing header ${header}`);
  const presented =
    header === 'authorization'
      ? values.flatMap((value) => {
          const bearer = /^bearer\s+(.+)$/i.exec(value);
          return bearer ? [bearer[1].trim()] : [];
        })
      : values;
  if (presented.length === 0) return rejected('UNAUTHENTICATED', 'authorization does not carry a Bearer token');
  const matched = matchingSecret(presented, secrets);
  if (matched === null) return rejected('UNAUTHENTICATED', `${header} does not match a live secret`);
  return { ok: true, scheme: 'API_KEY', secretId: matched };
}
