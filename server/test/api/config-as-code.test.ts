import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/application/deps.js';
import { importWebhooks } from '../../src/application/webhooks/import-webhooks.js';
import { updateWebhook } from '../../src/application/webhooks/update-webhook.js';
import { createTenant, expectError, gql, ok, useTestApp, type TestTenant } from '../support/test-app.js';

/**
 * Configuration as code over real HTTP: exportWebhooks → importWebhooks into another account, the dry run, a
 * repeated import, refusals (structure, settings, limits, roles) and what never leaves the server (secrets).
 */

const t = useTestApp();

const SETTINGS = `
  name method endpoint status action successResponse errorResponse
  filter { join conditions { attribute operator value } groups { join conditions { attribute operator value } } }
  mapping { from to default replace { value replacement } expression }
  verification { scheme header algorithm encoding prefix timestampHeader toleranceSeconds username }
  idempotency { key windowHours }
`;
const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id endpoint } }`;
const ACTIVATE = `mutation ($id: ID!) { activateWebhook(id: $id) { id status } }`;
const ADD_SECRET = `mutation ($id: ID!, $secret: String) { addWebhookSecret(id: $id, secret: $secret) { secret } }`;
const EXPORT = `query ($ids: [ID!]) { exportWebhooks(ids: $ids) }`;
const IMPORT = `mutation ($document: JSON!, $dryRun: Boolean) {
  importWebhooks(document: $document, dryRun: $dryRun) { applied changes { endpoint kind fields notes webhookId } }
}`;
const ALL = `query { webhooks(first: 100) { nodes { ${SETTINGS} } } }`;
const HISTORY = `query { webhooks(first: 10) { nodes { endpoint version history(first: 10) {
  nodes { kind actor version changes { field before after } } } } } }`;

type Doc = { format: string; version: number; webhooks: Record<string, any>[]; [key: string]: unknown };

const as = (tenant: TestTenant, role: 'admin' | 'reader' = 'admin') => ({
  apiKey: role === 'admin' ? tenant.adminKey : tenant.readerKey,
});

async function exportOf(tenant: TestTenant, ids?: string[]): Promise<Doc> {
  return ok(await gql(t.url, EXPORT, ids ? { ids } : {}, as(tenant))).exportWebhooks as Doc;
}

async function importInto(tenant: TestTenant, document: unknown, dryRun?: boolean) {
  return gql(t.url, IMPORT, { document, dryRun }, as(tenant));
}

/** Every webhook's settings and status, by endpoint: what an import must reproduce. */
async function settingsOf(tenant: TestTenant): Promise<Record<string, Record<string, unknown>>> {
  const { webhooks } = ok(await gql(t.url, ALL, {}, as(tenant)));
  return Object.fromEntries(
    (webhooks.nodes as Record<string, unknown>[]).map((node) => [node.endpoint as string, node]),
  );
}

async function historyOf(tenant: TestTenant) {
  const { webhooks } = ok(await gql(t.url, HISTORY, {}, as(tenant)));
  return webhooks.nodes as { endpoint: string; version: number; history: { nodes: Record<string, any>[] } }[];
}

const TOKEN = 'tok-3f9a1c77e2';
const SENDER_SECRET = `whsec_${Buffer.from('a sender secret of 32 bytes!!!!!').toString('base64')}`;

/** Three webhooks: active and open, verified with a secret and a header token, and inactive. */
async function seed(tenant: TestTenant) {
  const create = async (input: Record<string, unknown>) =>
    ok(await gql(t.url, CREATE, { input }, as(tenant))).createWebhook as { id: string };
  const open = await create({
    name: 'Shop points',
    method: 'POST',
    endpoint: 'shop-points',
    action: 'point_add',
    filter: {
      join: 'AND',
      conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }],
      groups: [{ join: 'OR', conditions: [{ attribute: 'body.tier', operator: 'IN', value: ['gold', 'silver'] }] }],
    },
    mapping: [
      { from: 'client.id', to: 'customer' },
      { from: 'points', to: 'data.points', default: 1, replace: [{ value: 'ten', replacement: 10 }] },
      // A setting added by another issue travels without the document knowing it.
      { from: 'order.total', to: 'data.spent', expression: '$round($ * 100) / 100' },
    ],
    successResponse: '{"ok":true}',
    idempotency: { key: 'body.delivery', windowHours: 24 },
  });
  ok(await gql(t.url, ACTIVATE, { id: open.id }, as(tenant)));
  const verified = await create({
    name: 'CDP opt-in',
    method: 'PUT',
    endpoint: 'cdp-optin',
    action: 'opt_in',
    filter: { join: 'AND', conditions: [{ attribute: 'headers.x-token', operator: 'EQUALS', value: TOKEN }] },
    mapping: [{ from: 'user.id', to: 'customer' }],
    errorResponse: '{"ok":false}',
    verification: { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 600 },
  });
  ok(await gql(t.url, ADD_SECRET, { id: verified.id, secret: SENDER_SECRET }, as(tenant)));
  ok(await gql(t.url, ACTIVATE, { id: verified.id }, as(tenant)));
  const inactive = await create({
    name: 'Profile sync',
    method: 'POST',
    endpoint: 'profile-sync',
    action: 'profile',
    mapping: [{ from: 'id', to: 'customer' }],
    verification: { scheme: 'HMAC', header: 'x-sig', algorithm: 'SHA512', encoding: 'BASE64', prefix: 'v1=' },
  });
  return { open, verified, inactive };
}

describe('export → import into another account', () => {
  let source: TestTenant;
  let target: TestTenant;
  let exported: Doc;

  beforeAll(async () => {
    source = await createTenant(t.deps);
    target = await createTenant(t.deps);
    await seed(source);
    exported = await exportOf(source);
  });

  it('exports a versioned document of every setting, secrets left out and counted', () => {
    expect(exported).toMatchObject({ format: 'intake.webhooks', version: 1, account: source.slug });
    expect(Date.parse(exported.exportedAt as string)).not.toBeNaN();
    expect(exported.webhooks.map((w) => [w.endpoint, w.status])).toEqual([
      ['cdp-optin', 'ACTIVE'],
      ['profile-sync', 'INACTIVE'],
      ['shop-points', 'ACTIVE'],
    ]);
    const [cdp, profile, shop] = exported.webhooks;
    expect(shop).toMatchObject({
      method: 'POST',
      action: 'point_add',
      mapping: [
        { from: 'client.id', to: 'customer', replace: [] },
        { from: 'points', to: 'data.points', default: 1, replace: [{ value: 'ten', replacement: 10 }] },
        { from: 'order.total', to: 'data.spent', replace: [], expression: '$round($ * 100) / 100' },
      ],
      idempotency: { key: 'body.delivery', windowHours: 24 },
      verification: { scheme: 'NONE' },
      errorResponse: null,
    });
    expect(shop).not.toHaveProperty('secrets');
    expect(cdp!.secrets).toEqual({ count: 1, note: expect.stringContaining('not exported') });
    expect(cdp!.filter.conditions[0].value).toEqual({ $secret: 'not exported' });
    expect(cdp!.filterSecrets).toMatchObject({ count: 1 });
    expect(profile!.verification).toEqual({
      scheme: 'HMAC',
      header: 'x-sig',
      algorithm: 'SHA512',
      encoding: 'BASE64',
      prefix: 'v1=',
    });
    expect(profile!.secrets).toMatchObject({ count: 0 });
  });

  it('never holds a secret: neither the sender secret nor the filter token', () => {
    const text = JSON.stringify(exported);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SENDER_SECRET);
    expect(text).not.toContain(SENDER_SECRET.slice(-4));
  });

  it('refuses a secret placeholder the target has no value for, naming it, and changes nothing', async () => {
    const error = expectError(
      await importInto(target, exported, true),
      'BAD_USER_INPUT',
      'document.webhooks.0.filter.conditions.0.value',
    );
    expect(error.message).toMatch(/write the value in its place/);
    expect(await settingsOf(target)).toEqual({});
  });

  it('a dry run shows the plan and changes nothing', async () => {
    const document = withToken(exported);
    const plan = ok(await importInto(target, document, true)).importWebhooks;
    expect(plan.applied).toBe(false);
    expect(plan.changes).toEqual([
      {
        endpoint: 'cdp-optin',
        kind: 'CREATE',
        fields: [
          'name',
          'method',
          'endpoint',
          'filter',
          'action',
          'mapping',
          'errorResponse',
          'verification',
          'status',
        ],
        notes: [
          expect.stringMatching(/^Created INACTIVE: STANDARD_WEBHOOKS needs a live secret/),
          expect.stringMatching(/^No secret yet/),
        ],
        webhookId: null,
      },
      {
        endpoint: 'profile-sync',
        kind: 'CREATE',
        fields: ['name', 'method', 'endpoint', 'action', 'mapping', 'verification', 'status'],
        notes: [expect.stringMatching(/^No secret yet/)],
        webhookId: null,
      },
      {
        endpoint: 'shop-points',
        kind: 'CREATE',
        fields: [
          'name',
          'method',
          'endpoint',
          'filter',
          'action',
          'mapping',
          'successResponse',
          'verification',
          'idempotency',
          'status',
        ],
        notes: [],
        webhookId: null,
      },
    ]);
    expect(await settingsOf(target)).toEqual({});
  });

  it('applies the plan: the target’s webhooks have the source’s settings; statuses follow the lifecycle', async () => {
    const plan = ok(await importInto(target, withToken(exported))).importWebhooks;
    expect(plan.applied).toBe(true);
    expect(plan.changes.map((c: { kind: string }) => c.kind)).toEqual(['CREATE', 'CREATE', 'CREATE']);
    expect(plan.changes.every((c: { webhookId: string | null }) => typeof c.webhookId === 'string')).toBe(true);

    const before = await settingsOf(source);
    const after = await settingsOf(target);
    // Activation needs a secret, which is never exported: the verified webhook waits INACTIVE for one.
    expect(after).toEqual({
      ...before,
      'cdp-optin': { ...before['cdp-optin'], status: 'INACTIVE' },
    });
    const history = await historyOf(target);
    for (const webhook of history) {
      expect(webhook.version).toBe(1);
      expect(webhook.history.nodes).toEqual([
        expect.objectContaining({ kind: 'IMPORTED', actor: 'api-key:admin key', version: 1 }),
      ]);
    }
    // The history never shows a filter token either.
    expect(JSON.stringify(history)).not.toContain(TOKEN);
  });

  it('a second import of the same document is all UNCHANGED and writes nothing', async () => {
    const history = await historyOf(target);
    const plan = ok(await importInto(target, withToken(exported))).importWebhooks;
    expect(plan).toMatchObject({ applied: true });
    expect(plan.changes.map((c: { kind: string; fields: string[] }) => [c.kind, c.fields])).toEqual([
      ['UNCHANGED', []],
      ['UNCHANGED', []],
      ['UNCHANGED', []],
    ]);
    expect(await historyOf(target)).toEqual(history);
  });

  it('the target’s own export imports as UNCHANGED: its placeholders keep its token', async () => {
    const own = await exportOf(target);
    expect(JSON.stringify(own)).not.toContain(TOKEN);
    const plan = ok(await importInto(target, own, true)).importWebhooks;
    expect(plan.changes.map((c: { kind: string }) => c.kind)).toEqual(['UNCHANGED', 'UNCHANGED', 'UNCHANGED']);
  });

  it('an edited document updates only what changed, in one IMPORTED history entry per webhook', async () => {
    const edited = withToken(exported);
    const shop = edited.webhooks.find((w) => w.endpoint === 'shop-points')!;
    shop.name = 'Shop points v2';
    shop.status = 'INACTIVE';
    const plan = ok(await importInto(target, edited)).importWebhooks;
    expect(
      plan.changes.map((c: { endpoint: string; kind: string; fields: string[] }) => [c.endpoint, c.kind, c.fields]),
    ).toEqual([
      ['cdp-optin', 'UNCHANGED', []],
      ['profile-sync', 'UNCHANGED', []],
      ['shop-points', 'UPDATE', ['name', 'status']],
    ]);
    const history = (await historyOf(target)).find((w) => w.endpoint === 'shop-points')!;
    expect(history.version).toBe(2);
    expect(history.history.nodes[0]).toMatchObject({
      kind: 'IMPORTED',
      version: 2,
      changes: [
        { field: 'name', before: 'Shop points', after: 'Shop points v2' },
        { field: 'status', before: 'ACTIVE', after: 'INACTIVE' },
      ],
    });
    expect((await settingsOf(target))['shop-points']).toMatchObject({ name: 'Shop points v2', status: 'INACTIVE' });
  });
});

describe('refusals', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTenant(t.deps);
  });

  const webhook = (endpoint: string, overrides: Record<string, unknown> = {}) => ({
    name: `Webhook ${endpoint}`,
    method: 'POST',
    endpoint,
    action: 'opt_in',
    mapping: [{ from: 'id', to: 'customer' }],
    ...overrides,
  });
  const doc = (webhooks: unknown[], version: unknown = 1) => ({ format: 'intake.webhooks', version, webhooks });

  it('an invalid document refuses everything, with every problem at its path in the document', async () => {
    const result = await importInto(
      tenant,
      doc([
        webhook('fine'),
        webhook('bad', { action: 'nope', mapping: [{ from: 'id', to: 'points' }] }),
        webhook('fine'),
        webhook('odd', {
          filter: { join: 'AND', conditions: [{ attribute: 'body.x', operator: 'MATCHES', value: '(' }] },
        }),
        webhook('computed', { mapping: [{ from: 'id', to: 'customer', expression: '$ +' }] }),
      ]),
    );
    const error = expectError(result, 'BAD_USER_INPUT', 'document.webhooks.1.action');
    expect((error.extensions.issues as { field: string }[]).map((issue) => issue.field)).toEqual([
      'document.webhooks.1.action',
      'document.webhooks.1.mapping.0.to',
      'document.webhooks.2.endpoint',
      'document.webhooks.3.filter.conditions.0.value',
      'document.webhooks.4.mapping.0.expression',
    ]);
    expect(await settingsOf(tenant)).toEqual({});
  });

  it.each([
    ['another version', doc([], 2), 'document.version'],
    ['no format', { version: 1, webhooks: [] }, 'document.format'],
    ['a misspelt setting', doc([webhook('a', { mappings: [] })]), 'document.webhooks.0.mappings'],
    [
      'a mapping row of the wrong shape',
      doc([webhook('a', { mapping: [{ from: 1, to: 'customer' }] })]),
      'document.webhooks.0.mapping.0.from',
    ],
  ])('%s is BAD_USER_INPUT at %s', async (_case, document, field) => {
    expectError(await importInto(tenant, document, true), 'BAD_USER_INPUT', field);
  });

  it('a document past the account’s 1,000 webhooks is LIMIT_REACHED, dry run included', async () => {
    const many = Array.from({ length: 1_001 }, (_, i) => webhook(`w${i}`));
    expectError(await importInto(tenant, doc(many), true), 'LIMIT_REACHED', 'document.webhooks');
    expect(await settingsOf(tenant)).toEqual({});
  });

  it('MATCHES conditions past the account’s limit are LIMIT_REACHED', async () => {
    const matches = (n: number) => ({
      join: 'AND',
      conditions: Array.from({ length: n }, (_, i) => ({ attribute: `body.f${i}`, operator: 'MATCHES', value: '^a' })),
    });
    // 26 webhooks of 20 MATCHES conditions each: 520 > 500.
    const document = doc(Array.from({ length: 26 }, (_, i) => webhook(`m${i}`, { filter: matches(20) })));
    const error = expectError(await importInto(tenant, document, true), 'LIMIT_REACHED', 'document.webhooks');
    expect(error.message).toMatch(/at most 500 MATCHES conditions/);
  });

  it('readers may not import (FORBIDDEN), and export only the active webhooks they can read', async () => {
    const { open, inactive } = await seed(tenant);
    expectError(await gql(t.url, IMPORT, { document: doc([]) }, as(tenant, 'reader')), 'FORBIDDEN');
    const readable = ok(await gql(t.url, EXPORT, {}, as(tenant, 'reader'))).exportWebhooks as Doc;
    expect(readable.webhooks.map((w) => w.endpoint)).toEqual(['cdp-optin', 'shop-points']);
    expect(JSON.stringify(readable)).not.toContain(TOKEN);
    expectError(await gql(t.url, EXPORT, { ids: [inactive.id] }, as(tenant, 'reader')), 'NOT_FOUND');
    const one = ok(await gql(t.url, EXPORT, { ids: [open.id] }, as(tenant, 'reader'))).exportWebhooks as Doc;
    expect(one.webhooks.map((w) => w.endpoint)).toEqual(['shop-points']);
  });

  it('exports the webhooks given, NOT_FOUND for one of another account', async () => {
    const other = await createTenant(t.deps);
    const { inactive } = await seed(other);
    expectError(await gql(t.url, EXPORT, { ids: [inactive.id] }, as(tenant)), 'NOT_FOUND');
    expectError(await gql(t.url, EXPORT, { ids: ['not-an-id'] }, as(tenant)), 'NOT_FOUND');
    const given = await exportOf(other, [inactive.id]);
    expect(given.webhooks.map((w) => w.endpoint)).toEqual(['profile-sync']);
  });
});

describe('one transaction', () => {
  it('a webhook changed between the plan and the write: CONFLICT, and nothing of the document is written', async () => {
    const tenant = await createTenant(t.deps);
    const { open } = await seed(tenant);
    const document = await exportOf(tenant);
    // Updates are written in the document's order: cdp-optin's goes through before shop-points' finds it stale.
    document.webhooks.find((w) => w.endpoint === 'cdp-optin')!.name = 'Renamed by the import';
    document.webhooks.find((w) => w.endpoint === 'shop-points')!.name = 'Renamed by the import';
    document.webhooks.push({ ...document.webhooks[2]!, endpoint: 'brand-new', name: 'Brand new' });
    const actor = { accountId: tenant.accountId, accountSlug: tenant.slug, role: 'ADMIN' as const, label: 'test' };
    // Another admin saves the webhook after the import planned against it.
    const racing: Deps = {
      ...t.deps,
      webhooks: {
        ...t.deps.webhooks,
        applyBatch: async (accountId, batch) => {
          await updateWebhook(t.deps, actor, open.id, { name: 'Saved meanwhile' });
          return t.deps.webhooks.applyBatch(accountId, batch);
        },
      },
    };
    await expect(importWebhooks(racing, actor, withToken(document))).rejects.toMatchObject({ code: 'CONFLICT' });
    const after = await settingsOf(tenant);
    expect(Object.keys(after).sort()).toEqual(['cdp-optin', 'profile-sync', 'shop-points']);
    expect(after['shop-points']!.name).toBe('Saved meanwhile');
    expect(after['cdp-optin']!.name).toBe('CDP opt-in');
    const history = await historyOf(tenant);
    expect(history.flatMap((w) => w.history.nodes.map((entry) => entry.kind))).not.toContain('IMPORTED');
  });
});

describe('after an import, ingestion uses the new configuration at once', () => {
  it('a webhook created ACTIVE takes requests at an address that was unknown a moment ago', async () => {
    const tenant = await createTenant(t.deps);
    const url = `${t.url}/webhooks/custom/${tenant.slug}/fresh`;
    const send = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'member-1' }),
      });
      await response.text();
      return response.status;
    };
    expect(await send()).toBe(404);
    const document = {
      format: 'intake.webhooks',
      version: 1,
      webhooks: [
        {
          name: 'Fresh',
          method: 'POST',
          endpoint: 'fresh',
          status: 'ACTIVE',
          action: 'opt_in',
          mapping: [{ from: 'id', to: 'customer' }],
        },
      ],
    };
    const plan = ok(await importInto(tenant, document)).importWebhooks;
    expect(plan.changes).toMatchObject([{ kind: 'CREATE', fields: expect.arrayContaining(['status']) }]);
    expect(await send()).toBe(200);
  });
});

/** The exported document with the filter token written where the export put its placeholder. */
function withToken(document: Doc): Doc {
  const copy = structuredClone(document);
  for (const webhook of copy.webhooks) {
    for (const condition of webhook.filter?.conditions ?? []) {
      if (condition.attribute === 'headers.x-token') condition.value = TOKEN;
    }
  }
  return copy;
}
