import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/** Sender tokens configured in filters are secrets: only admins read them back, and the history never shows them. */
let t: TestApp;
let tenant: TestTenant;
let id: string;

const TOKEN = 'tok_9f8e7d6c5b4a';
const FILTER = {
  join: 'AND',
  conditions: [
    { attribute: 'headers.x-webhook-token', operator: 'EQUALS', value: TOKEN },
    { attribute: 'body.kind', operator: 'EQUALS', value: 'earn' },
  ],
};
const READ = `query($id: ID!) {
  webhook(id: $id) {
    filter { conditions { attribute value } }
    history { nodes { kind changes { field before after } } }
  }
}`;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  const created = await gql(
    t.url,
    `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
    {
      input: {
        name: 'Tokens',
        method: 'POST',
        endpoint: 'tokens',
        action: 'point_add',
        filter: FILTER,
        mapping: [{ from: 'id', to: 'customer' }],
      },
    },
    { apiKey: tenant.adminKey },
  );
  id = created.data!.createWebhook.id;
  await gql(t.url, `mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id }, { apiKey: tenant.adminKey });
  const rotated = { ...FILTER, conditions: [{ ...FILTER.conditions[0], value: 'tok_rotated' }, FILTER.conditions[1]] };
  await gql(
    t.url,
    `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }`,
    { id, input: { filter: rotated } },
    { apiKey: tenant.adminKey },
  );
});

afterAll(async () => {
  await t?.close();
});

describe('filter secrets', () => {
  it('admins read the configured token back (they edit it)', async () => {
    const { data } = await gql(t.url, READ, { id }, { apiKey: tenant.adminKey });
    expect(data!.webhook.filter.conditions).toEqual([
      { attribute: 'headers.x-webhook-token', value: 'tok_rotated' },
      { attribute: 'body.kind', value: 'earn' },
    ]);
  });

  it('readers see the token redacted and the other values as they are', async () => {
    const { data } = await gql(t.url, READ, { id }, { apiKey: tenant.readerKey });
    expect(data!.webhook.filter.conditions).toEqual([
      { attribute: 'headers.x-webhook-token', value: '[REDACTED]' },
      { attribute: 'body.kind', value: 'earn' },
    ]);
  });

  it('the change history records the filter change without either token', async () => {
    const { data } = await gql(t.url, READ, { id }, { apiKey: tenant.adminKey });
    const text = JSON.stringify(data!.webhook.history);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('tok_rotated');
    const update = data!.webhook.history.nodes.find((n: any) => n.kind === 'UPDATED');
    expect(update.changes.map((c: any) => c.field)).toEqual(['filter']);
    expect(update.changes[0].after.conditions[0].value).toBe('[REDACTED]');
  });

  it('a reader’s dry run does not echo the expected token', async () => {
    const { data } = await gql(
      t.url,
      `query($id: ID!) { testWebhook(id: $id, request: { body: "{\\"kind\\":\\"earn\\"}" }) { conditions { attribute expected passed } } }`,
      { id },
      { apiKey: tenant.readerKey },
    );
    expect(JSON.stringify(data!.testWebhook)).not.toContain('tok_rotated');
    expect(data!.testWebhook.conditions[0]).toEqual({
      attribute: 'headers.x-webhook-token',
      expected: '[REDACTED]',
      passed: false,
    });
  });
});
