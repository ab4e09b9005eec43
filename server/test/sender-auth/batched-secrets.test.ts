import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/** A page of webhooks reads the secrets of all of them in one statement (a DataLoader), whatever its length. */
class StatementCounter extends DefaultLogger {
  static count = 0;

  constructor(options: LoggerOptions) {
    super(options);
  }

  override logQuery(_context: LogContext): void {
    StatementCounter.count++;
  }
}

let t: TestApp;
let small: TestTenant;
let large: TestTenant;

async function tenantWithVerifiedWebhooks(count: number): Promise<TestTenant> {
  const tenant = await createTenant(t.deps);
  for (let i = 0; i < count; i++) {
    const created = await gql(
      t.url,
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      {
        input: {
          name: `Hook ${i}`,
          method: 'POST',
          endpoint: `hook-${i}`,
          action: 'point_add',
          mapping: [{ from: 'id', to: 'customer' }],
          verification: { scheme: 'GITHUB' },
        },
      },
      { apiKey: tenant.adminKey },
    );
    const id = created.data!.createWebhook.id;
    for (let s = 0; s < 2; s++) {
      await gql(
        t.url,
        `mutation($id: ID!) { addWebhookSecret(id: $id) { secret } }`,
        { id },
        {
          apiKey: tenant.adminKey,
        },
      );
    }
  }
  return tenant;
}

const PAGE = `{ webhooks(first: 25) { nodes { id verification { scheme secrets { id hint expiresAt } } } } }`;

async function statementsOf(tenant: TestTenant) {
  await gql(t.url, PAGE, {}, { apiKey: tenant.adminKey });
  const before = StatementCounter.count;
  const { data, errors } = await gql(t.url, PAGE, {}, { apiKey: tenant.adminKey });
  expect(errors).toBeUndefined();
  return { statements: StatementCounter.count - before, nodes: data!.webhooks.nodes };
}

beforeAll(async () => {
  t = await startTestApp({ orm: { loggerFactory: (options) => new StatementCounter(options) } });
  small = await tenantWithVerifiedWebhooks(3);
  large = await tenantWithVerifiedWebhooks(15);
});

afterAll(async () => {
  await t?.close();
});

describe('Verification.secrets on a list page', () => {
  it('costs as many statements for 15 webhooks as for 3, and gives each webhook its own secrets', async () => {
    const few = await statementsOf(small);
    const many = await statementsOf(large);
    expect(many.nodes).toHaveLength(15);
    for (const node of many.nodes) expect(node.verification.secrets).toHaveLength(2);
    const ids = many.nodes.flatMap((node: { verification: { secrets: { id: string }[] } }) =>
      node.verification.secrets.map((secret) => secret.id),
    );
    expect(new Set(ids).size).toBe(30);
    expect(many.statements).toBe(few.statements);
  });
});
