import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send } from '../ingestion/support.js';

/**
 * A list page reads its links in one query per kind of link, whatever its length: the number of SQL statements
 * of a page of 25 webhooks (or events) is the number of a page of 5. And a link whose read fails is an error,
 * never a silent null.
 */

/** Counts the statements the ORM runs, instead of printing them. */
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
const MEMBER = 'member-1';

/** `count` active webhooks, each of which has registered one event for the same member. */
async function tenantWithWebhooks(count: number): Promise<TestTenant> {
  const tenant = await createTenant(t.deps);
  for (let i = 0; i < count; i++) {
    const endpoint = `hook-${i}`;
    await createWebhook(t.url, tenant, { endpoint, action: 'opt_in', mapping: [{ from: 'id', to: 'customer' }] });
    expect((await send(t.url, hookPath(tenant, endpoint), { id: MEMBER })).status).toBe(200);
  }
  return tenant;
}

const WEBHOOKS = `{
  webhooks(first: 25) {
    nodes { id name url status allowedActions filter { join } lastRequest { id statusCode outcome } }
    pageInfo { hasNextPage }
  }
}`;

const EVENTS = `query($id: String!) {
  customer(id: $id) {
    id
    events(first: 25) {
      nodes {
        id action
        webhook { id name lastRequest { id } }
        requestLog { id statusCode event { id } webhook { id } }
        customer { id points }
      }
    }
  }
}`;

/** The statements one GraphQL request runs, after a first run that lets one-off writes (last key use) happen. */
async function statementsOf(tenant: TestTenant, query: string, variables: Record<string, unknown> = {}) {
  const first = await gql(t.url, query, variables, { apiKey: tenant.adminKey });
  expect(first.errors).toBeUndefined();
  const before = StatementCounter.count;
  const { data, errors } = await gql(t.url, query, variables, { apiKey: tenant.adminKey });
  expect(errors).toBeUndefined();
  return { statements: StatementCounter.count - before, data: data! };
}

beforeAll(async () => {
  t = await startTestApp({ orm: { loggerFactory: (options) => new StatementCounter(options) } });
  small = await tenantWithWebhooks(5);
  large = await tenantWithWebhooks(25);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('list pages run a constant number of statements', () => {
  it('webhooks(first: 25) with lastRequest: as many for 25 webhooks as for 5', async () => {
    const few = await statementsOf(small, WEBHOOKS);
    const many = await statementsOf(large, WEBHOOKS);
    expect(few.data.webhooks.nodes).toHaveLength(5);
    expect(many.data.webhooks.nodes).toHaveLength(25);
    for (const node of many.data.webhooks.nodes) expect(node.lastRequest).toMatchObject({ statusCode: 200 });
    expect(many.statements).toBe(few.statements);
    // Authentication, the page, the last requests.
    expect(many.statements).toBeLessThanOrEqual(3);
  });

  it('a member’s events with their webhook, request log and member: as many for 25 events as for 5', async () => {
    const few = await statementsOf(small, EVENTS, { id: MEMBER });
    const many = await statementsOf(large, EVENTS, { id: MEMBER });
    expect(few.data.customer.events.nodes).toHaveLength(5);
    const events = many.data.customer.events.nodes;
    expect(events).toHaveLength(25);
    for (const event of events) {
      expect(event.webhook.lastRequest.id).toBe(event.requestLog.id);
      expect(event.requestLog).toMatchObject({ statusCode: 200, event: { id: event.id } });
      expect(event.requestLog.webhook.id).toBe(event.webhook.id);
      expect(event.customer.id).toBe(MEMBER);
    }
    expect(new Set(events.map((event: any) => event.webhook.id)).size).toBe(25);
    expect(many.statements).toBe(few.statements);
  });
});

describe('a failing link read', () => {
  it('is an INTERNAL_SERVER_ERROR, not a missing object', async () => {
    const customers = t.deps.customers;
    t.deps.customers = {
      ...customers,
      findManyByExternalIds: () => Promise.reject(new Error('a bug in the read of members')),
    };
    try {
      const { data, errors } = await gql(t.url, EVENTS, { id: MEMBER }, { apiKey: small.adminKey });
      expect(errors?.length).toBeGreaterThan(0);
      expect(errors?.[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(errors?.[0]?.message).not.toContain('a bug in');
      expect(errors?.[0]?.path).toEqual(['customer', 'events', 'nodes', 0, 'customer']);
      expect(data!.customer.events.nodes[0].customer).toBeNull();
    } finally {
      t.deps.customers = customers;
    }
  });
});
