import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  ExpressionRefusal,
  expressionProblem,
  MAX_EVALUATION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  MAX_RESULT_CHARACTERS,
} from './expression.js';
import { expressionShapeProblem } from './expression-shape.js';

describe('expressionProblem', () => {
  it.each([
    ['$floor($number($) * 10)'],
    ['$body.total_price * 10'],
    ['$headers."x-shop-domain"'],
    ['$ = "gold" ? 100 : 10'],
    ['$match($, /^[a-z]+$/i).match'],
    ['$lookup($body, "total")'],
    ['($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(5))'],
  ])('accepts %s', (source) => {
    expect(expressionProblem(source)).toBeNull();
  });

  it.each<[string, string, RegExp]>([
    ['empty', '  ', /empty/],
    ['too long', `$ & "${'x'.repeat(MAX_EXPRESSION_LENGTH)}"`, new RegExp(`at most ${MAX_EXPRESSION_LENGTH}`)],
    ['a syntax error, with its position', '$floor($number($) * 10', /not valid JSONata: .*\(at position \d+\)/],
    ['$eval', '$eval("1 + 1")', /\$eval is not available in mapping expressions \(at position \d+\)/],
    ['$eval passed on', '$map(["1"], $eval)', /\$eval is not available/],
    ['constructor', '$.constructor', /"constructor" cannot be used \(at position \d+\): names that reach/],
    ['__proto__', '$$.__proto__', /"__proto__" cannot be used/],
    ['prototype', '$string.prototype', /"prototype" cannot be used/],
    ['a backquoted name', '$.`constructor`', /"constructor" cannot be used/],
    ['a key in a text', '$lookup($, "__proto__")', /"__proto__" cannot be used/],
    ['an object key', '$merge([{"__proto__": {"polluted": true}}])', /"__proto__" cannot be used/],
    ['a lookaround', '$match($, /a(?=b)/)', /RE2, which has no lookarounds/],
  ])('refuses %s', (_label, source, message) => {
    expect(expressionProblem(source)).toMatch(message);
  });

  it('agrees with the shape check on what needs no parser', () => {
    expect(expressionShapeProblem('')).toBe(expressionProblem(''));
    expect(expressionShapeProblem('$')).toBeNull();
  });
});

async function run(source: string, value?: unknown, bindings: Record<string, unknown> = {}, timeoutMs = 1_000) {
  const expression = await compileExpression(source, { timeoutMs });
  return expression.evaluate(value as never, bindings as never);
}

async function refusal(source: string, value?: unknown, timeoutMs = 1_000): Promise<ExpressionRefusal> {
  const error = await run(source, value, { body: {} }, timeoutMs).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExpressionRefusal);
  return error as ExpressionRefusal;
}

describe('compileExpression', () => {
  it('computes from $, $body and $headers', async () => {
    expect(await run('$floor($number($) * 10)', '58.69')).toBe(586);
    expect(await run('$body.a + $body.b', undefined, { body: { a: 1, b: 2 } })).toBe(3);
    expect(await run('$headers."x-shop"', undefined, { headers: { 'x-shop': 'north' } })).toBe('north');
    expect(await run('$', undefined)).toBeUndefined();
  });

  it('returns plain JSON: sequences become lists', async () => {
    const result = await run('$body.items.sku', undefined, { body: { items: [{ sku: 'a' }, { sku: 'b' }] } });
    expect(result).toEqual(['a', 'b']);
    expect(Object.keys(result as object)).toEqual(['0', '1']);
  });

  it('runs regular expressions on RE2', async () => {
    expect(await run('$match($, /(\\d+)-(\\d+)/).groups', 'order 12-34')).toEqual(['12', '34']);
    expect(await run('$replace($, /a/i, "o")', 'bAnana')).toBe('bonono');
    expect(await run('$split($, /,\\s*/)', 'a, b,c')).toEqual(['a', 'b', 'c']);
    // No match: exponential for a backtracking engine, linear on RE2.
    expect(await run('$contains($, /(a+)+$/)', `${'a'.repeat(5_000)}!`)).toBe(false);
  });

  it.each<[string, string, unknown, 'failed' | 'timeout', RegExp]>([
    ['$eval', '$eval("1")', undefined, 'failed', /\$eval is not available/],
    ['constructor', '$.constructor', {}, 'failed', /"constructor" cannot be used/],
    [
      '$lookup of a key built from parts',
      '$lookup($, "__pro" & "to__")',
      {},
      'failed',
      /\$lookup refuses the key "__proto__"/,
    ],
    [
      '$merge of such a key',
      '$merge([$])',
      JSON.parse('{"__proto__": {"polluted": true}}'),
      'failed',
      /\$merge refuses/,
    ],
    [
      'recursion',
      '($f := function($n){ 1 + $f($n + 1) }; $f(0))',
      undefined,
      'failed',
      new RegExp(`more than ${MAX_EVALUATION_DEPTH} steps`),
    ],
    [
      'an endless tail call',
      '($f := function($n){ $f($n + 1) }; $f(0))',
      undefined,
      'timeout',
      /did not finish within 100 ms/,
    ],
    ['a function as the result', 'function($x){ $x }', undefined, 'failed', /holds a function/],
    ['a huge result', '$pad("x", 100000)', undefined, 'failed', new RegExp(`longer than ${MAX_RESULT_CHARACTERS}`)],
    [
      'a result just over the limit',
      '[1..9000].($ * 1000)',
      undefined,
      'failed',
      new RegExp(`at most ${MAX_RESULT_CHARACTERS}`),
    ],
    [
      'a huge $pad, before it allocates',
      '$length($pad("x", 300000000))',
      undefined,
      'failed',
      /text of 300000000 characters; at most 10000000/,
    ],
    [
      'a text doubled past the limit',
      '($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("x", 28)))',
      undefined,
      'failed',
      /built a text of 16777216 characters/,
    ],
    [
      'several large ranges',
      '$count([[1..10000000], [1..10000000], [1..10000000]])',
      undefined,
      'failed',
      /lists of more than 20000000 items/,
    ],
    [
      'an error of JSONata',
      '$number("abc")',
      undefined,
      'failed',
      /Unable to cast value to a number.*\(at position \d+\)/,
    ],
  ])('refuses %s', async (_label, source, value, kind, message) => {
    // Only the tail call runs into the time box; the rest must not, however busy the machine.
    const error = await refusal(source, value, kind === 'timeout' ? 100 : 30_000);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds sequences when asked (the preview)', async () => {
    const expression = await compileExpression('$count([1..1000])', { timeoutMs: 1_000, maxSequence: 100 });
    await expect(expression.evaluate(undefined, {})).rejects.toThrow(/maximum sequence length of 100/);
  });
});
