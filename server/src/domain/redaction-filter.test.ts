import { describe, expect, it } from 'vitest';
import { isSecretCondition, redactFilterSecrets, REDACTED } from './redaction.js';
import type { FilterGroup } from './types.js';

describe('filter secrets', () => {
  it.each([
    ['headers.x-webhook-token', true],
    ['headers.Authorization', true],
    ['headers.x-source', true],
    ['body.auth.api_key', true],
    ['body.signature', true],
    ['body.pointadd', false],
    ['body.events.0.event_type', false],
    ['nonsense', false],
  ])('%s is a secret condition: %s', (attribute, secret) => {
    expect(isSecretCondition(attribute)).toBe(secret);
  });

  it('redacts secret values at every depth and keeps the rest', () => {
    const filter: FilterGroup = {
      join: 'AND',
      conditions: [
        { attribute: 'headers.x-token', operator: 'EQUALS', value: 's3cr3t' },
        { attribute: 'body.pointadd', operator: 'EXISTS' },
        { attribute: 'body.kind', operator: 'EQUALS', value: 'earn' },
      ],
      groups: [
        { join: 'OR', conditions: [{ attribute: 'body.api_key', operator: 'IN', value: ['a', 'b'] }], groups: [] },
      ],
    };
    const redacted = redactFilterSecrets(filter)!;
    expect(redacted.conditions.map((c) => c.value)).toEqual([REDACTED, undefined, 'earn']);
    expect(redacted.groups[0]!.conditions[0]!.value).toBe(REDACTED);
    expect(filter.conditions[0]!.value).toBe('s3cr3t');
    expect(redactFilterSecrets(null)).toBeNull();
  });
});
