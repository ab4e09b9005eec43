import { verifyApiKey, verifyBasicAuth } from './credential-schemes.js';
import { decodeSignature, digestsMatch, hmacDigest } from './digests.js';
import { headerValues } from './request-headers.js';
import {
  signatureSchemeFor,
  type ExtractedSignatures,
  type SignatureScheme,
  type TimestampRule,
} from './signature-schemes.js';
import {
  DEFAULT_TOLERANCE_SECONDS,
  TOLERANCE_LIMITS,
  type IncomingRequest,
  type LiveSecret,
  type SenderRejected,
  type VerificationConfig,
  type VerificationVerdict,
} from './types.js';
import { NO_LIVE_SECRET, rejected } from './verdicts.js';

const WOOCOMMERCE_PING = /^webhook_id=[0-9]+$/;

/**
 * Decides whether a request was sent by the configured sender (docs/spec/next/sender-auth.md): the request's raw
 * bytes against every live secret, in constant time. Any listed signature of any live secret passes. An empty secret
 * is never live: it would let anyone compute the signature.
 */
export function verifySender(
  config: VerificationConfig,
  secrets: readonly LiveSecret[],
  request: IncomingRequest,
  nowSeconds: number,
): VerificationVerdict {
  if (config.scheme === 'NONE') return { ok: true, scheme: 'NONE', secretId: null };
  if (config.scheme === 'WOOCOMMERCE' && isWooCommerceCreationPing(request)) {
    return {
      ok: false,
      status: 200,
      ping: 'WOOCOMMERCE',
      scheme: 'WOOCOMMERCE',
      reason: "WooCommerce's unsigned creation ping: answered 200, nothing registered",
    };
  }
  const live = secrets.filter((secret) => secret.value !== '');
  if (config.scheme === 'BASIC_AUTH') return verifyBasicAuth(config, live, request.headers);
  if (config.scheme === 'API_KEY') return verifyApiKey(config, live, request.headers);
  const scheme = signatureSchemeFor(config.scheme);
  // Stored data naming a scheme this code does not know must not open the door.
  if (!scheme) return rejected('UNAUTHENTICATED', 'unknown verification scheme');
  return verifySignature(config, scheme, live, request, nowSeconds);
}

/** WooCommerce pings a new webhook with an unsigned form body `webhook_id=<n>` and needs exactly 200 back. */
function isWooCommerceCreationPing(request: IncomingRequest): boolean {
  return (
    headerValues(request.headers, 'x-wc-webhook-signature').length === 0 &&
    request.rawBody.length <= 32 &&
    WOOCOMMERCE_PING.test(request.rawBody.toString('latin1'))
  );
}

function verifySignature(
  config: VerificationConfig,
  scheme: SignatureScheme,
  secrets: readonly LiveSecret[],
  request: IncomingRequest,
  nowSeconds: number,
): VerificationVerdict {
  if (secrets.length === 0) return rejected('SIGNATURE_INVALID', NO_LIVE_SECRET);
  const extracted = scheme.extract(request.headers, config);
  if ('ok' in extracted) return extracted;
  const rule = scheme.timestampRule(config);
  if (rule) {
    const problem = timestampProblem(extracted, rule, toleranceOf(config), nowSeconds);
    if (problem) return problem;
  }
  const encoding = scheme.encoding(config);
  const candidates = extracted.signatures
    .map((signature) => decodeSignature(signature, encoding))
    .filter((candidate): candidate is Buffer => candidate !== null);
  const content = scheme.content(extracted.fields, request.rawBody, config);
  const algorithm = scheme.algorithm(config);
  let matched: string | null = null;
  // Every pair is compared (no early exit), so the time spent does not depend on which pair matched.
  for (const secret of secrets) {
    const key = scheme.key(secret.value);
    if (!key) continue;
    const expected = hmacDigest(algorithm, key, content);
    for (const candidate of candidates) {
      if (digestsMatch(candidate, expected) && matched === null) matched = secret.id;
    }
  }
  if (matched === null) {
    return rejected('SIGNATURE_INVALID', `no signature in ${extracted.signatureSource} matches a live secret`);
  }
  return { ok: true, scheme: config.scheme, secretId: matched };
}

function toleranceOf(config: VerificationConfig): number {
  const tolerance = config.toleranceSeconds;
  return typeof tolerance === 'number' &&
    Number.isInteger(tolerance) &&
    tolerance >= TOLERANCE_LIMITS.min &&
    tolerance <= TOLERANCE_LIMITS.max
    ? tolerance
    : DEFAULT_TOLERANCE_SECONDS;
}

function timestampProblem(
  extracted: ExtractedSignatures,
  rule: TimestampRule,
  tolerance: number,
  nowSeconds: number,
): SenderRejected | null {
  const source = extracted.timestampSource ?? 'timestamp';
  const text = extracted.fields.timestamp ?? '';
  const sentAt = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(sentAt)) {
    return rejected('TIMESTAMP_INVALID', `${source} is not a whole number of seconds`);
  }
  const age = Math.floor(nowSeconds) - sentAt;
  if (age > tolerance) {
    return rejected('TIMESTAMP_INVALID', `${source} is ${age} s in the past; the tolerance is ${tolerance} s`);
  }
  // Stripe's libraries accept timestamps from the future; everyone else's refuse them beyond the tolerance.
  if (rule === 'BOTH_WAYS' && -age > tolerance) {
    return rejected('TIMESTAMP_INVALID', `${source} is ${-age} s in the future; the tolerance is ${tolerance} s`);
  }
  return null;
}
