import { describe, expect, it } from 'vitest';
import {
  completeIngestion,
  prepareIngestion,
  runIngestionPipeline,
  type ExpressionOutcome,
  type PipelineSettings,
  type PreparedRequest,
} from './ingestion-pipeline.js';
import { applyMapping, expressionRequest, hasExpressions } from './mapping.js';
import type { JsonObject, JsonValue, MappingRule } from './types.js';
import { validateWebhookSettings } from './webhook-validation.js';

/**
 * Computed mapping values, the pure part: the domain says what each expression sees (`expressionRequest`) and
 * applies what they computed (`applyMapping`'s `computed`), with default and replace on top; the pipeline refuses a
 * request whose expression failed, naming the row. Evaluation itself is the application's port (tested in
 * server/test/expressions).
 */

const body: JsonObject = { total_price: '58.69', empty: '', tier: 'gold', nested: { a: 1 } };

function row(from: string, to: string, expression: string | null, extra: Partial<MappingRule> = {}): MappingRule {
  return { from, to, replace: [], ...(expression === null ? {} : { expression }), ...extra };
}

const computed = (values: [number, JsonValue | undefined][]) => new Map(values);

describe('expressionRequest', () => {
  it('has one task per row with an expression, with $ read at from (undefined when missing)', () => {
    const rules = [
      row('id', 'customer', null),
      row('total_price', 'data.points', '$floor($number($) * 10)'),
      row('missing', 'data.x', '$ ? 1 : 0'),
      row('nested', 'data.y', '$.a'),
    ];
    const request = expressionRequest(rules, body, {});
    expect(request.tasks).toEqual([
      { row: 1, expression: '$floor($number($) * 10)', value: '58.69' },
      { row: 2, expression: '$ ? 1 : 0', value: undefined },
      { row: 3, expression: '$.a', value: { a: 1 } },
    ]);
    expect(request.bindings.body).toBe(body);
  });

  it('binds the headers lower-cased, without credentials', () => {
    const { bindings } = expressionRequest([row('a', 'data.a', '$')], body, {
      'X-Shop-Domain': 'north.example',
      'content-type': 'application/json',
      accept: ['a', 'b'],
      authorization: 'Bearer x',
      Cookie: 'sid=1',
      'x-shopify-hmac-sha256': 'c2ln',
      'webhook-signature': 'v1,abc',
      'x-api-key': 'k',
      absent: undefined,
    });
    expect(bindings.headers).toEqual({
      'x-shop-domain': 'north.example',
      'content-type': 'application/json',
      accept: ['a', 'b'],
    });
  });

  it('knows whether a mapping has expressions at all', () => {
    expect(hasExpressions([row('a', 'data.a', null)])).toBe(false);
    expect(hasExpressions([row('a', 'data.a', null), row('b', 'data.b', '$')])).toBe(true);
    expect(hasExpressions([{ from: 'a', to: 'data.a', replace: [], expression: null }])).toBe(false);
  });
});

describe('applyMapping with computed values', () => {
  it('writes what the expression computed instead of the value read, and traces both', () => {
    const result = applyMapping(
      [row('total_price', 'data.points', '$floor($number($) * 10)')],
      body,
      computed([[0, 586]]),
    );
    expect(result.data).toEqual({ points: 586 });
    expect(result.trace[0]).toMatchObject({
      from: 'total_price',
      found: true,
      expression: '$floor($number($) * 10)',
      computed: 586,
      value: 586,
    });
  });

  it.each<
    [string, MappingRule, JsonValue | undefined, JsonValue | undefined, { usedDefault: boolean; replaced: boolean }]
  >([
    [
      'nothing computed takes the default',
      row('x', 'data.v', '$', { default: 0 }),
      undefined,
      0,
      { usedDefault: true, replaced: false },
    ],
    [
      '"" computed takes the default',
      row('x', 'data.v', '$', { default: 'none' }),
      '',
      'none',
      { usedDefault: true, replaced: false },
    ],
    [
      'null computed takes the default',
      row('x', 'data.v', '$', { default: 1 }),
      null,
      1,
      { usedDefault: true, replaced: false },
    ],
    [
      'replace applies to the result',
      row('tier', 'data.v', '$uppercase($)', { replace: [{ value: 'GOLD', replacement: 100 }] }),
      'GOLD',
      100,
      { usedDefault: false, replaced: true },
    ],
    [
      'replace applies to the default',
      row('x', 'data.v', '$', { default: 'D', replace: [{ value: 'D', replacement: 'E' }] }),
      undefined,
      'E',
      { usedDefault: true, replaced: true },
    ],
    [
      'nothing computed, no default: nothing written',
      row('tier', 'data.v', '$x'),
      undefined,
      undefined,
      { usedDefault: false, replaced: false },
    ],
  ])('%s', (_label, rule, result, written, flags) => {
    const mapped = applyMapping([rule], body, computed([[0, result]]));
    expect(mapped.data.v).toEqual(written);
    expect(mapped.trace[0]).toMatchObject({ ...flags, computed: result, value: written });
  });

  it('leaves rows without an expression as they were', () => {
    const mapped = applyMapping([row('tier', 'data.t', null)], body, computed([[0, 'ignored']]));
    expect(mapped.data).toEqual({ t: 'gold' });
    expect(mapped.trace[0]).not.toHaveProperty('expression');
  });

  it('copies a computed object, so later rows writing into it change nothing else', () => {
    const shared = { a: 1 };
    const mapped = applyMapping(
      [row('x', 'data.o', '$'), row('tier', 'data.o.b', null)],
      body,
      computed([[0, shared]]),
    );
    expect(mapped.data).toEqual({ o: { a: 1, b: 'gold' } });
    expect(shared).toEqual({ a: 1 });
  });
});

describe('the pipeline around expressions', () => {
  const newSettings = {
    name: 'shop',
    method: 'POST' as const,
    endpoint: 'shop',
    filter: null,
    action: 'point_add',
    mapping: [row('id', 'customer', null), row('total_price', 'data.points', '$floor($number($) * 10)')],
    successResponse: null,
    errorResponse: null,
  };
  const settings: PipelineSettings = validateWebhookSettings(newSettings);
  const request = {
    method: 'POST',
    contentType: 'application/json',
    headers: { 'x-shop': 'north' },
    rawBody: '{"id":"c-1","total_price":"58.69"}',
  };

  function prepared(): PreparedRequest {
    const result = prepareIngestion(settings, request);
    if (result.kind !== 'prepared') throw new Error(result.reason);
    return result;
  }

  it('prepares the parsed body and headers for the evaluator', () => {
    const { body: parsed, headers } = prepared();
    expect(expressionRequest(settings.mapping, parsed, headers).tasks).toEqual([
      { row: 1, expression: '$floor($number($) * 10)', value: '58.69' },
    ]);
  });

  it('completes with what the expressions computed', () => {
    const result = completeIngestion(settings, prepared(), { ok: true, computed: computed([[1, 586]]) });
    expect(result).toMatchObject({ kind: 'accepted', event: { customer: 'c-1', data: { points: 586 } } });
  });

  it.each<[ExpressionOutcome & { ok: false }, string]>([
    [
      { ok: false, code: 'EXPRESSION_TIMEOUT', row: 1, message: 'The expression did not finish within 100 ms.' },
      'Mapping row 2 (total_price → data.points): the expression did not finish within 100 ms.',
    ],
    [
      {
        ok: false,
        code: 'EXPRESSION_FAILED',
        row: 1,
        message: 'The expression failed: Unable to cast value (at position 8)',
      },
      'Mapping row 2 (total_price → data.points): the expression failed: Unable to cast value (at position 8).',
    ],
  ])('refuses the request when an expression did not give a value: 422 %s', (outcome, reason) => {
    const result = completeIngestion(settings, prepared(), outcome);
    expect(result).toMatchObject({
      kind: 'rejected',
      statusCode: 422,
      outcome: 'INVALID_EVENT',
      errorCode: outcome.code,
      reason,
      extraHeaders: { 'X-Webhook-Error': outcome.code },
    });
    expect(JSON.parse((result as { responseBody: string }).responseBody)).toMatchObject({
      error: { code: outcome.code, message: reason },
    });
  });

  it('a pure run evaluates nothing and says so in the trace', () => {
    const result = runIngestionPipeline(settings, request);
    expect(result.kind).toBe('rejected');
    expect(result.trace.mapping?.[1]).toMatchObject({
      expression: '$floor($number($) * 10)',
      problem: /not evaluated/,
    });
  });

  it('refuses an expression that does not compile on save, at the row', () => {
    expect(() => validateWebhookSettings({ ...newSettings, mapping: [row('a', 'customer', '$floor(')] })).toThrow(
      expect.objectContaining({ field: 'input.mapping[0].expression', message: expect.stringMatching(/position/) }),
    );
  });
});
