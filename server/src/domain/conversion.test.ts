import { describe, expect, it } from 'vitest';
import { convertEvent, convertValue, numericValue, valuesEqual, type EventIssue } from './conversion.js';
import { findEventDefinition } from './event-catalogue.js';
import type { AttributeType, EventDefinition, JsonObject, JsonValue } from './types.js';

describe('numericValue', () => {
  it.each<[JsonValue | undefined, number | undefined]>([
    [10, 10],
    [-2.5, -2.5],
    [0, 0],
    ['10', 10],
    ['-10.5', -10.5],
    ['+3', 3],
    [' 12.5 ', 12.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['007', 7],
    ['1e400', undefined],
    ['', undefined],
    ['  ', undefined],
    ['abc', undefined],
    ['12abc', undefined],
    ['0x10', undefined],
    ['0b1', undefined],
    ['1_000', undefined],
    ['1,5', undefined],
    ['Infinity', undefined],
    ['NaN', undefined],
    [true, undefined],
    [null, undefined],
    [[1], undefined],
    [{}, undefined],
    [undefined, undefined],
  ])('%j → %j', (value, number) => {
    expect(numericValue(value)).toBe(number);
  });
});

describe('valuesEqual', () => {
  it.each<[JsonValue | undefined, JsonValue | undefined, boolean]>([
    [1, 1, true],
    [1, 1.0, true],
    [1, '1', true],
    ['1.0', 1, true],
    ['1', '1', true],
    ['1', '1.0', false],
    ['abc', 'abc', true],
    ['abc', 'ABC', false],
    [true, true, true],
    [true, 'true', false],
    [true, 1, false],
    [null, null, true],
    [null, '', false],
    [null, 0, false],
    [undefined, null, false],
    [[1, 'a'], ['1', 'a'], true],
    [[1, 2], [2, 1], false],
    [[1], [1, 1], false],
    [{ a: 1, b: [true] }, { b: [true], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1 }, { b: 1 }, false],
    [{ a: 1 }, [1], false],
    [[], {}, false],
  ])('%j = %j → %s', (a, b, equal) => {
    expect(valuesEqual(a, b)).toBe(equal);
    expect(valuesEqual(b, a)).toBe(equal);
  });
});

describe('convertValue', () => {
  it.each<[AttributeType, JsonValue, JsonValue | string]>([
    ['NUMBER', 100, 100],
    ['NUMBER', 1.5, 1.5],
    ['NUMBER', '100', 100],
    ['NUMBER', ' 12.5 ', 12.5],
    ['NUMBER', '-3', -3],
    ['NUMBER', '9007199254740991', 9007199254740991],
    ['NUMBER', '12345678901234567890', 'has too many digits to be stored exactly'],
    ['NUMBER', 'abc', 'is not a number'],
    ['NUMBER', '1e400', 'is not a number'],
    ['NUMBER', '0x1A', 'is not a number'],
    ['NUMBER', true, 'is not a number'],
    ['NUMBER', [1], 'is not a number'],
    ['NUMBER', { n: 1 }, 'is not a number'],
    ['BOOLEAN', true, true],
    ['BOOLEAN', false, false],
    ['BOOLEAN', 'true', true],
    ['BOOLEAN', 'FALSE', false],
    ['BOOLEAN', ' True ', true],
    ['BOOLEAN', 1, true],
    ['BOOLEAN', 0, false],
    ['BOOLEAN', '1', true],
    ['BOOLEAN', '0', false],
    ['BOOLEAN', 2, 'is not true or false'],
    ['BOOLEAN', 'yes', 'is not true or false'],
    ['BOOLEAN', [true], 'is not true or false'],
    ['STRING', 'text', 'text'],
    ['STRING', '', ''],
    ['STRING', 12345, '12345'],
    ['STRING', 1.5, '1.5'],
    ['STRING', true, 'is not a text'],
    ['STRING', ['a'], 'is not a text'],
    ['STRING', { a: 1 }, 'is not a text'],
    ['STRING_LIST', ['a', 'b'], ['a', 'b']],
    ['STRING_LIST', ['a', 2], ['a', '2']],
    ['STRING_LIST', [], []],
    ['STRING_LIST', 'single', ['single']],
    ['STRING_LIST', 7, ['7']],
    ['STRING_LIST', ['a', true], 'is not a list of texts (item 2 is true)'],
    ['STRING_LIST', ['a', ['b']], 'is not a list of texts (item 2 is ["b"])'],
    ['STRING_LIST', true, 'is not a list of texts'],
    ['STRING_LIST', { a: 'b' }, 'is not a list of texts'],
    ['OBJECT', { a: 1 }, { a: 1 }],
    ['OBJECT', {}, {}],
    ['OBJECT', [1], 'is not an object'],
    ['OBJECT', 'x', 'is not an object'],
  ])('%s %j', (type, value, expected) => {
    const result = convertValue(type, value);
    if (result.ok) expect(result.value).toEqual(expected);
    else expect(result.problem).toBe(expected);
  });
});

const pointAdd = findEventDefinition('point_add')!;

const TEST_EVENT: EventDefinition = {
  name: 'test_event',
  label: 'Test event',
  description: 'Every type once.',
  attributes: [
    { path: 'customer', type: 'STRING', required: true, description: 'External id of the loyalty member' },
    { path: 'data.count', type: 'NUMBER', required: false, description: 'A count' },
    { path: 'data.flag', type: 'BOOLEAN', required: false, description: 'A flag' },
    { path: 'data.name', type: 'STRING', required: false, description: 'A name' },
    { path: 'data.labels', type: 'STRING_LIST', required: false, description: 'Labels' },
    { path: 'data.meta', type: 'OBJECT', required: false, description: 'Anything' },
    { path: 'data.nested.amount', type: 'NUMBER', required: false, description: 'An amount' },
  ],
};

describe('convertEvent', () => {
  it.each<
    [string, EventDefinition, { customer?: JsonValue; data: JsonObject }, { customer: string; data: JsonObject }]
  >([
    [
      'point_add with numeric string',
      pointAdd,
      { customer: 'c-1', data: { points: '100', reason: 'bonus' } },
      { customer: 'c-1', data: { points: 100, reason: 'bonus' } },
    ],
    [
      'number customer becomes text',
      pointAdd,
      { customer: 12345, data: { points: 5 } },
      { customer: '12345', data: { points: 5 } },
    ],
    [
      'optional attributes may be absent',
      pointAdd,
      { customer: 'c', data: { points: 1 } },
      { customer: 'c', data: { points: 1 } },
    ],
    [
      'unknown attributes pass through',
      pointAdd,
      { customer: 'c', data: { points: 1, extra: { any: ['thing'] } } },
      { customer: 'c', data: { points: 1, extra: { any: ['thing'] } } },
    ],
    [
      'every type converted',
      TEST_EVENT,
      {
        customer: 'c',
        data: { count: ' 3 ', flag: 'TRUE', name: 42, labels: 'vip', meta: { a: 1 }, nested: { amount: '9.5' } },
      },
      {
        customer: 'c',
        data: { count: 3, flag: true, name: '42', labels: ['vip'], meta: { a: 1 }, nested: { amount: 9.5 } },
      },
    ],
    [
      'optional null kept',
      TEST_EVENT,
      { customer: 'c', data: { count: null, name: null } },
      { customer: 'c', data: { count: null, name: null } },
    ],
    [
      'optional "" kept for STRING',
      TEST_EVENT,
      { customer: 'c', data: { name: '' } },
      { customer: 'c', data: { name: '' } },
    ],
    [
      'optional "" becomes null for other types',
      TEST_EVENT,
      { customer: 'c', data: { count: '', flag: '', labels: '', meta: '' } },
      { customer: 'c', data: { count: null, flag: null, labels: null, meta: null } },
    ],
    [
      'customer of 255 characters',
      pointAdd,
      { customer: 'x'.repeat(255), data: { points: 1 } },
      { customer: 'x'.repeat(255), data: { points: 1 } },
    ],
  ])('%s', (_name, definition, mapped, event) => {
    const result = convertEvent(definition, mapped);
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.event).toEqual(event);
  });

  it.each<[string, EventDefinition, { customer?: JsonValue; data: JsonObject }, EventIssue[]]>([
    [
      'a number too large to read (JSON 1e309 parses to Infinity): named for what was sent, not "null"',
      pointAdd,
      { customer: 'c', data: JSON.parse('{"points": 1e309}') as JsonObject },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'data.points',
          message: 'data.points: the number sent (larger than 1.8e308) is too large to store',
        },
      ],
    ],
    [
      'a negative number too large to read',
      pointAdd,
      { customer: 'c', data: JSON.parse('{"points": -1e309}') as JsonObject },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'data.points',
          message: 'data.points: the number sent (smaller than -1.8e308) is too large to store',
        },
      ],
    ],
    [
      'the doc example: text where points are expected',
      pointAdd,
      { customer: 'c', data: { points: 'the number of points you wish to add' } },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'data.points',
          message: 'data.points: "the number of points you wish to add" is not a number',
        },
      ],
    ],
    [
      'customer missing',
      pointAdd,
      { data: { points: 1 } },
      [
        {
          code: 'MISSING_ATTRIBUTE',
          attribute: 'customer',
          message: 'customer: required but missing; it is the external id of the loyalty member',
        },
      ],
    ],
    [
      'customer null',
      pointAdd,
      { customer: null, data: { points: 1 } },
      [
        {
          code: 'MISSING_ATTRIBUTE',
          attribute: 'customer',
          message: 'customer: required but empty (null); it is the external id of the loyalty member',
        },
      ],
    ],
    [
      'customer ""',
      pointAdd,
      { customer: '', data: { points: 1 } },
      [
        {
          code: 'MISSING_ATTRIBUTE',
          attribute: 'customer',
          message: 'customer: required but empty (""); it is the external id of the loyalty member',
        },
      ],
    ],
    [
      'customer blank',
      pointAdd,
      { customer: '   ', data: { points: 1 } },
      [{ code: 'INVALID_ATTRIBUTE', attribute: 'customer', message: 'customer: "   " is blank' }],
    ],
    [
      'customer boolean',
      pointAdd,
      { customer: true, data: { points: 1 } },
      [{ code: 'INVALID_ATTRIBUTE', attribute: 'customer', message: 'customer: true is not a text' }],
    ],
    [
      'customer object',
      pointAdd,
      { customer: { id: 1 }, data: { points: 1 } },
      [{ code: 'INVALID_ATTRIBUTE', attribute: 'customer', message: 'customer: {"id":1} is not a text' }],
    ],
    [
      'customer too long',
      pointAdd,
      { customer: 'x'.repeat(256), data: { points: 1 } },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'customer',
          message: `customer: "${'x'.repeat(58)}… is 256 characters long; at most 255 are allowed`,
        },
      ],
    ],
    [
      'every issue, in definition order',
      pointAdd,
      { data: { reason: ['not', 'text'] } },
      [
        {
          code: 'MISSING_ATTRIBUTE',
          attribute: 'customer',
          message: 'customer: required but missing; it is the external id of the loyalty member',
        },
        {
          code: 'MISSING_ATTRIBUTE',
          attribute: 'data.points',
          message: 'data.points: required but missing; it is the number of points to add; greater than 0',
        },
        { code: 'INVALID_ATTRIBUTE', attribute: 'data.reason', message: 'data.reason: ["not","text"] is not a text' },
      ],
    ],
    [
      'BOOLEAN refused',
      TEST_EVENT,
      { customer: 'c', data: { flag: 'yes' } },
      [{ code: 'INVALID_ATTRIBUTE', attribute: 'data.flag', message: 'data.flag: "yes" is not true or false' }],
    ],
    [
      'STRING_LIST refused',
      TEST_EVENT,
      { customer: 'c', data: { labels: [{ a: 1 }] } },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'data.labels',
          message: 'data.labels: [{"a":1}] is not a list of texts (item 1 is {"a":1})',
        },
      ],
    ],
    [
      'OBJECT refused',
      TEST_EVENT,
      { customer: 'c', data: { meta: [1] } },
      [{ code: 'INVALID_ATTRIBUTE', attribute: 'data.meta', message: 'data.meta: [1] is not an object' }],
    ],
    [
      'nested NUMBER refused',
      TEST_EVENT,
      { customer: 'c', data: { nested: { amount: 'lots' } } },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'data.nested.amount',
          message: 'data.nested.amount: "lots" is not a number',
        },
      ],
    ],
    [
      'lossy integer refused',
      TEST_EVENT,
      { customer: 'c', data: { count: '99999999999999999999' } },
      [
        {
          code: 'INVALID_ATTRIBUTE',
          attribute: 'data.count',
          message: 'data.count: "99999999999999999999" has too many digits to be stored exactly',
        },
      ],
    ],
  ])('%s', (_name, definition, mapped, issues) => {
    const result = convertEvent(definition, mapped);
    expect(result.ok).toBe(false);
    expect(result.event).toBeNull();
    expect(result.issues).toEqual(issues);
  });

  it('does not change the mapped event it was given', () => {
    const mapped = { customer: 'c', data: { points: '5', nested: { a: 1 } } as JsonObject };
    const result = convertEvent(pointAdd, mapped);
    expect(result.event?.data).toEqual({ points: 5, nested: { a: 1 } });
    expect(mapped.data).toEqual({ points: '5', nested: { a: 1 } });
    expect(result.event?.data.nested).not.toBe(mapped.data.nested);
  });
});
