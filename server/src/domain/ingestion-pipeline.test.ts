import { describe, expect, it } from 'vitest';
import { decideEventEffect, fillBalance, insufficientPoints, type BalanceTemplate } from './event-rules.js';
import {
  answerOf,
  answerWithBalance,
  bodyFormatOf,
  contentTypeProblem,
  finishWithRule,
  runIngestionPipeline,
  type AcceptedRequest,
  type IngestionRequest,
  type PipelineSettings,
  type RejectedRequest,
  type SenderCheck,
  type SenderVerdict,
} from './ingestion-pipeline.js';
import { parseJsonText } from './json-text.js';
import type { FilterGroup, FilterOperator, JsonValue, MappingRule } from './types.js';

// The product doc's responses use single quotes ({'ok':true}), which is not JSON: configuration refuses them.
// The use cases below therefore configure the JSON the doc means.
const SUCCESS = '{"ok":true}';
const ERROR = '{"notok":false}';

function filterOn(attribute: string, operator: FilterOperator, value?: JsonValue): FilterGroup {
  return {
    join: 'AND',
    conditions: [value === undefined ? { attribute, operator } : { attribute, operator, value }],
    groups: [],
  };
}

function mapping(...rows: [from: string, to: string][]): MappingRule[] {
  return rows.map(([from, to]) => ({ from, to, replace: [] }));
}

function webhook(action: string, filter: FilterGroup | null, rules: MappingRule[]): PipelineSettings {
  return { method: 'POST', filter, action, mapping: rules, successResponse: SUCCESS, errorResponse: ERROR };
}

function post(rawBody: string, changes: Partial<IngestionRequest> = {}): IngestionRequest {
  return {
    method: 'POST',
    contentType: 'application/json',
    headers: { 'content-type': 'application/json' },
    rawBody,
    ...changes,
  };
}

function rejected(result: AcceptedRequest | RejectedRequest): RejectedRequest {
  if (result.kind !== 'rejected') throw new Error(`expected a rejection, got ${JSON.stringify(result.event)}`);
  return result;
}

function accepted(result: AcceptedRequest | RejectedRequest): AcceptedRequest {
  if (result.kind !== 'accepted') throw new Error(`expected acceptance, got ${result.errorCode}: ${result.reason}`);
  return result;
}

describe('use cases of the product doc', () => {
  describe('Point add', () => {
    const settings = webhook(
      'point_add',
      filterOn('body.pointadd', 'EXISTS'),
      mapping(['clientID', 'customer'], ['reason', 'data.reason'], ['pointstobeadded', 'data.points']),
    );
    const docMessage = `{
	"customer_ID": "ID of your customer",
	"pointstobeadded": "the number of points you wish to add",
	"reason": "reason for adding the points"
}`;

    it('the doc message has no "pointadd": FILTERED, naming the condition', () => {
      const result = rejected(runIngestionPipeline(settings, post(docMessage)));
      expect(result).toMatchObject({
        statusCode: 422,
        errorCode: 'FILTERED',
        outcome: 'FILTERED',
        reason: 'body.pointadd EXISTS: missing',
        responseBody: ERROR,
        extraHeaders: { 'X-Webhook-Error': 'FILTERED' },
      });
      expect(result.trace.filter?.conditions[0]).toMatchObject({
        attribute: 'body.pointadd',
        found: false,
        passed: false,
      });
    });

    it('with "pointadd" the mapping finds no clientID and no number: MISSING_ATTRIBUTE naming customer', () => {
      const message = docMessage.replace('{', '{\n\t"pointadd": true,');
      const result = rejected(runIngestionPipeline(settings, post(message)));
      expect(result).toMatchObject({
        statusCode: 422,
        errorCode: 'MISSING_ATTRIBUTE',
        outcome: 'INVALID_EVENT',
        responseBody: ERROR,
      });
      expect(result.reason).toBe(
        'customer: required but missing; it is the external id of the loyalty member; ' +
          'data.points: "the number of points you wish to add" is not a number',
      );
      expect(result.trace.issues.map((issue) => [issue.code, issue.attribute])).toEqual([
        ['MISSING_ATTRIBUTE', 'customer'],
        ['INVALID_ATTRIBUTE', 'data.points'],
      ]);
      expect(result.trace.mapping?.[0]).toMatchObject({ from: 'clientID', found: false });
    });

    it('corrected (mapping from customer_ID, a number of points): accepted', () => {
      const corrected = {
        ...settings,
        mapping: mapping(['customer_ID', 'customer'], ['reason', 'data.reason'], ['pointstobeadded', 'data.points']),
      };
      const message = '{"pointadd":true,"customer_ID":"c-42","pointstobeadded":"100","reason":"welcome bonus"}';
      const result = accepted(runIngestionPipeline(corrected, post(message)));
      expect(result.event).toEqual({
        action: 'point_add',
        customer: 'c-42',
        data: { reason: 'welcome bonus', points: 100 },
      });
      expect(result.trace.mappedEvent).toEqual({ customer: 'c-42', data: { reason: 'welcome bonus', points: '100' } });
    });
  });

  describe('Point subtraction', () => {
    const settings = webhook(
      'point_sub',
      filterOn('body.pointsub', 'GREATER_THAN', 0),
      mapping(['clientID', 'customer'], ['reason', 'data.reason'], ['pointsub', 'data.points']),
    );
    const docMessage = `{
	"customer_ID": "ID of your customer",
	"pointsub": "the number of points you wish to subtract",
	"reason": "reason for adding the points",
}`;

    it('the doc message has a trailing comma: 400 INVALID_JSON saying so', () => {
      const result = rejected(runIngestionPipeline(settings, post(docMessage)));
      expect(result).toMatchObject({
        statusCode: 400,
        errorCode: 'INVALID_JSON',
        outcome: 'INVALID_REQUEST',
        responseBody: ERROR,
      });
      expect(result.reason).toMatch(/trailing comma/);
      expect(result.reason).toMatch(/line 5/);
    });

    it('without the comma, text is not greater than 0: FILTERED', () => {
      const result = rejected(runIngestionPipeline(settings, post(docMessage.replace('points",\n}', 'points"\n}'))));
      expect(result.errorCode).toBe('FILTERED');
      expect(result.reason).toBe(
        'body.pointsub GREATER_THAN 0: actual "the number of points you wish to subtract" is not a number',
      );
    });

    it('corrected: a numeric string passes the filter and converts', () => {
      const corrected = {
        ...settings,
        mapping: mapping(['customer_ID', 'customer'], ['reason', 'data.reason'], ['pointsub', 'data.points']),
      };
      const result = accepted(
        runIngestionPipeline(corrected, post('{"customer_ID":"c-42","pointsub":"25","reason":"redeemed"}')),
      );
      expect(result.event).toEqual({ action: 'point_sub', customer: 'c-42', data: { reason: 'redeemed', points: 25 } });
    });
  });

  describe('Checkout accept', () => {
    const settings = webhook(
      'checkout_accept',
      filterOn('body.checkoutaccept', 'EXISTS'),
      mapping(['clientID', 'customer'], ['transaction_id', 'data.transaction_id'], ['total', 'data.total']),
    );
    const docMessage = `{
	"customer_ID": "ID of your customer",
	"transaction_id": "ID",
	"total": "total value of the transaction"
}`;

    it('the doc message has no "checkoutaccept": FILTERED', () => {
      expect(rejected(runIngestionPipeline(settings, post(docMessage))).reason).toBe(
        'body.checkoutaccept EXISTS: missing',
      );
    });

    it('with "checkoutaccept": MISSING_ATTRIBUTE naming customer, and the total is not a number', () => {
      const result = rejected(runIngestionPipeline(settings, post(docMessage.replace('{', '{"checkoutaccept":1,'))));
      expect(result.errorCode).toBe('MISSING_ATTRIBUTE');
      expect(result.reason).toMatch(/^customer: required but missing/);
      expect(result.reason).toContain('data.total: "total value of the transaction" is not a number');
    });

    it('corrected: accepted', () => {
      const corrected = {
        ...settings,
        mapping: mapping(
          ['customer_ID', 'customer'],
          ['transaction_id', 'data.transaction_id'],
          ['total', 'data.total'],
        ),
      };
      const result = accepted(
        runIngestionPipeline(
          corrected,
          post('{"checkoutaccept":true,"customer_ID":"c-42","transaction_id":"T-1001","total":"59.90"}'),
        ),
      );
      expect(result.event).toEqual({
        action: 'checkout_accept',
        customer: 'c-42',
        data: { transaction_id: 'T-1001', total: 59.9 },
      });
    });
  });

  describe('Checkout accept item', () => {
    const rows: [string, string][] = [
      ['clientID', 'customer'],
      ['transaction_id', 'data.transaction_id'],
      ['total', 'data.total'],
      ['product_id', 'data.product_id'],
      ['subtotal', 'data.subtotal'],
      ['quantity', 'data.quantity'],
    ];
    const settings = webhook('checkout_accept_item', filterOn('body.checkoutacceptitem', 'EXISTS'), mapping(...rows));
    const docMessage = `{
	"customer_ID": "ID of your customer",
	"transaction_id": "ID",
	"total": "total value of the transaction",
	"product_id": "find this string under transaction details",
	"subtotal": "find this under transaction details",
	"quantity": "find this under transaction details"
}`;

    it('the doc message has no "checkoutacceptitem": FILTERED', () => {
      expect(rejected(runIngestionPipeline(settings, post(docMessage))).reason).toBe(
        'body.checkoutacceptitem EXISTS: missing',
      );
    });

    it('with "checkoutacceptitem": every issue reported, customer first', () => {
      const result = rejected(
        runIngestionPipeline(settings, post(docMessage.replace('{', '{"checkoutacceptitem":"yes",'))),
      );
      expect(result.errorCode).toBe('MISSING_ATTRIBUTE');
      expect(result.trace.issues.map((issue) => issue.attribute)).toEqual([
        'customer',
        'data.quantity',
        'data.subtotal',
        'data.total',
      ]);
    });

    it('corrected: accepted', () => {
      const corrected = { ...settings, mapping: mapping(['customer_ID', 'customer'], ...rows.slice(1)) };
      const message = JSON.stringify({
        checkoutacceptitem: true,
        customer_ID: 'c-42',
        transaction_id: 'T-1001',
        total: 19.98,
        product_id: 'SKU-7',
        subtotal: '19.98',
        quantity: '2',
      });
      expect(accepted(runIngestionPipeline(corrected, post(message))).event).toEqual({
        action: 'checkout_accept_item',
        customer: 'c-42',
        data: { transaction_id: 'T-1001', total: 19.98, product_id: 'SKU-7', subtotal: 19.98, quantity: 2 },
      });
    });
  });

  describe('Assigning labels upon opt-in', () => {
    const rows: [string, string][] = [
      ['optin_labels', 'data.email'],
      ['first_name', 'data.first_name'],
      ['last_name', 'data.last_name'],
      ['labels', 'data.labels'],
    ];
    const settings = webhook(
      'opt_in',
      filterOn('body.optin_labels', 'EXISTS'),
      mapping(['customerID', 'customer'], ...rows),
    );
    const docMessage = `{
    "customer_id": "Customer_with_webhooklabel",
    "optin_labels": "webhooklabel@antavo.com",
    "first_name": "Hooklabel",
    "last_name": "Webhook",
    "labels": [
        "Webhooklabel"
    ]
}`;

    it('the doc maps customerID but sends customer_id: MISSING_ATTRIBUTE naming customer', () => {
      const result = rejected(runIngestionPipeline(settings, post(docMessage)));
      expect(result).toMatchObject({
        statusCode: 422,
        errorCode: 'MISSING_ATTRIBUTE',
        outcome: 'INVALID_EVENT',
        reason: 'customer: required but missing; it is the external id of the loyalty member',
        responseBody: ERROR,
        extraHeaders: { 'X-Webhook-Error': 'MISSING_ATTRIBUTE' },
      });
      expect(result.trace.filter?.passed).toBe(true);
      expect(result.trace.mapping?.[0]).toMatchObject({ from: 'customerID', to: 'customer', found: false });
    });

    it('corrected: accepted, enrols the customer with the label, answers the success body', () => {
      const corrected = { ...settings, mapping: mapping(['customer_id', 'customer'], ...rows) };
      const result = accepted(runIngestionPipeline(corrected, post(docMessage)));
      expect(result.event).toEqual({
        action: 'opt_in',
        customer: 'Customer_with_webhooklabel',
        data: {
          email: 'webhooklabel@antavo.com',
          first_name: 'Hooklabel',
          last_name: 'Webhook',
          labels: ['Webhooklabel'],
        },
      });
      const rule = decideEventEffect(result.event.action, result.event, null);
      expect(rule).toMatchObject({ ok: true, effect: { createMember: true, addLabels: ['Webhooklabel'] } });
      expect(finishWithRule(corrected, result, { ok: true, eventId: 'evt_1' })).toMatchObject({
        kind: 'processed',
        statusCode: 200,
        outcome: 'PROCESSED',
        responseBody: SUCCESS,
        extraHeaders: {},
      });
    });
  });

  it('the doc responses are not JSON, and say why', () => {
    const parsed = parseJsonText("{'ok':true}");
    expect(parsed.ok).toBe(false);
  });
});

const basic = webhook('point_add', null, mapping(['id', 'customer'], ['points', 'data.points']));
const validBody = '{"id":"c-1","points":5}';

describe('request checks, in order', () => {
  it('405 for another method: generic body, Allow header, NOT_ROUTABLE', () => {
    const result = rejected(runIngestionPipeline(basic, post(validBody, { method: 'PUT', contentType: 'text/plain' })));
    expect(result).toEqual({
      kind: 'rejected',
      statusCode: 405,
      errorCode: 'METHOD_NOT_ALLOWED',
      outcome: 'NOT_ROUTABLE',
      reason: 'This webhook accepts POST requests, not PUT.',
      responseBody:
        '{"ok":false,"error":{"code":"METHOD_NOT_ALLOWED","message":"This webhook accepts POST requests, not PUT."}}',
      extraHeaders: { 'X-Webhook-Error': 'METHOD_NOT_ALLOWED', Allow: 'POST' },
      trace: {
        verification: null,
        idempotency: null,
        filter: null,
        mapping: null,
        mappedEvent: null,
        convertedEvent: null,
        issues: [],
      },
    });
  });

  it('accepts the configured method whatever its case', () => {
    expect(runIngestionPipeline({ ...basic, method: 'PUT' }, post(validBody, { method: 'put' })).kind).toBe('accepted');
  });

  it('413 before the Content-Type (sender-auth.md: size, verification, idempotency, then 415)', () => {
    const result = rejected(
      runIngestionPipeline(basic, post('not json', { contentType: 'text/plain', bodyTooLarge: true })),
    );
    expect(result).toMatchObject({ statusCode: 413, errorCode: 'PAYLOAD_TOO_LARGE' });
  });

  it('415 before parsing the body', () => {
    const result = rejected(runIngestionPipeline(basic, post('not json', { contentType: 'text/plain' })));
    expect(result).toMatchObject({
      statusCode: 415,
      errorCode: 'UNSUPPORTED_MEDIA_TYPE',
      outcome: 'INVALID_REQUEST',
      responseBody: ERROR,
    });
  });

  it('413 when the body was too large', () => {
    const result = rejected(runIngestionPipeline(basic, post('', { bodyTooLarge: true, bodyLimitBytes: 1024 * 1024 })));
    expect(result).toMatchObject({
      statusCode: 413,
      errorCode: 'PAYLOAD_TOO_LARGE',
      outcome: 'INVALID_REQUEST',
      reason: 'The body is larger than the limit of 1 MiB.',
      responseBody: ERROR,
      extraHeaders: { 'X-Webhook-Error': 'PAYLOAD_TOO_LARGE' },
    });
  });

  it.each<[string, RegExp]>([
    ['', /empty/],
    ['   ', /empty/],
    ["{'a':1}", /Single quotes/],
    ['{"a":1,}', /trailing comma/],
    ['{"a":', /Not valid JSON/],
    ['[1,2]', /must be a JSON object.*it is a list/],
    ['"text"', /it is a text/],
    ['42', /it is a number/],
    ['true', /it is a boolean/],
    ['null', /it is null/],
  ])('400 INVALID_JSON for %j', (rawBody, reason) => {
    const result = rejected(runIngestionPipeline(basic, post(rawBody)));
    expect(result).toMatchObject({
      statusCode: 400,
      errorCode: 'INVALID_JSON',
      outcome: 'INVALID_REQUEST',
      responseBody: ERROR,
    });
    expect(result.reason).toMatch(reason);
  });

  it('408 when the body did not arrive in time, before looking at its size', () => {
    const result = rejected(
      runIngestionPipeline(basic, post('{"id":', { bodyTimedOut: true, bodyTimeoutMs: 10_000, bodyTooLarge: true })),
    );
    expect(result).toMatchObject({
      statusCode: 408,
      errorCode: 'REQUEST_TIMEOUT',
      outcome: 'INVALID_REQUEST',
      reason: 'The body did not arrive in full within 10 s; send the whole request at once.',
      responseBody: ERROR,
      extraHeaders: { 'X-Webhook-Error': 'REQUEST_TIMEOUT' },
    });
  });

  it.each<[string, string]>([
    ['objects', '{"a":'.repeat(65) + '1' + '}'.repeat(65)],
    ['lists', '{"a":' + '['.repeat(64) + ']'.repeat(64) + '}'],
    ['5,000 levels', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
    ['unclosed brackets', '{"a":' + '['.repeat(100_000)],
  ])('400 INVALID_JSON for JSON nested deeper than 64 levels (%s), before parsing', (_name, rawBody) => {
    const result = rejected(runIngestionPipeline(basic, post(rawBody)));
    expect(result).toMatchObject({
      statusCode: 400,
      errorCode: 'INVALID_JSON',
      reason: 'The JSON nests objects and lists more than 64 levels deep; at most 64 are allowed.',
    });
  });

  it('accepts 64 levels, and brackets inside strings do not count', () => {
    const deep = '{"id":"c-1","points":5,"x":' + '['.repeat(63) + ']'.repeat(63) + '}';
    expect(runIngestionPipeline(basic, post(deep)).kind).toBe('accepted');
    const quoted = JSON.stringify({ id: 'c-1', points: 5, text: '{['.repeat(1_000) + '\\"' });
    expect(runIngestionPipeline(basic, post(quoted)).kind).toBe('accepted');
  });

  it('ignores a byte-order mark', () => {
    expect(runIngestionPipeline(basic, post(`\uFEFF${validBody}`)).kind).toBe('accepted');
  });

  it('uses the default error body when none is configured', () => {
    const result = rejected(runIngestionPipeline({ ...basic, errorResponse: null }, post('[]')));
    expect(JSON.parse(result.responseBody)).toEqual({
      ok: false,
      error: { code: 'INVALID_JSON', message: result.reason },
    });
  });

  it('422 UNKNOWN_EVENT for an action missing from the catalogue', () => {
    const result = rejected(runIngestionPipeline({ ...basic, action: 'teleport' }, post(validBody)));
    expect(result).toMatchObject({
      statusCode: 422,
      errorCode: 'UNKNOWN_EVENT',
      outcome: 'INVALID_EVENT',
      reason: 'The event "teleport" does not exist.',
    });
  });

  it('422 INVALID_ATTRIBUTE names the attribute and the value', () => {
    const result = rejected(runIngestionPipeline(basic, post('{"id":"c-1","points":"lots"}')));
    expect(result).toMatchObject({
      statusCode: 422,
      errorCode: 'INVALID_ATTRIBUTE',
      reason: 'data.points: "lots" is not a number',
    });
  });
});

describe('bodyFormatOf / contentTypeProblem', () => {
  it.each<[string | undefined, 'json' | 'form' | null]>([
    ['application/json', 'json'],
    ['Application/JSON', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['application/json;charset="UTF-8"', 'json'],
    ['application/json; charset=utf8', 'json'],
    ['application/vnd.api+json', 'json'],
    ['application/cloudevents+json; charset=utf-8', 'json'],
    ['application/json; boundary=x', 'json'],
    ['application/x-www-form-urlencoded', 'form'],
    ['Application/X-WWW-Form-Urlencoded', 'form'],
    ['application/x-www-form-urlencoded; charset=UTF-8', 'form'],
    [undefined, null],
    ['', null],
    ['text/plain', null],
    ['text/json', null],
    ['application/jsonp', null],
    ['application/json; charset=iso-8859-1', null],
    ['application/x-www-form-urlencoded; charset=iso-8859-1', null],
    ['application/form-urlencoded', null],
    ['multipart/form-data; boundary=x', null],
  ])('%j → %s', (contentType, format) => {
    const result = bodyFormatOf(contentType);
    const problem = contentTypeProblem(contentType);
    expect(typeof result === 'string' ? result : null).toBe(format);
    expect(problem === null).toBe(format !== null);
    if (format === null) expect(problem).toMatch(/Content-Type|charset/);
  });

  it('names both accepted types when refusing one', () => {
    expect(contentTypeProblem('text/plain')).toBe(
      'Content-Type "text/plain" is not supported; send JSON with "Content-Type: application/json" or a form with ' +
        '"Content-Type: application/x-www-form-urlencoded".',
    );
    expect(contentTypeProblem(undefined)).toMatch(/^The request has no Content-Type; send JSON .* or a form with/);
    expect(contentTypeProblem('application/x-www-form-urlencoded; charset=latin1')).toBe(
      'The charset "latin1" is not supported; send the body as UTF-8 (charset=utf-8).',
    );
  });
});

describe('form bodies', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const form = (rawBody: string, changes: Partial<IngestionRequest> = {}) =>
    post(rawBody, { contentType: FORM, headers: { 'content-type': FORM }, ...changes });
  const settings = webhook(
    'point_add',
    filterOn('body.status', 'EQUALS', 'paid'),
    mapping(['customer_id', 'customer'], ['points', 'data.points'], ['note', 'data.reason']),
  );

  it('are read into an object that filters and mappings use like JSON', () => {
    const result = accepted(
      runIngestionPipeline(settings, form('status=paid&customer_id=c-1&points=12.5&note=Thank+you%21')),
    );
    expect(result.event).toEqual({
      action: 'point_add',
      customer: 'c-1',
      data: { points: 12.5, reason: 'Thank you!' },
    });
  });

  it('a filter that does not match is FILTERED as with JSON', () => {
    const result = rejected(runIngestionPipeline(settings, form('status=pending&customer_id=c-1&points=1')));
    expect(result).toMatchObject({
      statusCode: 422,
      errorCode: 'FILTERED',
      reason: 'body.status EQUALS "paid": actual "pending" is different',
    });
  });

  it('an empty form is {}: the mapping then misses the customer', () => {
    const result = rejected(runIngestionPipeline(webhook('point_add', null, settings.mapping), form('')));
    expect(result).toMatchObject({ statusCode: 422, errorCode: 'MISSING_ATTRIBUTE' });
    expect(result.trace.mappedEvent).toEqual({ data: {} });
  });

  it('malformed percent-encoding is 400 INVALID_REQUEST naming the field and the character', () => {
    const result = rejected(runIngestionPipeline(settings, form('status=paid&points=10%zz')));
    expect(result).toMatchObject({
      statusCode: 400,
      errorCode: 'INVALID_REQUEST',
      outcome: 'INVALID_REQUEST',
      reason:
        'The form body cannot be decoded: in the value of field "points", the "%" at character 22 of the body is ' +
        'followed by "zz", not two hex digits (a literal "%" is sent as %25).',
      responseBody: ERROR,
      extraHeaders: { 'X-Webhook-Error': 'INVALID_REQUEST' },
    });
  });

  it('a body key of idempotency is read from the form', () => {
    const keyed = { ...settings, idempotency: { key: 'body.delivery', windowHours: 24 } };
    const result = accepted(runIngestionPipeline(keyed, form('delivery=d-7&status=paid&customer_id=c-1&points=1')));
    expect(result.trace.idempotency).toEqual({ key: 'body.delivery', value: 'd-7', problem: null });
  });

  it('JSON sent as a form is a form: its text is one field name', () => {
    const result = rejected(runIngestionPipeline(settings, form('{"status":"paid"}')));
    expect(result).toMatchObject({ errorCode: 'FILTERED' });
  });
});

describe('filter tracing', () => {
  const settings = webhook(
    'point_add',
    filterOn('headers.X-Source', 'EQUALS', 'crm'),
    mapping(['id', 'customer'], ['points', 'data.points']),
  );
  const headers = { 'content-type': 'application/json', 'x-source': 'crm' };

  it('explains the filter by default (the dry run)', () => {
    const result = accepted(runIngestionPipeline(settings, post(validBody, { headers })));
    expect(result.trace.filter).toMatchObject({
      passed: true,
      conditions: [{ attribute: 'headers.X-Source', passed: true }],
    });
  });

  it('skips the trace of a passing filter when asked (the route)', () => {
    const result = accepted(runIngestionPipeline(settings, post(validBody, { headers }), { traceFilter: false }));
    expect(result.trace.filter).toBeNull();
  });

  it('still explains a failing filter when asked not to trace, without leaking the header', () => {
    const result = rejected(
      runIngestionPipeline(settings, post(validBody, { headers: { 'x-source': 'other' } }), { traceFilter: false }),
    );
    expect(result.reason).toBe('headers.X-Source EQUALS [REDACTED]: actual [REDACTED] is different');
    expect(result.trace.filter?.passed).toBe(false);
  });
});

describe('accepted trace', () => {
  it('shows every stage', () => {
    const result = accepted(runIngestionPipeline(basic, post('{"id":7,"points":"5","ignored":1}')));
    expect(result).toEqual({
      kind: 'accepted',
      event: { action: 'point_add', customer: '7', data: { points: 5 } },
      events: [{ action: 'point_add', customer: '7', data: { points: 5 } }],
      trace: {
        verification: null,
        idempotency: null,
        filter: { passed: true, conditions: [], groups: [], firstFailure: null },
        mapping: [
          { from: 'id', to: 'customer', found: true, usedDefault: false, replaced: false, value: 7 },
          { from: 'points', to: 'data.points', found: true, usedDefault: false, replaced: false, value: '5' },
        ],
        mappedEvent: { customer: 7, data: { points: '5' } },
        convertedEvent: { customer: '7', data: { points: 5 } },
        issues: [],
      },
    });
  });
});

describe('finishWithRule', () => {
  const settings = { ...basic, successResponse: null, errorResponse: null };
  const acceptedRequest = accepted(runIngestionPipeline(settings, post(validBody)));

  it('a stored event answers 200 with the default success body', () => {
    expect(finishWithRule(settings, acceptedRequest, { ok: true, eventId: 'evt_9' })).toEqual({
      kind: 'processed',
      statusCode: 200,
      outcome: 'PROCESSED',
      eventId: 'evt_9',
      responseBody: '{"ok":true,"eventId":"evt_9"}',
      extraHeaders: {},
      trace: acceptedRequest.trace,
    });
  });

  it.each(['CUSTOMER_NOT_FOUND', 'INSUFFICIENT_POINTS', 'DUPLICATE_TRANSACTION', 'INVALID_ATTRIBUTE'] as const)(
    '%s is a 422 INVALID_EVENT',
    (code) => {
      const result = finishWithRule(settings, acceptedRequest, { ok: false, code, message: 'why it was refused' });
      expect(result).toEqual({
        kind: 'rejected',
        statusCode: 422,
        errorCode: code,
        outcome: 'INVALID_EVENT',
        reason: 'why it was refused',
        responseBody: JSON.stringify({ ok: false, error: { code, message: 'why it was refused' } }),
        extraHeaders: { 'X-Webhook-Error': code },
        trace: acceptedRequest.trace,
      });
    },
  );

  it('a refusal uses the configured error body', () => {
    const result = finishWithRule(basic, acceptedRequest, { ok: false, code: 'CUSTOMER_NOT_FOUND', message: 'x' });
    expect(result).toMatchObject({ responseBody: ERROR, extraHeaders: { 'X-Webhook-Error': 'CUSTOMER_NOT_FOUND' } });
  });

  it('an event-rule refusal flows straight through', () => {
    const rule = decideEventEffect('point_add', acceptedRequest.event, null);
    if (rule.ok) throw new Error('expected a refusal');
    expect(finishWithRule(settings, acceptedRequest, rule)).toMatchObject({
      statusCode: 422,
      errorCode: 'CUSTOMER_NOT_FOUND',
    });
  });
});

describe('prototype pollution', () => {
  const hostile = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"id":"c-1","points":1}';

  it('a hostile body read by filters and mappings pollutes nothing', () => {
    const settings = webhook(
      'point_add',
      {
        join: 'AND',
        conditions: [
          { attribute: 'body.__proto__.polluted', operator: 'EQUALS', value: 1 },
          { attribute: 'body.constructor.prototype.x', operator: 'EXISTS' },
        ],
        groups: [],
      },
      [
        ...mapping(
          ['id', 'customer'],
          ['points', 'data.points'],
          ['__proto__.polluted', 'data.p'],
          ['__proto__', 'data.whole'],
        ),
        ...mapping(
          ['constructor', 'data.ctor'],
          ['__proto__.polluted', 'data.__proto__.polluted'],
          ['x', 'data.constructor.prototype.x'],
        ),
      ],
    );
    const result = accepted(runIngestionPipeline(settings, post(hostile)));
    expect(result.event.data.p).toBe(1);
    expect(result.event.data.ctor).toEqual({ prototype: { x: 1 } });
    expect(Object.getPrototypeOf(result.event.data)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.event.data.whole)).toBe(Object.prototype);
    expect(result.trace.mapping?.[5].problem).toMatch(/not allowed/);
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(JSON.stringify(result.event.data)).toBe(
      '{"points":1,"p":1,"whole":{"polluted":1},"ctor":{"prototype":{"x":1}}}',
    );
  });
});

describe('answerWithBalance', () => {
  const fill = (text: string | BalanceTemplate | null, balance: string) =>
    text === null || typeof text === 'string' ? text : fillBalance(text, balance);

  it.each([
    ['the default error body', null, '0'],
    ['the default error body', null, '12.5'],
    ['a configured error body', ERROR, '70'],
  ])('filled, it is what finishWithRule answers: %s, balance %s', (_name, errorResponse, balance) => {
    const settings = { ...basic, errorResponse };
    const acceptedRequest = accepted(runIngestionPipeline(settings, post(validBody)));
    const refusal = insufficientPoints('c "7"', 1000);
    const template = answerWithBalance(settings, refusal);
    const expected = answerOf(
      finishWithRule(settings, acceptedRequest, { ...refusal, message: fillBalance(refusal.message, balance) }),
    );
    expect({
      ...template,
      reason: fill(template.reason, balance),
      responseBody: fill(template.responseBody, balance),
    }).toEqual(expected);
  });
});

describe('sender verification and the delivery id (sender-auth.md order)', () => {
  const verdicts: Record<string, SenderVerdict> = {
    verified: { ok: true },
    missing: { ok: false, status: 401, errorCode: 'SIGNATURE_MISSING', reason: 'missing header webhook-id' },
    basic: {
      ok: false,
      status: 401,
      errorCode: 'UNAUTHENTICATED',
      reason: 'missing header authorization',
      wwwAuthenticate: 'Basic realm="intake", charset="UTF-8"',
    },
    ping: { ok: false, status: 200, ping: 'WOOCOMMERCE', reason: "WooCommerce's unsigned creation ping" },
  };
  /** A sender check that records whether it ran. */
  function sender(verdict: SenderVerdict): SenderCheck & { ran: boolean } {
    const check = {
      scheme: 'STANDARD_WEBHOOKS',
      ran: false,
      verify: () => {
        check.ran = true;
        return verdict;
      },
    };
    return check;
  }
  const withKey = (key: string): PipelineSettings => ({ ...basic, idempotency: { key, windowHours: 1 } });

  it.each<[string, Partial<IngestionRequest>, number]>([
    ['405', { method: 'PUT' }, 405],
    ['408', { bodyTimedOut: true }, 408],
    ['413', { bodyTooLarge: true }, 413],
  ])('%s comes before verification, which does not run', (_name, changes, status) => {
    const check = sender(verdicts.missing);
    const result = rejected(runIngestionPipeline(basic, post(validBody, { ...changes, sender: check })));
    expect(result.statusCode).toBe(status);
    expect(check.ran).toBe(false);
    expect(result.trace.verification).toBeNull();
  });

  it('401 before 415 and the JSON: the generic body, not the configured one; UNAUTHENTICATED', () => {
    const result = rejected(
      runIngestionPipeline(basic, post('not json', { contentType: 'text/plain', sender: sender(verdicts.missing) })),
    );
    expect(result).toMatchObject({
      statusCode: 401,
      errorCode: 'SIGNATURE_MISSING',
      outcome: 'UNAUTHENTICATED',
      reason: 'missing header webhook-id',
      responseBody: '{"ok":false,"error":{"code":"SIGNATURE_MISSING","message":"missing header webhook-id"}}',
      extraHeaders: { 'X-Webhook-Error': 'SIGNATURE_MISSING' },
    });
    expect(result.trace.verification).toEqual({
      scheme: 'STANDARD_WEBHOOKS',
      verified: false,
      errorCode: 'SIGNATURE_MISSING',
      reason: 'missing header webhook-id',
    });
  });

  it('BASIC_AUTH refusals carry the challenge', () => {
    const result = rejected(runIngestionPipeline(basic, post(validBody, { sender: sender(verdicts.basic) })));
    expect(result.extraHeaders).toEqual({
      'X-Webhook-Error': 'UNAUTHENTICATED',
      'WWW-Authenticate': 'Basic realm="intake", charset="UTF-8"',
    });
  });

  it("a sender's ping: 200, FILTERED with the reason, no X-Webhook-Error, before the Content-Type is looked at", () => {
    const result = rejected(
      runIngestionPipeline(
        basic,
        post('webhook_id=3', { contentType: 'application/x-www-form-urlencoded', sender: sender(verdicts.ping) }),
      ),
    );
    expect(result).toMatchObject({
      statusCode: 200,
      outcome: 'FILTERED',
      errorCode: 'WOOCOMMERCE_PING',
      reason: "WooCommerce's unsigned creation ping",
      responseBody: '{"ok":true,"ping":true}',
      extraHeaders: {},
    });
  });

  it('a header key is read after verification and before the Content-Type: missing is 400 with the webhook body', () => {
    const check = sender(verdicts.verified);
    const result = rejected(
      runIngestionPipeline(withKey('headers.webhook-id'), post('x', { contentType: 'text/plain', sender: check })),
    );
    expect(check.ran).toBe(true);
    expect(result).toMatchObject({
      statusCode: 400,
      outcome: 'INVALID_REQUEST',
      errorCode: 'IDEMPOTENCY_KEY_MISSING',
      responseBody: ERROR,
      extraHeaders: { 'X-Webhook-Error': 'IDEMPOTENCY_KEY_MISSING' },
    });
    expect(result.trace.verification?.verified).toBe(true);
    expect(result.trace.idempotency).toEqual({ key: 'headers.webhook-id', value: null, problem: result.reason });
  });

  it('a refused sender is answered 401 even without its delivery id', () => {
    const result = rejected(
      runIngestionPipeline(withKey('headers.webhook-id'), post(validBody, { sender: sender(verdicts.missing) })),
    );
    expect(result.statusCode).toBe(401);
    expect(result.trace.idempotency).toBeNull();
  });

  it('a body key needs the JSON: a body that is not JSON gets the JSON step’s 400', () => {
    const result = rejected(runIngestionPipeline(withKey('body.id'), post('{"id":')));
    expect(result.errorCode).toBe('INVALID_JSON');
    expect(result.trace.idempotency).toBeNull();
  });

  it('a body key is read before the filter; the accepted request carries it in its trace', () => {
    const settings = { ...withKey('body.delivery'), filter: filterOn('body.points', 'GREATER_THAN', 100) };
    const filtered = rejected(runIngestionPipeline(settings, post('{"id":"c","points":5,"delivery":"d-1"}')));
    expect(filtered.errorCode).toBe('FILTERED');
    expect(filtered.trace.idempotency).toEqual({ key: 'body.delivery', value: 'd-1', problem: null });

    const result = accepted(
      runIngestionPipeline(
        withKey('body.delivery'),
        post('{"id":"c","points":5,"delivery":"d-1"}', {
          sender: sender(verdicts.verified),
        }),
      ),
    );
    expect(result.trace.idempotency?.value).toBe('d-1');
    expect(result.trace.verification).toEqual({
      scheme: 'STANDARD_WEBHOOKS',
      verified: true,
      errorCode: null,
      reason: null,
    });
  });
});
