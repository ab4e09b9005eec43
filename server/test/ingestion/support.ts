import pg from 'pg';
import { expect } from 'vitest';
import { gql, type TestTenant } from '../support/test-app.js';

/** Helpers shared by the ingestion tests: webhooks through the GraphQL API, requests over real HTTP, rows by SQL. */

export interface WebhookSpec {
  name?: string;
  method?: 'POST' | 'PUT';
  endpoint: string;
  action: string;
  filter?: unknown;
  mapping: { from: string; to: string; default?: unknown; replace?: { value: unknown; replacement: unknown }[] }[];
  successResponse?: string | null;
  errorResponse?: string | null;
}

const CREATE = `mutation Create($input: CreateWebhookInput!) { createWebhook(input: $input) { id status } }`;
const ACTIVATE = `mutation Activate($id: ID!) { activateWebhook(id: $id) { id status } }`;
const DEACTIVATE = `mutation Deactivate($id: ID!) { deactivateWebhook(id: $id) { id status } }`;
const ARCHIVE = `mutation Archive($id: ID!) { archiveWebhook(id: $id) { id status } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id version } }`;

async function mutate(baseUrl: string, tenant: TestTenant, query: string, variables: Record<string, unknown>) {
  const result = await gql(baseUrl, query, variables, { apiKey: tenant.adminKey });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

/** Creates a webhook through the GraphQL API (INACTIVE), and activates it unless told not to. */
export async function createWebhook(
  baseUrl: string,
  tenant: TestTenant,
  spec: WebhookSpec,
  activate = true,
): Promise<string> {
  const input = { name: spec.name ?? spec.endpoint, method: spec.method ?? 'POST', ...spec };
  const data = await mutate(baseUrl, tenant, CREATE, { input });
  const id = data.createWebhook.id as string;
  if (activate) await mutate(baseUrl, tenant, ACTIVATE, { id });
  return id;
}

export const activateWebhook = (baseUrl: string, tenant: TestTenant, id: string) =>
  mutate(baseUrl, tenant, ACTIVATE, { id });
export const deactivateWebhook = (baseUrl: string, tenant: TestTenant, id: string) =>
  mutate(baseUrl, tenant, DEACTIVATE, { id });
export const archiveWebhook = (baseUrl: string, tenant: TestTenant, id: string) =>
  mutate(baseUrl, tenant, ARCHIVE, { id });
export const updateWebhook = (baseUrl: string, tenant: TestTenant, id: string, input: Record<string, unknown>) =>
  mutate(baseUrl, tenant, UPDATE, { id, input });

export interface Sent {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Sends a request to an ingestion URL; `body` objects are sent as JSON, strings and buffers as they are. */
export async function send(
  baseUrl: string,
  path: string,
  body?: unknown,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | Buffer | undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'POST', headers, body: payload });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function hookPath(tenant: TestTenant, endpoint: string): string {
  return `/webhooks/custom/${tenant.slug}/${endpoint}`;
}

/** A direct connection to a test database, for assertions on what was stored. */
export class Sql {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
  }

  async rows<T = Record<string, any>>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, values)).rows as T[];
  }

  async one<T = Record<string, any>>(text: string, values: unknown[] = []): Promise<T> {
    const rows = await this.rows<T>(text, values);
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  log(id: string | null) {
    return this.one(`SELECT * FROM request_logs WHERE id = $1`, [id]);
  }

  logsOf(webhookId: string) {
    return this.rows(`SELECT * FROM request_logs WHERE webhook_id = $1 ORDER BY received_at, id`, [webhookId]);
  }

  member(accountId: string, externalId: string) {
    return this.rows(`SELECT * FROM customers WHERE account_id = $1 AND external_id = $2`, [
      accountId,
      externalId,
    ]).then((r) => r[0] ?? null);
  }

  eventsOf(accountId: string, externalId: string) {
    return this.rows(
      `SELECT e.* FROM customer_events e WHERE e.account_id = $1 AND e.customer_external_id = $2 ORDER BY e.created_at, e.id`,
      [accountId, externalId],
    );
  }

  /** Inserts a member directly (a precondition, not what is under test). */
  async enrol(accountId: string, externalId: string, points = 0): Promise<void> {
    await this.pool.query(
      `INSERT INTO customers (id, account_id, external_id, points) VALUES (gen_random_uuid(), $1, $2, $3)`,
      [accountId, externalId, points],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Retries an assertion until it holds or the time is up. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 2_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
