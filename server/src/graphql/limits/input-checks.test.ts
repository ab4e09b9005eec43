import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findInputProblem, inspectValue, MAX_INPUT_DEPTH, textProblem } from './input-checks.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function problemOf(source: string, variables?: Record<string, unknown>) {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  return findInputProblem(document, operation, variables);
}

describe('textProblem', () => {
  it.each([
    ['plain text', 'hello', null],
    ['an emoji (a surrogate pair)', 'ok 🎉', null],
    ['NUL', 'a\u0000b', /NUL character \(U\+0000\)/],
    ['a lone high surrogate', 'a\ud83d', /unpaired surrogate \(U\+D83D\)/],
    ['a lone low surrogate', '\ude00b', /unpaired surrogate \(U\+DE00\)/],
    ['a pair reversed', '\ude00\ud83d', /unpaired surrogate/],
  ])('%s', (_case, text, expected) => {
    const problem = textProblem(text);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('inspectValue', () => {
  it.each([
    ['a flat object', { a: 'b', c: [1, 2] }, null],
    [`${MAX_INPUT_DEPTH} nested containers`, nested(MAX_INPUT_DEPTH), null],
    [`${MAX_INPUT_DEPTH + 1} nested containers`, nested(MAX_INPUT_DEPTH + 1), 'v' + '[0]'.repeat(MAX_INPUT_DEPTH)],
    ['NUL in a nested string', { a: [{ b: 'x\u0000' }] }, 'v.a[0].b'],
    ['NUL in a key', { a: { 'k\u0000': 1 } }, 'v.a'],
  ])('%s', (_case, value, field) => {
    const problem = inspectValue(value, 'v');
    if (field === null) expect(problem).toBeNull();
    else expect(problem?.field).toBe(field);
  });

  it('walks 100,000 levels without recursion', () => {
    expect(inspectValue(nested(100_000), 'v')?.message).toMatch(/nested more than 64 levels deep/);
  });
});

describe('findInputProblem', () => {
  it('names the argument a variable is passed to, inside literal objects too', () => {
    const source = 'query ($n: String, $v: JSON) { a(input: { name: $n, filter: { value: $v } }) }';
    expect(problemOf(source, { n: 'x\u0000' })?.field).toBe('input.name');
    expect(problemOf(source, { v: { deep: 'x\u0000' } })?.field).toBe('input.filter.value.deep');
  });

  it('checks literal strings and depth', () => {
    expect(problemOf('{ a(email: "x\\u0000") }')?.field).toBe('email');
    expect(problemOf(`{ a(v: ${'['.repeat(70)}1${']'.repeat(70)}) }`)?.message).toMatch(/nested more than/);
    expect(problemOf(`{ a(v: ${'['.repeat(64)}1${']'.repeat(64)}) }`)).toBeNull();
  });

  it('checks arguments inside fragments', () => {
    expect(problemOf('{ ...F } fragment F on Query { a(name: "\\u0000") }')?.field).toBe('name');
  });

  it('names a variable that no argument takes by its own name', () => {
    expect(problemOf('query ($x: String) { a }', { x: '\u0000' })?.field).toBe('$x');
  });

  it('accepts ordinary input', () => {
    expect(problemOf('query ($n: String) { a(name: $n, b: [1, 2], c: { d: "e" }) }', { n: 'Ørsted 🎉' })).toBeNull();
  });
});
