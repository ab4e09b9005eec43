import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhook, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * RequestLog.idempotencyKey and RequestLog.duplicateOf, read through the API. The rows are written here with SQL as
 * ingestion writes them (ingestion's own tests cover how they come about); what is under test is the read side:
 * the link resolves within the caller's account only, and for readers only where they may see the webhook.
 */
let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let other: TestTenant;

async function insertLog(
  accountId: string,
  webhookId: string,
  fields: { outcome: string; status: number; key?: string | null; duplicateOf?: string | null; at: string },
): Promise<string> {
  const id = randomUUID();
  await sql.rows(
    `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, status_code,
       response_body, response_headers, duration_ms, outcome, idempotency_key, duplicate_of)
     VALUES ($1, $2, $3, $4, 'POST', '/webhooks/custom/x/y', '{}', $5, '{"ok":true}', '{}', 1, $6, $7, $8)`,
    [
      id,
      accountId,
      webhookId,
      fields.at,
      fields.status,
      fields.outcome,
      fields.key ?? null,
      fields.duplicateOf ?? null,
    ],
  );
  return id;
}

const LOGS = `query($id: ID!) {
  webhook(id: $id) {
    logs(first: 10) { nodes { id outcome idempotencyKey duplicateOf { id outcome statusCode idempotencyKey } } }
  }
}`;
const MAPPING = [
  { from: 'customer', to: 'customer' },
  { from: 'points', to: 'data.points' },
];

let webhookId: string;
let original: string;
let duplicate: string;
let foreignLink: string;

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  other = await createTenant(t.deps);
  webhookId = await createWebhook(t.url, tenant, { endpoint: 'deliveries', action: 'point_add', mapping: MAPPING });
  original = await insertLog(tenant.accountId, webhookId, {
    outcome: 'PROCESSED',
    status: 200,
    key: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    at: '2026-12-01T10:00:00Z',
  });
  duplicate = await insertLog(tenant.accountId, webhookId, {
    outcome: 'DUPLICATE',
    status: 200,
    key: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    duplicateOf: original,
    at: '2026-12-01T10:00:05Z',
  });
  const foreignWebhook = await createWebhook(t.url, other, {
    endpoint: 'elsewhere',
    action: 'point_add',
    mapping: MAPPING,
  });
  const foreignLog = await insertLog(other.accountId, foreignWebhook, {
    outcome: 'PROCESSED',
    status: 200,
    at: '2026-12-01T09:00:00Z',
  });
  // A link that crosses accounts cannot come about; if one did, it must not lead anywhere.
  foreignLink = await insertLog(tenant.accountId, webhookId, {
    outcome: 'DUPLICATE',
    status: 200,
    duplicateOf: foreignLog,
    at: '2026-12-01T10:00:10Z',
  });
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('RequestLog.idempotencyKey and duplicateOf', () => {
  it('a DUPLICATE links the request that was processed; others link nothing', async () => {
    const { data, errors } = await gql(t.url, LOGS, { id: webhookId }, { apiKey: tenant.adminKey });
    expect(errors).toBeUndefined();
    const byId = Object.fromEntries(data!.webhook.logs.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId[duplicate]).toEqual({
      id: duplicate,
      outcome: 'DUPLICATE',
      idempotencyKey: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      duplicateOf: {
        id: original,
        outcome: 'PROCESSED',
        statusCode: 200,
        idempotencyKey: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      },
    });
    expect(byId[original]).toMatchObject({ outcome: 'PROCESSED', duplicateOf: null });
  });

  it('a link into another account resolves to null', async () => {
    const { data } = await gql(
      t.url,
      `query($id: ID!) { requestLog(id: $id) { id duplicateOf { id } } }`,
      { id: foreignLink },
      { apiKey: tenant.adminKey },
    );
    expect(data!.requestLog).toEqual({ id: foreignLink, duplicateOf: null });
  });

  it('readers follow the link of an active webhook; another account sees neither log', async () => {
    const reader = await gql(
      t.url,
      `query($id: ID!) { requestLog(id: $id) { duplicateOf { id } } }`,
      { id: duplicate },
      { apiKey: tenant.readerKey },
    );
    expect(reader.data!.requestLog.duplicateOf).toEqual({ id: original });
    const stranger = await gql(
      t.url,
      `query($id: ID!) { requestLog(id: $id) { id } }`,
      { id: duplicate },
      { apiKey: other.adminKey },
    );
    expect(stranger.errors![0]!.extensions.code).toBe('NOT_FOUND');
  });

  it('logs can be listed by the new outcomes', async () => {
    const { data, errors } = await gql(
      t.url,
      `query($id: ID!) { webhook(id: $id) { logs(outcome: DUPLICATE) { nodes { id } } } }`,
      { id: webhookId },
      { apiKey: tenant.adminKey },
    );
    expect(errors).toBeUndefined();
    expect(data!.webhook.logs.nodes.map((n: { id: string }) => n.id).sort()).toEqual([duplicate, foreignLink].sort());
  });
});
