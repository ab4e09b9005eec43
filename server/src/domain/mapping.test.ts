import { describe, expect, it } from 'vitest';
import { applyMapping, type MappingTrace } from './mapping.js';
import type { JsonObject, JsonValue, MappingRule, ReplaceRule } from './types.js';

const body: JsonObject = {
  clientID: 'c-1',
  points: '25',
  level: 1,
  levelText: '1',
  levelDecimal: '1.0',
  status: 'gold',
  nul: null,
  empty: '',
  zero: 0,
  no: false,
  address: { city: 'Budapest', zip: '1011' },
  items: [{ sku: 'a' }, { sku: 'b' }],
  tags: ['x', 'y'],
};

function rule(from: string, to: string, extra: { default?: JsonValue; replace?: ReplaceRule[] } = {}): MappingRule {
  const row: MappingRule = { from, to, replace: extra.replace ?? [] };
  if ('default' in extra) row.default = extra.default;
  return row;
}

describe('reading, defaults and writing (one row)', () => {
  it.each<[string, MappingRule, { customer?: JsonValue; data: JsonObject }, Partial<MappingTrace>]>([
    ['customer target', rule('clientID', 'customer'), { customer: 'c-1', data: {} }, { found: true, value: 'c-1' }],
    ['data target', rule('points', 'data.points'), { data: { points: '25' } }, { found: true, value: '25' }],
    ['nested target', rule('status', 'data.tier.name'), { data: { tier: { name: 'gold' } } }, { value: 'gold' }],
    ['nested source', rule('address.city', 'data.city'), { data: { city: 'Budapest' } }, { value: 'Budapest' }],
    ['array index source', rule('items.1.sku', 'data.sku'), { data: { sku: 'b' } }, { value: 'b' }],
    ['object value', rule('address', 'data.address'), { data: { address: { city: 'Budapest', zip: '1011' } } }, {}],
    ['list value', rule('tags', 'data.labels'), { data: { labels: ['x', 'y'] } }, {}],
    [
      'missing without default writes nothing',
      rule('nope', 'data.x'),
      { data: {} },
      { found: false, value: undefined },
    ],
    ['missing customer writes nothing', rule('nope', 'customer'), { data: {} }, { found: false }],
    ['null without default is written', rule('nul', 'data.x'), { data: { x: null } }, { found: true, value: null }],
    ['"" without default is written', rule('empty', 'data.x'), { data: { x: '' } }, { found: true, value: '' }],
    [
      'missing takes the default',
      rule('nope', 'data.x', { default: 'd' }),
      { data: { x: 'd' } },
      { found: false, usedDefault: true, value: 'd' },
    ],
    [
      'null takes the default',
      rule('nul', 'data.x', { default: 5 }),
      { data: { x: 5 } },
      { found: true, usedDefault: true },
    ],
    [
      '"" takes the default',
      rule('empty', 'data.x', { default: 'none' }),
      { data: { x: 'none' } },
      { usedDefault: true },
    ],
    ['0 is a value, not empty', rule('zero', 'data.x', { default: 9 }), { data: { x: 0 } }, { usedDefault: false }],
    [
      'false is a value, not empty',
      rule('no', 'data.x', { default: true }),
      { data: { x: false } },
      { usedDefault: false },
    ],
    [
      'a null default is a default',
      rule('nope', 'data.x', { default: null }),
      { data: { x: null } },
      { usedDefault: true, value: null },
    ],
    [
      'an object default',
      rule('nope', 'data.x', { default: { a: 1 } }),
      { data: { x: { a: 1 } } },
      { usedDefault: true },
    ],
    [
      'a value present ignores the default',
      rule('status', 'data.x', { default: 'd' }),
      { data: { x: 'gold' } },
      { usedDefault: false },
    ],
    ['prototype names in from resolve to nothing', rule('toString', 'data.x'), { data: {} }, { found: false }],
  ])('%s', (_name, row, expected, trace) => {
    const result = applyMapping([row], body);
    expect({ customer: result.customer, data: result.data }).toEqual({ customer: undefined, ...expected });
    expect(result.trace).toHaveLength(1);
    expect(result.trace[0]).toMatchObject({ from: row.from, to: row.to, ...trace });
  });
});

describe('replace rules', () => {
  const replace = (...pairs: [JsonValue, JsonValue][]) => pairs.map(([value, replacement]) => ({ value, replacement }));
  it.each<[string, string, ReplaceRule[], JsonValue | undefined, boolean]>([
    ['string equal', 'status', replace(['gold', 'GOLD']), 'GOLD', true],
    ['string differs by case', 'status', replace(['Gold', 'GOLD']), 'gold', false],
    ['number rule, number value', 'level', replace([1, 'bronze']), 'bronze', true],
    ['number rule 1.0 equals 1', 'level', replace([1.0, 'bronze']), 'bronze', true],
    ['number rule catches numeric string', 'levelText', replace([1, 'bronze']), 'bronze', true],
    ['string rule catches number', 'level', replace(['1', 'bronze']), 'bronze', true],
    ['strings compare exactly: "1.0" ≠ "1"', 'levelDecimal', replace(['1', 'bronze']), '1.0', false],
    ['number rule catches "1.0"', 'levelDecimal', replace([1, 'bronze']), 'bronze', true],
    ['boolean rule', 'no', replace([false, 'no']), 'no', true],
    ['boolean rule does not catch "false"', 'status', replace([false, 'no']), 'gold', false],
    ['null rule', 'nul', replace([null, 'unknown']), 'unknown', true],
    ['"" rule', 'empty', replace(['', 'blank']), 'blank', true],
    ['object rule', 'address', replace([{ city: 'Budapest', zip: '1011' }, 'HU']), 'HU', true],
    ['replacement may be any JSON', 'status', replace(['gold', { tier: 3 }]), { tier: 3 }, true],
    ['replacement may be null', 'status', replace(['gold', null]), null, true],
    ['first matching rule wins', 'status', replace(['silver', 'S'], ['gold', 'G1'], ['gold', 'G2']), 'G1', true],
    ['no chaining', 'status', replace(['gold', 'silver'], ['silver', 'bronze']), 'silver', true],
    ['no match keeps the value', 'status', replace(['silver', 'S']), 'gold', false],
    ['missing value is not replaced', 'nope', replace([null, 'x'], ['', 'y']), undefined, false],
  ])('%s', (_name, from, rules, value, replaced) => {
    const result = applyMapping([rule(from, 'data.x', { replace: rules })], body);
    expect(result.data.x).toEqual(value);
    expect(result.trace[0].replaced).toBe(replaced);
  });

  it('applies to the default', () => {
    const result = applyMapping(
      [rule('nope', 'data.x', { default: 'd', replace: [{ value: 'd', replacement: 'D' }] })],
      body,
    );
    expect(result.data.x).toBe('D');
    expect(result.trace[0]).toMatchObject({ usedDefault: true, replaced: true, value: 'D' });
  });
});

describe('several rows', () => {
  it.each<[string, MappingRule[], { customer?: JsonValue; data: JsonObject }]>([
    ['later rows override', [rule('status', 'data.x'), rule('level', 'data.x')], { data: { x: 1 } }],
    ['a missing later row does not erase', [rule('status', 'data.x'), rule('nope', 'data.x')], { data: { x: 'gold' } }],
    ['customer overridden', [rule('clientID', 'customer'), rule('status', 'customer')], { customer: 'gold', data: {} }],
    ['siblings merge', [rule('status', 'data.a.b'), rule('level', 'data.a.c')], { data: { a: { b: 'gold', c: 1 } } }],
    [
      'a deeper write replaces a scalar',
      [rule('status', 'data.a'), rule('level', 'data.a.b')],
      { data: { a: { b: 1 } } },
    ],
    ['a scalar replaces an object', [rule('level', 'data.a.b'), rule('status', 'data.a')], { data: { a: 'gold' } }],
    [
      'same source to two targets',
      [rule('status', 'data.a'), rule('status', 'data.b')],
      { data: { a: 'gold', b: 'gold' } },
    ],
    ['unmapped body fields are ignored', [rule('status', 'data.status')], { data: { status: 'gold' } }],
    ['no rows', [], { data: {} }],
  ])('%s', (_name, rules, expected) => {
    const result = applyMapping(rules, body);
    expect({ customer: result.customer, data: result.data }).toEqual({ customer: undefined, ...expected });
    expect(result.trace).toHaveLength(rules.length);
  });

  it('copies values, so writing into a mapped object never changes the body', () => {
    const input = JSON.parse('{"address":{"city":"Budapest"},"zip":"1011"}') as JsonObject;
    const result = applyMapping([rule('address', 'data.address'), rule('zip', 'data.address.zip')], input);
    expect(result.data).toEqual({ address: { city: 'Budapest', zip: '1011' } });
    expect(input.address).toEqual({ city: 'Budapest' });
  });
});

describe('unsafe configuration and bodies', () => {
  it.each(['data.__proto__.polluted', 'data.constructor.prototype.x', 'points', 'data.', 'data.a..b', 'Customer'])(
    'skips a row with the target %s and says why',
    (to) => {
      const result = applyMapping([rule('status', to)], body);
      expect(result.data).toEqual({});
      expect(result.customer).toBeUndefined();
      expect(result.trace[0].problem).toMatch(/.+/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('reads an own "__proto__" key as data and pollutes nothing', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}') as JsonObject;
    const result = applyMapping(
      [rule('__proto__.polluted', 'data.p'), rule('__proto__', 'data.copy'), rule('constructor.prototype', 'data.c')],
      hostile,
    );
    expect(result.data.p).toBe(1);
    expect(Object.hasOwn(result.data.copy as JsonObject, 'polluted')).toBe(true);
    expect(result.data.c).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
