import {
  defaultIdempotencyKey as rulesDefaultKey,
  HMAC_ALGORITHMS,
  SIGNATURE_ENCODINGS,
  VERIFICATION_SCHEMES,
  verificationIssues,
} from '@intake/rules';
import { VERIFICATION_AGREEMENT_CASES } from '@intake/rules/agreement-cases';
import { describe, expect, it } from 'vitest';
import {
  defaultIdempotencyKey,
  HMAC_ALGORITHMS as VERIFIER_ALGORITHMS,
  SIGNATURE_ENCODINGS as VERIFIER_ENCODINGS,
  VERIFICATION_SCHEMES as VERIFIER_SCHEMES,
  verificationConfigProblems,
  type VerificationConfig,
} from '../../src/security/verification/index.js';

/**
 * The console checks verification settings with `@intake/rules`; the verifier has its own check. They must judge
 * every setting alike, message for message, or the console would accept what the server refuses (or the reverse).
 */
describe('verification settings: the shared rules and the verifier agree', () => {
  it('on the lists of schemes, algorithms and encodings', () => {
    expect([...VERIFICATION_SCHEMES]).toEqual([...VERIFIER_SCHEMES]);
    expect([...HMAC_ALGORITHMS]).toEqual([...VERIFIER_ALGORITHMS]);
    expect([...SIGNATURE_ENCODINGS]).toEqual([...VERIFIER_ENCODINGS]);
  });

  it.each(VERIFICATION_AGREEMENT_CASES.map((config) => [JSON.stringify(config).slice(0, 100), config] as const))(
    '%s',
    (_label, config) => {
      const expected = verificationConfigProblems(config as VerificationConfig, 'input.verification');
      expect(verificationIssues(config, 'input.verification')).toEqual(expected);
    },
  );

  it('the table holds accepted and refused settings of every scheme', () => {
    const refused = VERIFICATION_AGREEMENT_CASES.filter((c) => verificationIssues(c).length > 0);
    expect(refused.length).toBeGreaterThan(20);
    expect(VERIFICATION_AGREEMENT_CASES.length - refused.length).toBeGreaterThan(10);
    for (const scheme of VERIFIER_SCHEMES) {
      expect(VERIFICATION_AGREEMENT_CASES.some((c) => c.scheme === scheme)).toBe(true);
    }
  });

  it.each(VERIFIER_SCHEMES)('on the default idempotency key of %s', (scheme) => {
    expect(rulesDefaultKey(scheme)).toBe(defaultIdempotencyKey(scheme));
  });
});
