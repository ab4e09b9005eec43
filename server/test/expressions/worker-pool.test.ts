import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpressionOutcome } from '../../src/domain/ingestion-pipeline.js';
import { expressionRequest } from '../../src/domain/mapping.js';
import type { JsonObject, MappingRule } from '../../src/domain/types.js';
import { ExpressionWorkerPool } from '../../src/expressions/worker-pool.js';

/**
 * The worker pool with real worker threads: values, the sandbox table at run time (expressions stored without the
 * save check, e.g. by an older version), the time box with a restart and re-dispatch, and a memory bomb.
 */

function rows(...expressions: string[]): MappingRule[] {
  return expressions.map((expression, i) => ({ from: 'v', to: `data.r${i}`, replace: [], expression }));
}

let versions = 0;

/** Each call is a new configuration version unless told otherwise: compilations are cached per version and row. */
function evaluate(
  pool: ExpressionWorkerPool,
  expressions: string[],
  body: JsonObject = { v: '58.69' },
  program = `hook@${++versions}`,
): Promise<ExpressionOutcome> {
  const mapping = rows(...expressions);
  return pool.evaluate(program, expressionRequest(mapping, body, { 'x-shop': 'north' }));
}

function failure(outcome: ExpressionOutcome) {
  if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify([...outcome.computed])}`);
  return outcome;
}

describe('the expression worker pool', () => {
  const pool = new ExpressionWorkerPool({ workers: 1, timeoutMs: 200 });

  beforeAll(async () => {
    // The first evaluation starts the worker (SWC compiles its sources in tests): not part of any time box.
    expect(await evaluate(pool, ['1'])).toMatchObject({ ok: true });
  });
  afterAll(() => pool.close());

  it('computes every row from $, $body and $headers', async () => {
    const outcome = await evaluate(pool, ['$floor($number($) * 10)', '$body.v & "!"', '$headers."x-shop"', '$nope']);
    expect(outcome).toEqual({
      ok: true,
      computed: new Map<number, unknown>([
        [0, 586],
        [1, '58.69!'],
        [2, 'north'],
        [3, undefined],
      ]),
    });
  });

  it('batches concurrent evaluations and answers each with its own values', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => evaluate(pool, ['$number($) * 2'], { v: String(i) })),
    );
    outcomes.forEach((outcome, i) => expect(outcome).toEqual({ ok: true, computed: new Map([[0, i * 2]]) }));
  });

  it.each<[string, string, JsonObject, RegExp]>([
    ['$eval', '$eval("1 + 1")', {}, /\$eval is not available/],
    ['a constructor lookup', '$.constructor', {}, /"constructor" cannot be used/],
    ['a prototype lookup from the root', '$$.__proto__', {}, /"__proto__" cannot be used/],
    ['$lookup of __proto__', '$lookup($, "__proto__")', JSON.parse('{"__proto__": {"x": 1}}'), /"__proto__"/],
    [
      '$lookup of a key built from parts',
      '$lookup($body, "con" & "structor")',
      {},
      /\$lookup refuses the key "constructor"/,
    ],
    ['$merge with __proto__', '$merge([{"__proto__": {"polluted": true}}])', {}, /"__proto__" cannot be used/],
    [
      '$merge of a body holding __proto__',
      '$merge([$body])',
      JSON.parse('{"__proto__": {"polluted": true}}'),
      /\$merge refuses/,
    ],
    ['a function constructor', '$string.constructor', {}, /"constructor" cannot be used/],
    ['endless recursion', '($f := function($n){ 1 + $f($n + 1) }; $f(0))', {}, /nested more than 500 steps/],
    ['a huge $pad', '$length($pad("x", 300000000))', {}, /text of 300000000 characters; at most 10000000/],
    [
      'a doubled text',
      '$uppercase(($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $d("x", 28)))',
      {},
      /built a text of/,
    ],
  ])('refuses %s with a clear reason', async (_label, expression, body, message) => {
    const outcome = failure(await evaluate(pool, ['1', expression], body));
    expect(outcome).toMatchObject({ code: 'EXPRESSION_FAILED', row: 1, message: expect.stringMatching(message) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await evaluate(pool, ['$merge([{"a": 1}]).polluted'])).toEqual({
      ok: true,
      computed: new Map([[0, undefined]]),
    });
  });

  it('an endless tail call stops at the time box inside the worker', async () => {
    const outcome = failure(await evaluate(pool, ['($f := function($n){ $f($n + 1) }; $f(0))']));
    expect(outcome).toMatchObject({
      code: 'EXPRESSION_TIMEOUT',
      row: 0,
      message: 'The expression did not finish within 200 ms.',
    });
  });

  it('a step that never yields is cut off by terminating the worker; queued evaluations are answered after', async () => {
    const started = performance.now();
    const runaway = evaluate(pool, ['1', '$sum([1..10000000])']);
    // Queued behind it on the only worker: they go to the fresh one.
    const queued = Array.from({ length: 5 }, (_, i) => evaluate(pool, ['$number($)'], { v: String(i) }));
    const outcome = failure(await runaway);
    expect(outcome).toMatchObject({
      code: 'EXPRESSION_TIMEOUT',
      row: 1,
      message: 'The expression did not finish within 200 ms.',
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    const answers = await Promise.all(queued);
    answers.forEach((answer, i) => expect(answer).toEqual({ ok: true, computed: new Map([[0, i]]) }));
    expect(pool.liveWorkers).toBe(1);
  });

  it('a catastrophic regular expression runs in linear time (RE2)', async () => {
    const outcome = await evaluate(pool, ['$contains($, /(a+)+$/)'], { v: `${'a'.repeat(50_000)}!` });
    expect(outcome).toEqual({ ok: true, computed: new Map([[0, false]]) });
  });

  it('compiles once per program and row: a new version compiles anew', async () => {
    expect(await evaluate(pool, ['$ & "a"'], { v: 'x' }, 'other@1')).toEqual({
      ok: true,
      computed: new Map([[0, 'xa']]),
    });
    // Same program and row: the cached compilation answers (the source is trusted to be the version's).
    expect(await evaluate(pool, ['$ & "b"'], { v: 'x' }, 'other@1')).toEqual({
      ok: true,
      computed: new Map([[0, 'xa']]),
    });
    expect(await evaluate(pool, ['$ & "b"'], { v: 'x' }, 'other@2')).toEqual({
      ok: true,
      computed: new Map([[0, 'xb']]),
    });
  });

  it('sees no environment variables', async () => {
    // `$` cannot reach `process`; this only shows the thread has nothing to leak even if it could.
    expect(await evaluate(pool, ['$count($keys($))'], {})).toEqual({ ok: true, computed: new Map([[0, 0]]) });
  });
});

describe('a worker running out of memory', () => {
  // A time box long enough for the heap to fill first, and a small heap so that it fills in a few seconds: the
  // bomb's allocations are small (a 3-million-item range, texts of 1,000 characters), so the heap fills gradually.
  const pool = new ExpressionWorkerPool({ workers: 1, timeoutMs: 30_000, memoryMb: 128 });
  afterAll(() => pool.close());

  it('refuses only the request that used it, and the next one is served by a fresh worker', async () => {
    expect(await evaluate(pool, ['1'])).toMatchObject({ ok: true });
    const bomb = evaluate(pool, ['$count([1..3000000].$pad("x", 1000))']);
    const next = evaluate(pool, ['$number($) + 1'], { v: '1' });
    expect(failure(await bomb)).toMatchObject({
      code: 'EXPRESSION_FAILED',
      row: 0,
      message: 'The expression used more memory than allowed (128 MiB).',
    });
    expect(await next).toEqual({ ok: true, computed: new Map([[0, 2]]) });
  }, 60_000);
});

describe('closing', () => {
  it('rejects what is still waiting and refuses new work', async () => {
    const pool = new ExpressionWorkerPool({ workers: 1, timeoutMs: 5_000 });
    expect(await evaluate(pool, ['1'])).toMatchObject({ ok: true });
    const waiting = evaluate(pool, ['($f := function($n){ $f($n + 1) }; $f(0))']);
    const refused = expect(waiting).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.close();
    await refused;
    await expect(evaluate(pool, ['1'])).rejects.toThrow(/closed/);
  });
});
