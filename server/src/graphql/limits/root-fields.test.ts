import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maxRootFieldsRule } from './root-fields.js';

const schema = buildSchema('type Query { a: Int b: Int c: Int }');

function errors(source: string, max = 2) {
  return validate(schema, parse(source), [...specifiedRules, maxRootFieldsRule(max)]).map((error) => error.message);
}

describe('maxRootFieldsRule', () => {
  it.each([
    ['at the limit', '{ a b }', []],
    ['__typename is free', '{ a b __typename }', []],
    ['aliases count', '{ a x: a y: a }', ['Root field limit of 2 exceeded, found 3.']],
    ['inline fragments count', '{ a ... on Query { b c } }', ['Root field limit of 2 exceeded, found 3.']],
    ['fragment spreads count once', '{ ...F ...F } fragment F on Query { a b }', []],
    ['spread fragments add up', '{ c ...F } fragment F on Query { a b }', ['Root field limit of 2 exceeded, found 3.']],
  ])('%s', (_case, source, expected) => {
    expect(errors(source)).toEqual(expected);
  });

  it('does not loop on a fragment cycle (GraphQL refuses the cycle itself)', () => {
    const messages = errors('{ ...F } fragment F on Query { a ...G } fragment G on Query { b ...F }');
    expect(messages.some((message) => /Cannot spread fragment "F" within itself/.test(message))).toBe(true);
  });
});
