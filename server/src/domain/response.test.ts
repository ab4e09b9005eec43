import { describe, expect, it } from 'vitest';
import { errorResponse, successResponse } from './response.js';

describe('successResponse', () => {
  it.each<[string | null, string]>([
    [null, '{"ok":true,"eventId":"evt_1"}'],
    ['', '{"ok":true,"eventId":"evt_1"}'],
    ['  ', '{"ok":true,"eventId":"evt_1"}'],
    ['{"ok":true}', '{"ok":true}'],
    ['{ "ok" : true,\n  "ünï": "cödé" }', '{ "ok" : true,\n  "ünï": "cödé" }'],
  ])('%j → %s', (configured, body) => {
    expect(successResponse(configured, 'evt_1')).toEqual({ body });
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
    expect(errorResponse(configured, code, 'why', kind)).toEqual({ body });
  });

  it('leaves the message out when there is none (503)', () => {
    expect(errorResponse(null, 'UNAVAILABLE', '', 'generic').body).toBe('{"ok":false,"error":{"code":"UNAVAILABLE"}}');
  });

  it('escapes messages as JSON', () => {
    const body = errorResponse(null, 'INVALID_JSON', 'a "quoted"\nline', 'webhook').body;
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'INVALID_JSON', message: 'a "quoted"\nline' } });
  });
});
