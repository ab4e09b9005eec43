import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_MAX_LENGTH, idempotencyKeySource, readIdempotencyKey } from './idempotency-key.js';
import type { JsonObject } from './types.js';

const read = (key: string, headers: Record<string, string | string[] | undefined>, body?: JsonObject) =>
  readIdempotencyKey(key, idempotencyKeySource(key)!, { headers, body });

describe('readIdempotencyKey', () => {
  it.each<[string, string, Record<string, string | string[] | undefined>, JsonObject | undefined, string]>([
    ['a header', 'headers.webhook-id', { 'webhook-id': 'msg_1' }, undefined, 'msg_1'],
    ['a header named in any case', 'headers.X-GitHub-Delivery', { 'x-github-delivery': 'abc' }, undefined, 'abc'],
    ['a header trimmed', 'headers.webhook-id', { 'webhook-id': '  msg_2 ' }, undefined, 'msg_2'],
    ['a repeated header with one value', 'headers.webhook-id', { 'webhook-id': ['m', 'm'] }, undefined, 'm'],
    ['a body text', 'body.id', {}, { id: 'evt_1' }, 'evt_1'],
    ['a nested body path', 'body.meta.delivery', {}, { meta: { delivery: 'd-9' } }, 'd-9'],
    ['a list index', 'body.items.0', {}, { items: ['first'] }, 'first'],
    ['a body number', 'body.id', {}, { id: 42 }, '42'],
    ['the longest allowed', 'body.id', {}, { id: 'x'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH) }, 'x'.repeat(256)],
  ])('reads %s', (_name, key, headers, body, value) => {
    expect(read(key, headers, body)).toEqual({ ok: true, value });
  });

  it.each<[string, string, Record<string, string | string[] | undefined>, JsonObject | undefined, string, RegExp]>([
    ['an absent header', 'headers.webhook-id', {}, undefined, 'IDEMPOTENCY_KEY_MISSING', /absent or empty/],
    ['an empty header', 'headers.webhook-id', { 'webhook-id': '  ' }, undefined, 'IDEMPOTENCY_KEY_MISSING', /empty/],
    [
      'a header repeated with different values',
      'headers.webhook-id',
      { 'webhook-id': ['a', 'b'] },
      undefined,
      'IDEMPOTENCY_KEY_INVALID',
      /repeated with different values/,
    ],
    ['a missing body attribute', 'body.id', {}, { other: 1 }, 'IDEMPOTENCY_KEY_MISSING', /no such attribute/],
    ['a null', 'body.id', {}, { id: null }, 'IDEMPOTENCY_KEY_MISSING', /empty/],
    ['an empty text', 'body.id', {}, { id: '' }, 'IDEMPOTENCY_KEY_MISSING', /empty/],
    ['an object', 'body.id', {}, { id: { a: 1 } }, 'IDEMPOTENCY_KEY_INVALID', /an object, not a text or number/],
    ['a list', 'body.id', {}, { id: [1] }, 'IDEMPOTENCY_KEY_INVALID', /a list/],
    ['a boolean', 'body.id', {}, { id: true }, 'IDEMPOTENCY_KEY_INVALID', /a boolean/],
    ['an inherited name', 'body.toString', {}, {}, 'IDEMPOTENCY_KEY_MISSING', /no such attribute/],
    [
      'a text too long',
      'body.id',
      {},
      { id: 'x'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1) },
      'IDEMPOTENCY_KEY_INVALID',
      /257 characters long; a delivery id has at most 256/,
    ],
  ])('refuses %s', (_name, key, headers, body, code, reason) => {
    const reading = read(key, headers, body);
    expect(reading).toMatchObject({ ok: false, code });
    if (!reading.ok) {
      expect(reading.reason).toMatch(reason);
      expect(reading.reason).toContain(key);
    }
  });
});
