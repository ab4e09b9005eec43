import { describe, expect, it } from 'vitest';
import { fillBalance } from './event-rules.js';
import { errorResponse, errorResponseWithBalance, successResponse } from './response.js';

describe('successResponse', () => {
  it.each<[string | null, string]>([
    [null, '{"ok":true,"eventId":"evt_1"}'],
    ['', '{"ok":true,"eventId":"evt_1"}'],
    ['  ', '{"ok":true,"eventId":"evt_1"}'],
    ['{"ok":true}', '{"ok":true}'],
    ['{ "ok" : true,\n  "ünï": "cödé" }', '{ "ok" : true,\n  "ünï": "cödé" }'],
  ])('%j → %s', (configured, body) => {
    expect(successResponse(configured, 'evt_1')).toBe(body);
  });
});

describe('errorResponse', () => {
  it.each<[string | null, 'webhook' | 'generic', string, string]>([
    [null, 'webhook', 'FILTERED', '{"ok":false,"error":{"code":"FILTERED","message":"why"}}'],
    ['{"notok":false}', 'webhook', 'FILTERED', '{"notok":false}'],
    [' {"notok" : false} ', 'webhook', 'INVALID_JSON', ' {"notok" : false} '],
    ['', 'webhook', 'FILTERED', '{"ok":false,"error":{"code":"FILTERED","message":"why"}}'],
    [
      '{"notok":false}',
      'generic',
      'METHOD_NOT_ALLOWED',
      '{"ok":false,"error":{"code":"METHOD_NOT_ALLOWED","message":"why"}}',
    ],
    [null, 'generic', 'NOT_FOUND', '{"ok":false,"error":{"code":"NOT_FOUND","message":"why"}}'],
  ])('%j %s %s', (configured, kind, code, body) => {
    expect(errorResponse(configured, code, 'why', kind)).toBe(body);
  });

  it('leaves the message out when there is none (503)', () => {
    expect(errorResponse(null, 'UNAVAILABLE', '', 'generic')).toBe('{"ok":false,"error":{"code":"UNAVAILABLE"}}');
  });

  it('escapes messages as JSON', () => {
    const body = errorResponse(null, 'INVALID_JSON', 'a "quoted"\nline', 'webhook');
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'INVALID_JSON', message: 'a "quoted"\nline' } });
  });
});

describe('errorResponseWithBalance', () => {
  const messages = [
    { before: 'customer "x" has ', after: ' points; cannot subtract 5' },
    { before: 'a\\b "q" \u0001 ünï 😀 ', after: ' \n</script> \u2028' },
    { before: '', after: '' },
  ];
  const balances = ['0', '100', '0.25', '99999999999999.9999', '-1'];

  it.each(messages.flatMap((message) => balances.map((balance) => [message, balance] as const)))(
    '%j filled with %s is the body of the filled message',
    (message, balance) => {
      const body = errorResponseWithBalance(null, 'INSUFFICIENT_POINTS', message);
      expect(typeof body).toBe('object');
      const filled = fillBalance(message, balance);
      expect(fillBalance(body as { before: string; after: string }, balance)).toBe(
        errorResponse(null, 'INSUFFICIENT_POINTS', filled, 'webhook'),
      );
    },
  );

  it('keeps a configured body as it is', () => {
    expect(errorResponseWithBalance('{"notok":false}', 'INSUFFICIENT_POINTS', messages[0])).toBe('{"notok":false}');
  });
});
