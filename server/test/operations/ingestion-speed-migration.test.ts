import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send } from '../ingestion/support.js';

/**
 * Issue 14: request_logs and customer_events have no foreign keys (their checks cost every ingested request); what
 * the keys did when an administrator deletes an account, a webhook or a member, the parents' delete triggers do.
 */

let t: TestApp;
let tenant: TestTenant;
let client: pg.Client;

const count = async (text: string, values: unknown[]) =>
  Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${text}`, values)).rows[0].n);

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await t?.close();
});

describe('the hot tables without foreign keys', () => {
  it('has none on request_logs and customer_events', async () => {
    const { rows } = await client.query(
      `SELECT conname FROM pg_constraint WHERE contype = 'f'
         AND conrelid IN ('request_logs'::regclass, 'customer_events'::regclass)`,
    );
    expect(rows).toEqual([]);
  });

  it('deleting a member deletes its events; a webhook its logs and not its events; an account all of it', async () => {
    const mapping = [
      { from: 'customer_id', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ];
    const first = await createWebhook(t.url, tenant, { endpoint: 'first', action: 'point_add', mapping });
    await createWebhook(t.url, tenant, { endpoint: 'second', action: 'point_add', mapping });
    for (const member of ['m-1', 'm-2']) {
      await client.query(
        `INSERT INTO customers (id, account_id, external_id, points) VALUES (gen_random_uuid(), $1, $2, 0)`,
        [tenant.accountId, member],
      );
    }
    for (const [endpoint, member] of [
      ['first', 'm-1'],
      ['first', 'm-2'],
      ['second', 'm-1'],
      ['second', 'm-2'],
    ]) {
      expect((await send(t.url, hookPath(tenant, endpoint), { customer_id: member, points: 1 })).status).toBe(200);
    }
    const account = [tenant.accountId];
    expect(await count(`customer_events WHERE account_id = $1`, account)).toBe(4);
    expect(await count(`request_logs WHERE account_id = $1`, account)).toBe(4);

    await client.query(`DELETE FROM customers WHERE account_id = $1 AND external_id = 'm-2'`, account);
    expect(await count(`customer_events WHERE account_id = $1`, account)).toBe(2);
    expect(await count(`customer_events WHERE customer_external_id = 'm-2' AND account_id = $1`, account)).toBe(0);

    await client.query(`DELETE FROM webhooks WHERE id = $1`, [first]);
    expect(await count(`request_logs WHERE webhook_id = $1`, [first])).toBe(0);
    expect(await count(`request_logs WHERE account_id = $1`, account)).toBe(2);
    expect(await count(`customer_events WHERE account_id = $1 AND webhook_id IS NULL`, account)).toBe(1);

    await client.query(`DELETE FROM accounts WHERE id = $1`, account);
    expect(await count(`request_logs WHERE account_id = $1`, account)).toBe(0);
    expect(await count(`customer_events WHERE account_id = $1`, account)).toBe(0);
  });
});
