import { randomBytes } from 'node:crypto';
import { apiKeyHeader } from './credential-schemes.js';
import { encodeSignature, hmacDigest } from './digests.js';
import { signatureSchemeFor } from './signature-schemes.js';
import type { VerificationConfig } from './types.js';

export interface TestSignatureExtras {
  /** STANDARD_WEBHOOKS: the message id to sign; a fresh `msg_…` when absent. */
  id?: string;
}

/**
 * The headers a correct sender would add for `body` at `nowSeconds`: what the console's test panel signs its sample
 * with, server-side, so the secret never leaves the server. Throws when the configuration cannot sign (a generic
 * HMAC without a header, BASIC_AUTH without a username, a STANDARD_WEBHOOKS secret that is not base64).
 */
export function signForTest(
  config: VerificationConfig,
  secret: string,
  body: Buffer | string,
  nowSeconds: number,
  extras: TestSignatureExtras = {},
): Record<string, string> {
  switch (config.scheme) {
    case 'NONE':
      return {};
    case 'BASIC_AUTH': {
      if (!config.username) throw new Error('BASIC_AUTH verification has no username to sign with');
      return { authorization: `Basic ${Buffer.from(`${config.username}:${secret}`, 'utf8').toString('base64')}` };
    }
    case 'API_KEY': {
      const header = apiKeyHeader(config);
      return { [header]: header === 'authorization' ? `Bearer ${secret}` : secret };
    }
  }
  const scheme = signatureSchemeFor(config.scheme);
  if (!scheme) throw new Error(`unknown verification scheme ${String(config.scheme)}`);
  const key = scheme.key(secret);
  if (!key) throw new Error(`this secret cannot be used as a ${config.scheme} key`);
  const fields = {
    id: extras.id ?? `msg_${randomBytes(16).toString('base64url')}`,
    timestamp: String(Math.floor(nowSeconds)),
  };
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const digest = hmacDigest(scheme.algorithm(config), key, scheme.content(fields, bytes, config));
  return scheme.headers(encodeSignature(digest, scheme.encoding(config)), fields, config);
}
