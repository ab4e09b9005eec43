import { describe, expect, it } from 'vitest';
import {
  cloneJson,
  filterAttributeProblem,
  isForbiddenSegment,
  parseFilterAttribute,
  pathProblem,
  readPath,
  splitPath,
  writePath,
} from './paths.js';
import type { JsonObject, JsonValue } from './json.js';

const body = JSON.parse(
  '{"a":{"b":{"c":1}},"n":null,"e":"","items":[{"sku":"x"},{"sku":"y"}],"obj":{"0":"zero"},"__proto__":{"polluted":1}}',
) as JsonObject;

describe('splitPath', () => {
  it.each([
    ['a', ['a']],
    ['a.b.c', ['a', 'b', 'c']],
    ['items.0.sku', ['items', '0', 'sku']],
    ['', ['']],
  ])('%j → %j', (path, segments) => {
    expect(splitPath(path)).toEqual(segments);
  });
});

describe('readPath', () => {
  it.each<[string, { found: boolean; value?: JsonValue }]>([
    ['a.b.c', { found: true, value: 1 }],
    ['a.b', { found: true, value: { c: 1 } }],
    ['n', { found: true, value: null }],
    ['e', { found: true, value: '' }],
    ['items.1.sku', { found: true, value: 'y' }],
    ['items.2.sku', { found: false }],
    ['items.01', { found: false }],
    ['items.-1', { found: false }],
    ['items.length', { found: false }],
    ['obj.0', { found: true, value: 'zero' }],
    ['a.b.c.d', { found: false }],
    ['missing', { found: false }],
    ['toString', { found: false }],
    ['constructor', { found: false }],
    ['a.constructor.prototype', { found: false }],
    ['hasOwnProperty', { found: false }],
    ['__proto__.polluted', { found: true, value: 1 }], // an own key created by JSON.parse: data, not the prototype
  ])('%s', (path, expected) => {
    expect(readPath(body, path)).toEqual(expected);
  });

  it('reads an inherited-looking key only when it is an own property', () => {
    expect(readPath({}, '__proto__')).toEqual({ found: false });
    expect(readPath({ toString: 'mine' }, 'toString')).toEqual({ found: true, value: 'mine' });
  });

  it('accepts pre-split segments, and an empty list reads the root', () => {
    expect(readPath(body, ['a', 'b', 'c'])).toEqual({ found: true, value: 1 });
    expect(readPath(5, [])).toEqual({ found: true, value: 5 });
    expect(readPath(undefined, [])).toEqual({ found: false });
  });

  it.each<[JsonValue | undefined, string]>([
    ['text', 'length'],
    [5, 'a'],
    [null, 'a'],
    [undefined, 'a'],
    [true, 'a'],
  ])('finds nothing inside the scalar %j', (root, path) => {
    expect(readPath(root, path)).toEqual({ found: false });
  });
});

describe('writePath', () => {
  it.each<[string, JsonObject, JsonValue, JsonObject]>([
    ['a', {}, 1, { a: 1 }],
    ['a.b.c', {}, 'x', { a: { b: { c: 'x' } } }],
    ['a.c', { a: { b: 1 } }, 2, { a: { b: 1, c: 2 } }],
    ['a.b', { a: 'scalar' }, 2, { a: { b: 2 } }],
    ['a.b', { a: [1, 2] }, 2, { a: { b: 2 } }],
    ['a', { a: { b: 1 } }, null, { a: null }],
    ['toString', {}, 'own', { toString: 'own' }],
  ])('%s', (path, target, value, expected) => {
    writePath(target, path, value);
    expect(target).toEqual(expected);
  });

  it.each(['__proto__', 'a.__proto__.polluted', 'constructor.prototype.polluted', 'prototype', 'a.constructor'])(
    'refuses %s and pollutes nothing',
    (path) => {
      const target: JsonObject = {};
      expect(() => writePath(target, path, 1)).toThrow(/is not allowed/);
      expect(target).toEqual({});
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses an empty path', () => {
    expect(() => writePath({}, [], 1)).toThrow(/empty path/);
  });
});

describe('writePath options', () => {
  it.each<[string, JsonObject, JsonValue, JsonObject]>([
    ['items.0.sku', {}, 'x', { items: [{ sku: 'x' }] }],
    ['items.1', { items: ['a'] }, 'b', { items: ['a', 'b'] }],
    ['items.0.sku', { items: { other: 1 } }, 'x', { items: [{ sku: 'x' }] }],
    ['a.01.b', {}, 1, { a: { '01': { b: 1 } } }],
    ['a.1000.b', {}, 1, { a: { '1000': { b: 1 } } }],
  ])('arraysForIndexes: %s', (path, target, value, expected) => {
    writePath(target, path, value, { arraysForIndexes: true });
    expect(target).toEqual(expected);
  });

  it('keepExisting leaves a value already there, even null, and still fills what is missing', () => {
    const target: JsonObject = { a: { b: 1 }, n: null };
    writePath(target, 'a.b', 2, { keepExisting: true });
    writePath(target, 'n', 2, { keepExisting: true });
    writePath(target, 'a.c', 3, { keepExisting: true });
    expect(target).toEqual({ a: { b: 1, c: 3 }, n: null });
  });

  it('refuses prototype segments whatever the options', () => {
    const target: JsonObject = {};
    expect(() => writePath(target, 'items.0.__proto__', 1, { arraysForIndexes: true, keepExisting: true })).toThrow(
      /is not allowed/,
    );
    expect(target).toEqual({});
  });
});

describe('isForbiddenSegment', () => {
  it.each([
    ['__proto__', true],
    ['constructor', true],
    ['prototype', true],
    ['toString', false],
    ['proto', false],
    ['Constructor', false],
  ])('%s → %s', (segment, forbidden) => {
    expect(isForbiddenSegment(segment)).toBe(forbidden);
  });
});

describe('cloneJson', () => {
  it('copies deeply and keeps "__proto__" as a plain own key', () => {
    const source = JSON.parse('{"a":[{"b":1}],"__proto__":{"x":1}}') as JsonObject;
    const copy = cloneJson(source);
    expect(copy).toEqual(source);
    expect(copy.a).not.toBe(source.a);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('pathProblem', () => {
  it.each<[string, RegExp | null]>([
    ['a', null],
    ['items.0.sku', null],
    ['a'.repeat(128), null],
    [Array(32).fill('a').join('.'), null],
    ['', /empty/],
    ['a..b', /empty segment \(segment 2\)/],
    ['.a', /empty segment/],
    ['a.', /empty segment/],
    ['a'.repeat(129), /129 characters.*at most 128/],
    [Array(33).fill('a').join('.'), /33 segments; at most 32/],
    ['__proto__.x', /"__proto__", which is not allowed/],
    ['a.constructor', /"constructor"/],
    ['prototype', /"prototype"/],
  ])('%s', (path, problem) => {
    const result = pathProblem(path);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});

describe('parseFilterAttribute / filterAttributeProblem', () => {
  it.each([
    ['headers.X-Token', { source: 'headers', name: 'x-token' }],
    ['body.items.0.sku', { source: 'body', segments: ['items', '0', 'sku'] }],
    ['query.x', null],
    ['Headers.x', null],
  ])('%s parses to %j', (attribute, parsed) => {
    expect(parseFilterAttribute(attribute)).toEqual(parsed);
  });

  it.each<[string, RegExp | null]>([
    ['headers.Authorization', null],
    ['body.a.b', null],
    ['headers.', /Name the header/],
    ['headers.bad name', /not a valid header name/],
    ['body.a..b', /empty segment/],
    ['body.__proto__', /not allowed/],
    ['pointadd', /must start with "headers\." or "body\."/],
  ])('%s', (attribute, problem) => {
    const result = filterAttributeProblem(attribute);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});
