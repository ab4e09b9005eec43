import { describe, expect, it } from 'vitest';
import {
  hasUnsealedSecrets,
  isSealedValue,
  openFilterSecrets,
  sealFilterSecrets,
  sealUnsealedSecrets,
  SEALED_MARKER,
} from './filter-secrets.js';
import type { FilterGroup, JsonValue } from './types.js';

/** A reversible stand-in for the cipher: the tests here are about which values are sealed, not about AES. */
const seal = (plain: string) => `sealed(${plain})`;
const open = (sealed: string) => {
  const match = /^sealed\((.*)\)$/s.exec(sealed);
  if (!match) throw new Error('not sealed by this key');
  return match[1]!;
};

const FILTER: FilterGroup = {
  join: 'AND',
  conditions: [
    { attribute: 'headers.x-webhook-token', operator: 'EQUALS', value: 'tok_123' },
    { attribute: 'body.kind', operator: 'EQUALS', value: 'earn' },
    { attribute: 'body.auth.api_key', operator: 'IN', value: ['k1', 'k2'] },
    { attribute: 'headers.x-env', operator: 'EXISTS' },
  ],
  groups: [
    {
      join: 'OR',
      conditions: [{ attribute: 'headers.x-other', operator: 'EQUALS', value: { nested: true } }],
      groups: [],
    },
  ],
};

describe('filter tokens sealed at rest', () => {
  it('seals every secret condition value (header conditions, secret-named body paths), nested too', () => {
    const sealed = sealFilterSecrets(FILTER, seal)!;
    expect(sealed.conditions.map((c) => c.value)).toEqual([
      { [SEALED_MARKER]: 'sealed("tok_123")' },
      'earn',
      { [SEALED_MARKER]: 'sealed(["k1","k2"])' },
      undefined,
    ]);
    expect(sealed.groups[0]!.conditions[0]!.value).toEqual({ [SEALED_MARKER]: 'sealed({"nested":true})' });
  });

  it('opens what it sealed into the very same filter, any JSON value included', () => {
    expect(openFilterSecrets(sealFilterSecrets(FILTER, seal), open)).toEqual(FILTER);
  });

  it('leaves the filter it was given unchanged', () => {
    const before = structuredClone(FILTER);
    sealFilterSecrets(FILTER, seal);
    expect(FILTER).toEqual(before);
  });

  it('a value that merely looks sealed is sealed like any other, so opening gives it back', () => {
    const lookalike: FilterGroup = {
      join: 'AND',
      conditions: [{ attribute: 'headers.x-t', operator: 'EQUALS', value: { [SEALED_MARKER]: 'x' } }],
      groups: [],
    };
    expect(openFilterSecrets(sealFilterSecrets(lookalike, seal), open)).toEqual(lookalike);
  });

  it('a value that does not open fails loudly (another key, or tampering)', () => {
    const sealed = sealFilterSecrets(FILTER, (plain) => `other-key(${plain})`);
    expect(() => openFilterSecrets(sealed, open)).toThrow('not sealed by this key');
  });

  it('null filters pass through', () => {
    expect(sealFilterSecrets(null, seal)).toBeNull();
    expect(openFilterSecrets(null, open)).toBeNull();
  });

  it('finds and seals the values stored before sealing existed, keeping the sealed ones', () => {
    const sealed = sealFilterSecrets(FILTER, seal);
    expect(hasUnsealedSecrets(sealed)).toBe(false);
    expect(hasUnsealedSecrets(FILTER)).toBe(true);
    const mixed: FilterGroup = { ...sealed!, conditions: [...sealed!.conditions, FILTER.conditions[0]!] };
    expect(hasUnsealedSecrets(mixed)).toBe(true);
    const resealed = sealUnsealedSecrets(mixed, seal)!;
    expect(resealed.conditions.slice(0, 4)).toEqual(sealed!.conditions);
    expect(resealed.conditions[4]!.value).toEqual({ [SEALED_MARKER]: 'sealed("tok_123")' });
    expect(hasUnsealedSecrets(resealed)).toBe(false);
  });

  it.each<[JsonValue | undefined, boolean]>([
    [{ [SEALED_MARKER]: 'v1:abc' }, true],
    [{ [SEALED_MARKER]: 'v1:abc', other: 1 }, false],
    [{ [SEALED_MARKER]: 5 }, false],
    ['v1:abc', false],
    [[{ [SEALED_MARKER]: 'v1:abc' }], false],
    [null, false],
    [undefined, false],
  ])('isSealedValue(%j) is %s', (value, sealed) => {
    expect(isSealedValue(value)).toBe(sealed);
  });
});
