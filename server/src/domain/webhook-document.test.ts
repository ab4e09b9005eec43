import { describe, expect, expectTypeOf, it } from 'vitest';
import { WEBHOOK_SETTINGS_FIELDS } from '@intake/rules';
import { ValidationError } from './errors.js';
import type { WebhookSettings } from './types.js';
import {
  documentPath,
  documentWebhook,
  readWebhookDocument,
  SECRET_PLACEHOLDER,
  webhookDocument,
  type ExportedWebhook,
} from './webhook-document.js';
import { planWebhookImport, type ImportTarget } from './webhook-import-plan.js';

function settings(overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  return {
    name: 'Shop points',
    method: 'POST',
    endpoint: 'shop',
    filter: {
      join: 'AND',
      conditions: [
        { attribute: 'headers.x-token', operator: 'EQUALS', value: 's3cret' },
        { attribute: 'body.kind', operator: 'EQUALS', value: 'add' },
      ],
      groups: [
        { join: 'OR', conditions: [{ attribute: 'body.api_key', operator: 'IN', value: ['k1', 'k2'] }], groups: [] },
      ],
    },
    action: 'point_add',
    mapping: [
      { from: 'client.id', to: 'customer', replace: [] },
      { from: 'points', to: 'data.points', default: 1, replace: [{ value: 'ten', replacement: 10 }] },
    ],
    successResponse: '{"ok":true}',
    errorResponse: null,
    verification: { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 300 },
    idempotency: { key: 'headers.webhook-id', windowHours: 168 },
    ...overrides,
  };
}

function exported(overrides: Partial<ExportedWebhook> = {}): ExportedWebhook {
  return { ...settings(), status: 'ACTIVE', liveSecrets: 2, ...overrides };
}

function target(overrides: Partial<ImportTarget> = {}): ImportTarget {
  return { ...settings(), id: 'wh-1', status: 'ACTIVE', version: 3, liveSecrets: 1, ...overrides };
}

function document(webhooks: unknown[], extra: Record<string, unknown> = {}) {
  return { format: 'intake.webhooks', version: 1, exportedAt: '2026-12-01T00:00:00.000Z', webhooks, ...extra };
}

/** The issues a document is refused with, as [field, message] pairs. */
function issuesOf(value: unknown, targets: ImportTarget[] = []): [string, string][] {
  try {
    planWebhookImport(value, targets);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((issue) => [issue.field, issue.message]);
    throw error;
  }
  return [];
}

describe('the exported document', () => {
  it('holds every setting, the status, secrets counted and secret filter values as placeholders', () => {
    const entry = documentWebhook(exported());
    expect(Object.keys(entry)).toEqual([
      'name',
      'method',
      'endpoint',
      'status',
      ...WEBHOOK_SETTINGS_FIELDS.filter((field) => !['name', 'method', 'endpoint'].includes(field)),
      'secrets',
      'filterSecrets',
    ]);
    expect(entry.filter).toEqual({
      join: 'AND',
      conditions: [
        { attribute: 'headers.x-token', operator: 'EQUALS', value: SECRET_PLACEHOLDER },
        { attribute: 'body.kind', operator: 'EQUALS', value: 'add' },
      ],
      groups: [
        {
          join: 'OR',
          conditions: [{ attribute: 'body.api_key', operator: 'IN', value: SECRET_PLACEHOLDER }],
          groups: [],
        },
      ],
    });
    expect(entry.secrets).toMatchObject({ count: 2 });
    expect(entry.filterSecrets).toMatchObject({ count: 2 });
    expect(JSON.stringify(entry)).not.toMatch(/s3cret|"k1"/);
  });

  it('carries mapping settings it does not know of as they are (an expression here)', () => {
    const mapping = [{ from: 'total', to: 'data.points', replace: [], expression: '$ * 2' }];
    expect(documentWebhook(exported({ mapping })).mapping).toEqual(mapping);
  });

  it('leaves the secrets note out for a webhook that verifies nobody and has no secret', () => {
    const entry = documentWebhook(exported({ verification: { scheme: 'NONE' }, liveSecrets: 0, filter: null }));
    expect(entry).not.toHaveProperty('secrets');
    expect(entry).not.toHaveProperty('filterSecrets');
  });

  it('is versioned and ordered by endpoint', () => {
    const doc = webhookDocument({
      account: 'acme',
      exportedAt: new Date('2026-12-01T10:00:00Z'),
      webhooks: [exported({ endpoint: 'zeta' }), exported({ endpoint: 'alpha' })],
    });
    expect(doc).toMatchObject({ format: 'intake.webhooks', version: 1, exportedAt: '2026-12-01T10:00:00.000Z' });
    expect((doc.webhooks as { endpoint: string }[]).map((w) => w.endpoint)).toEqual(['alpha', 'zeta']);
  });
});

describe('reading a document', () => {
  it.each<[string, unknown, [string, RegExp][]]>([
    ['not an object', [1], [['document', /JSON object/]]],
    ['another format', { format: 'x', version: 1, webhooks: [] }, [['document.format', /"intake\.webhooks"/]]],
    ['another version', { format: 'intake.webhooks', version: 2, webhooks: [] }, [['document.version', /version 1/]]],
    ['no list', { format: 'intake.webhooks', version: 1 }, [['document.webhooks', /list/]]],
    ['an unknown top-level key', document([], { extra: 1 }), [['document.extra', /Unknown key "extra"/]]],
    ['a webhook that is not an object', document(['x']), [['document.webhooks.0', /JSON object/]]],
    [
      'required settings missing',
      document([{ endpoint: 'a' }]),
      [
        ['document.webhooks.0.name', /required/],
        ['document.webhooks.0.method', /required/],
        ['document.webhooks.0.action', /required/],
      ],
    ],
    [
      'wrong types, deep inside',
      document([
        {
          ...settings(),
          filter: null,
          mapping: [{ from: 1, to: 'customer' }],
          idempotency: { key: 'x', windowHours: 1.5 },
        },
      ]),
      [
        ['document.webhooks.0.mapping.0.from', /Expected a text; got 1/],
        ['document.webhooks.0.idempotency.windowHours', /whole number/],
      ],
    ],
    [
      'a misspelt setting',
      document([{ ...settings(), filter: null, mappings: [] }]),
      [['document.webhooks.0.mappings', /Unknown key "mappings"/]],
    ],
    [
      'an unknown key in a mapping row',
      document([{ ...settings(), filter: null, mapping: [{ from: 'a', to: 'customer', form: 'b' }] }]),
      [['document.webhooks.0.mapping.0.form', /Unknown key "form"/]],
    ],
    [
      'an archived status',
      document([{ ...settings(), filter: null, status: 'ARCHIVED' }]),
      [['document.webhooks.0.status', /archived webhook is final/]],
    ],
    [
      'filter groups nested too deep',
      document([
        {
          ...settings(),
          filter: nest(7),
        },
      ]),
      [['document.webhooks.0.filter.groups.0.groups.0.groups.0.groups.0.groups.0', /at most 5 levels/]],
    ],
  ])('%s is refused with the path at fault', (_case, value, expected) => {
    const found = issuesOf(value);
    expect(found.map(([field]) => field)).toEqual(expected.map(([field]) => field));
    expected.forEach(([, message], i) => expect(found[i]![1]).toMatch(message));
  });

  it('refuses settings through the same checks as createWebhook, at document paths', () => {
    const bad = { ...settings({ filter: null }), action: 'nope', mapping: [{ from: 'a', to: 'points' }] };
    const good = settings({ endpoint: 'other', filter: null });
    expect(issuesOf(document([good, good, bad]))).toEqual([
      ['document.webhooks.1.endpoint', expect.stringMatching(/already given at document\.webhooks\.0/)],
      ['document.webhooks.2.action', expect.stringMatching(/not an event of the catalogue/)],
      ['document.webhooks.2.mapping.0.to', expect.stringMatching(/must be "customer" or start with "data\."/)],
    ]);
  });

  it('fills what a document may leave out as a new webhook has it', () => {
    const { entries, issues } = readWebhookDocument(
      document([
        { name: 'Min', method: 'PUT', endpoint: 'min', action: 'opt_in', mapping: [{ from: 'id', to: 'customer' }] },
      ]),
    );
    expect(issues).toEqual([]);
    expect(entries[0]).toEqual({
      at: 'document.webhooks.0',
      status: null,
      settings: {
        name: 'Min',
        method: 'PUT',
        endpoint: 'min',
        action: 'opt_in',
        filter: null,
        mapping: [{ from: 'id', to: 'customer', replace: [] }],
        successResponse: null,
        errorResponse: null,
        verification: { scheme: 'NONE' },
        idempotency: null,
        splitOn: null,
      },
    });
  });

  it('writes indexes as path segments', () => {
    expect(documentPath('document.webhooks.2.mapping[0].to')).toBe('document.webhooks.2.mapping.0.to');
    expect(documentPath('document.webhooks.0.filter.groups[1].conditions[12].value')).toBe(
      'document.webhooks.0.filter.groups.1.conditions.12.value',
    );
  });

  it('names a reader for every setting (a new setting fails to compile until it has one)', () => {
    expectTypeOf<(typeof WEBHOOK_SETTINGS_FIELDS)[number]>().toEqualTypeOf<keyof WebhookSettings>();
  });
});

describe('the import plan', () => {
  const exportOf = (...webhooks: ExportedWebhook[]) =>
    JSON.parse(JSON.stringify(webhookDocument({ account: 'a', exportedAt: new Date(), webhooks }))) as unknown;

  it('an export imported into its own account changes nothing: placeholders keep the target’s values', () => {
    const plan = planWebhookImport(exportOf(exported({ status: 'ACTIVE' })), [target()]);
    expect(plan).toMatchObject([{ kind: 'UNCHANGED', endpoint: 'shop', notes: [] }]);
  });

  it('lists the fields that differ, with the status, and never a secret value', () => {
    const doc = exportOf(exported({ name: 'Renamed', status: 'INACTIVE' }));
    const [change] = planWebhookImport(doc, [target()]);
    expect(change).toMatchObject({ kind: 'UPDATE', status: 'INACTIVE' });
    if (change?.kind !== 'UPDATE') throw new Error('expected an update');
    expect(change.changes.map((c) => c.field)).toEqual(['name', 'status']);
  });

  it('a secret value written in the document replaces the target’s (the change is redacted)', () => {
    const doc = exportOf(exported()) as { webhooks: { filter: { conditions: { value: unknown }[] } }[] };
    doc.webhooks[0]!.filter.conditions[0]!.value = 'new-token';
    const [change] = planWebhookImport(doc, [target()]);
    if (change?.kind !== 'UPDATE') throw new Error('expected an update');
    expect(change.settings.filter!.conditions[0]!.value).toBe('new-token');
    expect(change.changes).toEqual([
      expect.objectContaining({ field: 'filter', after: expect.objectContaining({ conditions: expect.any(Array) }) }),
    ]);
    expect(JSON.stringify(change.changes)).not.toMatch(/new-token|s3cret/);
  });

  it('placeholders follow their condition when conditions move', () => {
    const moved = settings({
      filter: {
        join: 'AND',
        conditions: [
          { attribute: 'body.kind', operator: 'EQUALS', value: 'add' },
          { attribute: 'headers.x-token', operator: 'EQUALS', value: 's3cret' },
        ],
        groups: [
          { join: 'OR', conditions: [{ attribute: 'body.api_key', operator: 'IN', value: ['k1', 'k2'] }], groups: [] },
        ],
      },
    });
    const [change] = planWebhookImport(exportOf({ ...moved, status: 'ACTIVE', liveSecrets: 1 }), [target()]);
    if (change?.kind !== 'UPDATE') throw new Error('expected an update');
    expect(change.settings.filter!.conditions[1]).toEqual(moved.filter!.conditions[1]);
  });

  it('refuses a placeholder the target has no value for, naming the value', () => {
    expect(issuesOf(exportOf(exported()))).toEqual([
      ['document.webhooks.0.filter.conditions.0.value', expect.stringMatching(/no webhook at this endpoint/)],
      ['document.webhooks.0.filter.groups.0.conditions.0.value', expect.stringMatching(/write the value/)],
    ]);
  });

  it('refuses a placeholder on a condition that is not secret', () => {
    const doc = document([
      {
        ...settings(),
        filter: {
          join: 'AND',
          conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: SECRET_PLACEHOLDER }],
        },
      },
    ]);
    expect(issuesOf(doc, [target()])).toEqual([
      ['document.webhooks.0.filter.conditions.0.value', expect.stringMatching(/"body\.kind" is not one/)],
    ]);
  });

  it.each<[string, Partial<ExportedWebhook>, { status: string; notes: RegExp[] }]>([
    [
      'ACTIVE without verification: created active',
      { verification: { scheme: 'NONE' }, status: 'ACTIVE' },
      { status: 'ACTIVE', notes: [] },
    ],
    [
      'ACTIVE with a verifying scheme: created INACTIVE (no secret yet)',
      { status: 'ACTIVE' },
      { status: 'INACTIVE', notes: [/Created INACTIVE: STANDARD_WEBHOOKS needs a live secret/, /No secret yet/] },
    ],
    [
      'INACTIVE stays INACTIVE',
      { verification: { scheme: 'NONE' }, status: 'INACTIVE' },
      { status: 'INACTIVE', notes: [] },
    ],
  ])('creation: %s', (_case, overrides, expected) => {
    const doc = exportOf(exported({ filter: null, ...overrides }));
    const [change] = planWebhookImport(doc, []);
    expect(change).toMatchObject({ kind: 'CREATE', status: expected.status });
    expect(change!.notes).toHaveLength(expected.notes.length);
    expected.notes.forEach((note, i) => expect(change!.notes[i]).toMatch(note));
    if (change?.kind === 'CREATE') expect(change.changes.map((c) => c.field)).toContain('status');
  });

  it('a status left out keeps the target’s; a new webhook is INACTIVE', () => {
    const entry = { ...settings({ filter: null, verification: { scheme: 'NONE' } }) };
    const [kept] = planWebhookImport(document([entry]), [target({ filter: null, verification: { scheme: 'NONE' } })]);
    expect(kept).toMatchObject({ kind: 'UNCHANGED' });
    const [created] = planWebhookImport(document([entry]), []);
    expect(created).toMatchObject({ kind: 'CREATE', status: 'INACTIVE' });
  });

  it('activates an INACTIVE target only with what activation requires', () => {
    const doc = exportOf(exported({ status: 'ACTIVE' }));
    const [withSecret] = planWebhookImport(doc, [target({ status: 'INACTIVE', liveSecrets: 1 })]);
    expect(withSecret).toMatchObject({ kind: 'UPDATE', status: 'ACTIVE', notes: [] });
    const [without] = planWebhookImport(doc, [target({ status: 'INACTIVE', liveSecrets: 0 })]);
    expect(without).toMatchObject({ kind: 'UNCHANGED', notes: [expect.stringMatching(/Stays INACTIVE/)] });
  });
});

function nest(levels: number): unknown {
  let group: Record<string, unknown> = { join: 'AND', conditions: [{ attribute: 'body.a', operator: 'EXISTS' }] };
  for (let i = 1; i < levels; i++) group = { join: 'AND', groups: [group] };
  return group;
}
