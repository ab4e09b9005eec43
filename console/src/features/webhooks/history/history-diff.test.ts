import { describe, expect, it } from 'vitest';
import { diffField, restorePlan, type HistoryEntryData } from './history-diff';

const row = (from: string, to: string, extra: Record<string, unknown> = {}) => ({ from, to, replace: [], ...extra });

describe('diffField', () => {
  it.each([
    ['name', 'Old', 'New', [{ kind: 'changed', label: 'Name', before: 'Old', after: 'New' }]],
    ['splitOn', null, 'body.items', [{ kind: 'added', label: 'Split into items', after: 'body.items' }]],
    ['splitOn', 'body.items', null, [{ kind: 'removed', label: 'Split into items', before: 'body.items' }]],
    ['successResponse', null, '{"ok":true}', [{ kind: 'added', label: 'Success response', after: '{"ok":true}' }]],
  ])('%s: %j → %j', (field, before, after, lines) => {
    expect(diffField({ field, before, after }).lines).toEqual(lines);
  });

  it('reads nested filter groups as sentences under their group', () => {
    const before = {
      join: 'AND',
      conditions: [{ attribute: 'body.event', operator: 'EQUALS', value: 'purchase' }],
      groups: [
        {
          join: 'OR',
          conditions: [
            { attribute: 'body.country', operator: 'EQUALS', value: 'DE' },
            { attribute: 'body.total', operator: 'GREATER_THAN', value: 10 },
          ],
          groups: [],
        },
      ],
    };
    const after = {
      join: 'AND',
      conditions: [{ attribute: 'body.event', operator: 'EQUALS', value: 'purchase' }],
      groups: [
        {
          join: 'AND',
          conditions: [
            { attribute: 'body.country', operator: 'EQUALS', value: 'DE' },
            { attribute: 'body.total', operator: 'GREATER_THAN', value: 20 },
            { attribute: 'body.email', operator: 'EXISTS' },
          ],
          groups: [],
        },
      ],
    };
    expect(diffField({ field: 'filter', before, after })).toEqual({
      field: 'filter',
      title: 'Filter',
      lines: [
        { kind: 'changed', label: 'Filter, group 1: join', before: 'OR', after: 'AND' },
        { kind: 'added', label: 'Filter, group 1: condition', after: 'body.total is greater than 20' },
        { kind: 'added', label: 'Filter, group 1: condition', after: 'body.email exists' },
        { kind: 'removed', label: 'Filter, group 1: condition', before: 'body.total is greater than 10' },
      ],
    });
  });

  it('adds every line of a filter that was not there, and removes every line of one cleared', () => {
    const filter = {
      join: 'AND',
      conditions: [{ attribute: 'headers.x-kind', operator: 'EQUALS', value: 'a' }],
      groups: [],
    };
    expect(diffField({ field: 'filter', before: null, after: filter }).lines.map((line) => line.kind)).toEqual([
      'added',
      'added',
    ]);
    expect(diffField({ field: 'filter', before: filter, after: null }).lines.map((line) => line.kind)).toEqual([
      'removed',
      'removed',
    ]);
  });

  it('matches mapping rows by their target, so a row added first does not read as every row changed', () => {
    const before = [row('id', 'customer'), row('amount', 'data.points', { default: 0 })];
    const after = [
      row('label', 'data.label', { expression: '$uppercase($)' }),
      row('user.id', 'customer'),
      row('amount', 'data.points', { default: 0, replace: [{ value: 'none', replacement: 0 }] }),
    ];
    expect(diffField({ field: 'mapping', before, after }).lines).toEqual([
      { kind: 'added', label: 'Mapping to data.label, From', after: '"label"' },
      { kind: 'added', label: 'Mapping to data.label, expression', after: '$uppercase($)' },
      { kind: 'changed', label: 'Mapping to customer, From', before: '"id"', after: '"user.id"' },
      { kind: 'added', label: 'Mapping to data.points, replace', after: '"none" → 0' },
    ]);
  });

  it('names authentication and idempotency settings in the editor’s words', () => {
    expect(
      diffField({
        field: 'idempotency',
        before: { key: 'headers.webhook-id', windowHours: 24 },
        after: { key: 'headers.webhook-id', windowHours: 48 },
      }).lines,
    ).toEqual([{ kind: 'changed', label: 'Idempotency, window (hours)', before: '24', after: '48' }]);
    expect(
      diffField({ field: 'verification', before: { scheme: 'NONE' }, after: { scheme: 'API_KEY', header: 'x-key' } })
        .lines,
    ).toEqual([
      { kind: 'changed', label: 'Authentication, scheme', before: 'NONE', after: 'API_KEY' },
      { kind: 'added', label: 'Authentication, header', after: 'x-key' },
    ]);
  });
});

describe('restorePlan', () => {
  const history: HistoryEntryData[] = [
    { version: 4, changes: [{ field: 'status', before: 'INACTIVE', after: 'ACTIVE' }] },
    {
      version: 3,
      changes: [
        { field: 'name', before: 'Second', after: 'Third' },
        { field: 'mapping', before: [row('id', 'customer')], after: [row('uid', 'customer')] },
      ],
    },
    { version: 2, changes: [{ field: 'name', before: 'First', after: 'Second' }] },
    {
      version: 1,
      changes: [
        { field: 'name', before: null, after: 'First' },
        { field: 'mapping', before: null, after: [row('id', 'customer')] },
      ],
    },
  ];

  it('gives every setting changed since the version the value it had then, taken before its earliest later change', () => {
    expect(restorePlan(history, 1)).toEqual({
      kind: 'restore',
      input: { name: 'First', mapping: [row('id', 'customer')] },
      fields: ['name', 'mapping'],
    });
    expect(restorePlan(history, 2)).toEqual({
      kind: 'restore',
      input: { name: 'Second', mapping: [row('id', 'customer')] },
      fields: ['name', 'mapping'],
    });
  });

  it('has nothing to restore when only the status changed since, or a setting was changed back', () => {
    expect(restorePlan(history, 3)).toEqual({ kind: 'current' });
    expect(restorePlan(history, 4)).toEqual({ kind: 'current' });
    const changedBack: HistoryEntryData[] = [
      { version: 3, changes: [{ field: 'name', before: 'B', after: 'A' }] },
      { version: 2, changes: [{ field: 'name', before: 'A', after: 'B' }] },
    ];
    expect(restorePlan(changedBack, 1)).toEqual({ kind: 'current' });
  });

  it('refuses a filter whose token the history kept out', () => {
    const redacted: HistoryEntryData[] = [
      {
        version: 2,
        changes: [
          {
            field: 'filter',
            before: {
              join: 'AND',
              conditions: [{ attribute: 'headers.x-token', operator: 'EQUALS', value: '[REDACTED]' }],
              groups: [],
            },
            after: null,
          },
        ],
      },
    ];
    expect(restorePlan(redacted, 1)).toMatchObject({ kind: 'impossible' });
  });

  it('restores a cleared setting as cleared (null), and a missing authentication as none', () => {
    const entries: HistoryEntryData[] = [
      {
        version: 2,
        changes: [
          { field: 'splitOn', before: null, after: 'body.items' },
          { field: 'verification', before: null, after: { scheme: 'API_KEY', header: 'x-api-key' } },
        ],
      },
    ];
    expect(restorePlan(entries, 1)).toEqual({
      kind: 'restore',
      input: { splitOn: null, verification: { scheme: 'NONE' } },
      fields: ['splitOn', 'verification'],
    });
  });
});
