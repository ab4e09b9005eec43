import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sql } from '../ingestion/support.js';
import {
  createTenant,
  expectError,
  gql,
  ok,
  startTestApp,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

/**
 * Testing unsaved settings: testWebhook's `draft` (updateWebhook's input) is evaluated instead of the saved
 * settings, checked like an update, and nothing is saved — not the settings, not an event, not a log.
 */

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let other: TestTenant;
let webhookId: string;
const MEMBER = 'draft-member';

const TEST = `query($id: ID!, $request: TestRequestInput!, $draft: UpdateWebhookInput) {
  testWebhook(id: $id, request: $request, draft: $draft) {
    outcome statusCode errorCode filterPassed events
    mapping { to value expression expressionResult }
  }
}`;

const BODY = JSON.stringify({ kind: 'refund', member: MEMBER, amount: 4 });
const request = { body: BODY };

const dryRun = (draft: Record<string, unknown> | null, apiKey = tenant.adminKey, id = webhookId) =>
  gql(t.url, TEST, { id, request, draft }, { apiKey });

const saved = async () =>
  ok(
    await gql(
      t.url,
      `query($id: ID!) { webhook(id: $id) { version filter { conditions { value } } mapping { expression } } }`,
      { id: webhookId },
      { apiKey: tenant.adminKey },
    ),
  ).webhook;

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  other = await createTenant(t.deps);
  await sql.enrol(tenant.accountId, MEMBER);
  const created = ok(
    await gql(
      t.url,
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      {
        input: {
          name: 'draft tests',
          method: 'POST',
          endpoint: 'draft-tests',
          action: 'point_add',
          filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'purchase' }] },
          mapping: [
            { from: 'member', to: 'customer' },
            { from: 'amount', to: 'data.points', expression: '$ * 2' },
          ],
        },
      },
      { apiKey: tenant.adminKey },
    ),
  );
  webhookId = created.createWebhook.id;
  ok(
    await gql(
      t.url,
      `mutation($id: ID!) { activateWebhook(id: $id) { id } }`,
      { id: webhookId },
      {
        apiKey: tenant.adminKey,
      },
    ),
  );
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const REFUND_DRAFT = {
  filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'refund' }] },
  mapping: [
    { from: 'member', to: 'customer' },
    { from: 'amount', to: 'data.points', expression: '$ * 3' },
  ],
};

describe('testWebhook with a draft', () => {
  it('evaluates the saved settings without a draft', async () => {
    const result = ok(await dryRun(null)).testWebhook;
    expect(result.outcome).toBe('FILTERED');
    expect(result.filterPassed).toBe(false);
  });

  it('evaluates the draft instead, its expressions included, and saves nothing', async () => {
    const before = await saved();
    const result = ok(await dryRun(REFUND_DRAFT)).testWebhook;
    expect(result.outcome).toBe('PROCESSED');
    expect(result.filterPassed).toBe(true);
    // The saved row computes $ * 2: the draft's own expression ran, not the one compiled for the saved version.
    expect(result.mapping[1]).toMatchObject({ to: 'data.points', expression: '$ * 3', value: 12 });
    expect(result.events).toEqual([{ action: 'point_add', customer: MEMBER, data: { points: 12 } }]);

    expect(await saved()).toEqual(before);
    expect(before.filter.conditions[0].value).toBe('purchase');
    expect(await sql.eventsOf(tenant.accountId, MEMBER)).toEqual([]);
    expect(await sql.logsOf(webhookId)).toEqual([]);
    expect(Number((await sql.member(tenant.accountId, MEMBER)).points)).toBe(0);
  });

  it('keeps what the draft leaves out: a draft of the filter alone uses the saved mapping', async () => {
    const result = ok(await dryRun({ filter: REFUND_DRAFT.filter })).testWebhook;
    expect(result.outcome).toBe('PROCESSED');
    expect(result.mapping[1]).toMatchObject({ expression: '$ * 2', value: 8 });
  });

  it('refuses an invalid draft as an update would, naming the field under draft', async () => {
    const badAttribute = await dryRun({
      filter: { join: 'AND', conditions: [{ attribute: 'kind', operator: 'EQUALS', value: 'refund' }] },
    });
    const error = expectError(badAttribute, 'BAD_USER_INPUT', 'draft.filter.conditions[0].attribute');
    expect(error.message).toMatch(/must start with "headers\." or "body\."/);
    expectError(await dryRun({ action: 'no_such_event' }), 'BAD_USER_INPUT', 'draft.action');
    expectError(await dryRun({ name: null }), 'BAD_USER_INPUT', 'draft.name');
  });

  it('refuses readers (the draft is an admin’s edit) and other accounts', async () => {
    expectError(await dryRun(REFUND_DRAFT, tenant.readerKey), 'FORBIDDEN');
    expectError(await dryRun(REFUND_DRAFT, other.adminKey), 'NOT_FOUND');
  });
});
