import {
  IDEMPOTENCY_WINDOW_HOURS,
  VERIFICATION_DEFAULTS,
  defaultIdempotencyKey,
  type HmacAlgorithm,
  type SignatureEncoding,
  type IdempotencyInput as RulesIdempotencyInput,
  type VerificationScheme,
  type VerificationSettings,
} from '@intake/rules';
import type { IdempotencyInput, VerificationInput } from '../../../gql/graphql';

/**
 * The Authentication and Idempotency sections' drafts. Every option keeps its text while the admin switches
 * schemes (switching back finds it again); only the options of the chosen scheme are sent.
 */
export interface VerificationDraft {
  scheme: VerificationScheme;
  /** HMAC: the header carrying the signature. */
  signatureHeader: string;
  algorithm: HmacAlgorithm;
  encoding: SignatureEncoding;
  /** HMAC: text before the signature in the header; empty for none. */
  prefix: string;
  /** HMAC: empty = the signed content has no timestamp. */
  timestampHeader: string;
  /** Empty = the server's default (300 s). */
  toleranceSeconds: number | '';
  username: string;
  /** API_KEY: empty = x-api-key. */
  keyHeader: string;
}

export interface IdempotencyDraft {
  enabled: boolean;
  /** "headers.<name>" or "body.<dot.path>" */
  key: string;
  /** Empty = the server's default (168 h). */
  windowHours: number | '';
}

/** A webhook's or blueprint's verification as the API returns it (secrets aside): the shape the rules check. */
export type VerificationData = VerificationSettings;

/** A webhook's or blueprint's idempotency as the API returns it. */
export type IdempotencyData = RulesIdempotencyInput;

export function verificationDraftFrom(data: VerificationData | null | undefined): VerificationDraft {
  const scheme = data?.scheme ?? 'NONE';
  return {
    scheme,
    signatureHeader: scheme === 'HMAC' ? (data?.header ?? '') : '',
    algorithm: data?.algorithm ?? VERIFICATION_DEFAULTS.algorithm,
    encoding: data?.encoding ?? VERIFICATION_DEFAULTS.encoding,
    prefix: data?.prefix ?? '',
    timestampHeader: data?.timestampHeader ?? '',
    toleranceSeconds: data?.toleranceSeconds ?? '',
    username: data?.username ?? '',
    keyHeader: scheme === 'API_KEY' ? (data?.header ?? '') : '',
  };
}

export function idempotencyDraftFrom(data: IdempotencyData | null | undefined): IdempotencyDraft {
  return data
    ? { enabled: true, key: data.key, windowHours: data.windowHours ?? '' }
    : { enabled: false, key: '', windowHours: IDEMPOTENCY_WINDOW_HOURS.default };
}

/**
 * The verification input: the scheme and the options it reads, nothing else (the server refuses an option the
 * scheme does not read). An empty optional input is left out, so the server applies its default; an empty
 * required one is left out too, so the check says what is missing rather than that a name is empty.
 */
export function toVerificationInput(draft: VerificationDraft): VerificationInput {
  const tolerance = draft.toleranceSeconds === '' ? {} : { toleranceSeconds: draft.toleranceSeconds };
  switch (draft.scheme) {
    case 'STANDARD_WEBHOOKS':
    case 'STRIPE':
    case 'SLACK':
      return { scheme: draft.scheme, ...tolerance };
    case 'HMAC': {
      const input: VerificationInput = { scheme: 'HMAC', algorithm: draft.algorithm, encoding: draft.encoding };
      const header = draft.signatureHeader.trim();
      const timestampHeader = draft.timestampHeader.trim();
      if (header !== '') input.header = header;
      if (draft.prefix !== '') input.prefix = draft.prefix;
      // A tolerance applies only to a timestamp; without one it is not asked for (and would be refused).
      if (timestampHeader !== '') {
        input.timestampHeader = timestampHeader;
        if (draft.toleranceSeconds !== '') input.toleranceSeconds = draft.toleranceSeconds;
      }
      return input;
    }
    case 'BASIC_AUTH':
      return { scheme: 'BASIC_AUTH', username: draft.username };
    case 'API_KEY': {
      const header = draft.keyHeader.trim();
      return header === '' ? { scheme: 'API_KEY' } : { scheme: 'API_KEY', header };
    }
    default:
      return { scheme: draft.scheme };
  }
}

/** null = idempotency off (in an update: switch it off). */
export function toIdempotencyInput(draft: IdempotencyDraft): IdempotencyInput | null {
  if (!draft.enabled) return null;
  return { key: draft.key.trim(), ...(draft.windowHours === '' ? {} : { windowHours: draft.windowHours }) };
}

/** The draft after the admin switches idempotency on: an empty key becomes the scheme's sender's delivery id. */
export function switchIdempotency(
  draft: IdempotencyDraft,
  enabled: boolean,
  scheme: VerificationScheme,
): IdempotencyDraft {
  const key = enabled && draft.key.trim() === '' ? (defaultIdempotencyKey(scheme) ?? '') : draft.key;
  return { ...draft, enabled, key };
}

/** Whether a webhook with these secrets can verify a request now (expired ones may still be listed until reload). */
export function hasLiveSecret(secrets: readonly { expiresAt?: string | null }[], now = Date.now()): boolean {
  return secrets.some((secret) => !secret.expiresAt || new Date(secret.expiresAt).getTime() > now);
}

export { defaultIdempotencyKey };
