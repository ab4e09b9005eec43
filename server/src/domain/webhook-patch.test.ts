import { describe, expect, it } from 'vitest';
import type { WebhookSettings } from './types.js';
import { applyPatch, CLEARABLE_FIELDS, type WebhookPatch } from './webhook-patch.js';
import { validateWebhookPatch } from './webhook-validation.js';
import { ValidationError } from './errors.js';

function current(): WebhookSettings {
  return {
    name: 'Points',
    method: 'POST',
    endpoint: 'points',
    filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }], groups: [] },
    action: 'point_add',
    mapping: [
      { from: 'id', to: 'customer', replace: [] },
      { from: 'amount', to: 'data.points', replace: [] },
    ],
    successResponse: '{"ok":true}',
    errorResponse: '{"ok":false}',
    verification: { scheme: 'NONE' },
    idempotency: { key: 'headers.webhook-id', windowHours: 168 },
  };
}

const FIELDS = Object.keys(current()) as (keyof WebhookSettings)[];

describe('applyPatch: absent keeps, null clears, a value sets', () => {
  it('an empty patch keeps everything', () => {
    expect(applyPatch(current(), {})).toEqual(current());
  });

  it.each(FIELDS)('an explicitly undefined %s keeps the value (same as absent)', (field) => {
    expect(applyPatch(current(), { [field]: undefined } as WebhookPatch)).toEqual(current());
  });

  it.each(['filter', 'successResponse', 'errorResponse', 'idempotency'] as const)(
    'null clears %s and keeps the rest',
    (field) => {
      const next = applyPatch(current(), { [field]: null });
      expect(next[field]).toBeNull();
      for (const other of FIELDS.filter((f) => f !== field)) expect(next[other]).toEqual(current()[other]);
    },
  );

  it.each<[keyof WebhookSettings, WebhookSettings[keyof WebhookSettings]]>([
    ['name', 'Renamed'],
    ['method', 'PUT'],
    ['endpoint', 'other'],
    ['filter', { join: 'OR', conditions: [{ attribute: 'headers.x-env', operator: 'EXISTS' }], groups: [] }],
    ['action', 'point_sub'],
    ['mapping', [{ from: 'who', to: 'customer', replace: [] }]],
    ['successResponse', '{"done":1}'],
    ['errorResponse', '{"failed":1}'],
    ['verification', { scheme: 'GITHUB' }],
    ['idempotency', { key: 'body.id', windowHours: 24 }],
  ])('a value sets %s and keeps the rest', (field, value) => {
    const next = applyPatch(current(), { [field]: value } as WebhookPatch);
    expect(next[field]).toEqual(value);
    for (const other of FIELDS.filter((f) => f !== field)) expect(next[other]).toEqual(current()[other]);
  });

  it('applies several keys at once, mixing set, clear and keep', () => {
    const next = applyPatch(current(), { name: 'New', filter: null, successResponse: undefined });
    expect(next).toEqual({ ...current(), name: 'New', filter: null });
  });

  it('does not change the settings it was given', () => {
    const before = current();
    const snapshot = structuredClone(before);
    applyPatch(before, { name: 'X', filter: null, mapping: [] });
    expect(before).toEqual(snapshot);
  });

  it('an empty mapping list is a value (it sets no rows), not a clear', () => {
    expect(applyPatch(current(), { mapping: [] }).mapping).toEqual([]);
  });
});

describe('which fields null may clear', () => {
  it('only filter, successResponse, errorResponse, idempotency and splitOn are clearable', () => {
    expect([...CLEARABLE_FIELDS].sort()).toEqual([
      'errorResponse',
      'filter',
      'idempotency',
      'splitOn',
      'successResponse',
    ]);
  });

  it.each(CLEARABLE_FIELDS)('validation lets null clear %s', (field) => {
    expect(() => validateWebhookPatch({ [field]: null })).not.toThrow();
  });

  it.each(FIELDS.filter((f) => !(CLEARABLE_FIELDS as readonly string[]).includes(f)))(
    'validation refuses null for %s',
    (field) => {
      let caught: unknown;
      try {
        validateWebhookPatch({ [field]: null } as WebhookPatch);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).field).toBe(`input.${field}`);
      expect((caught as ValidationError).message).toMatch(
        field === 'verification' ? /cannot be cleared; choose the scheme NONE/ : /cannot be cleared/,
      );
    },
  );

  it('absent keys are not validated at all', () => {
    expect(() => validateWebhookPatch({})).not.toThrow();
    expect(() => validateWebhookPatch({ name: undefined, endpoint: undefined })).not.toThrow();
  });
});
