import { apiKeyHeader } from './credential-schemes.js';
import { signatureSchemeFor } from './signature-schemes.js';
import type { VerificationConfig } from './types.js';

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
