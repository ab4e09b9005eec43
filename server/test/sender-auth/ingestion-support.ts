import { createHmac, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { secretHint } from '../../src/security/verification/index.js';
import { AesGcmSecretBox } from '../../src/security/secret-box.js';
import type { Sql } from '../ingestion/support.js';
import { gql, TEST_SECRET_KEY, type TestTenant } from '../support/test-app.js';

/**
 * Helpers of the sender-authentication ingestion tests: verified webhooks through the GraphQL API, and signatures
 * computed here with node:crypto from each sender's recipe (sender-auth.md) — never with the server's own signer,
 * so that a test cannot agree with the code by construction.
 */

export interface VerifiedWebhookSpec {
  endpoint: string;
  action: string;
  mapping: { from: string; to: string }[];
  verification: Record<string, unknown>;
  idempotency?: { key: string; windowHours?: number } | null;
  filter?: unknown;
  errorResponse?: string | null;
}

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`;
const ACTIVATE = `mutation($id: ID!) { activateWebhook(id: $id) { id status } }`;
const ADD_SECRET = `mutation($id: ID!, $secret: String, $grace: Int) {
  addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $grace) { secret webhook { id } }
}`;

async function admin(baseUrl: string, tenant: TestTenant, query: string, variables: Record<string, unknown>) {
  const result = await gql(baseUrl, query, variables, { apiKey: tenant.adminKey });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

/** Creates a webhook with its verification (and idempotency), gives it `secret`, activates it; returns its id. */
export async function createVerifiedWebhook(
  baseUrl: string,
  tenant: TestTenant,
  spec: VerifiedWebhookSpec,
  secret: string | null,
): Promise<string> {
  const input = { name: spec.endpoint, method: 'POST', ...spec };
  const id = (await admin(baseUrl, tenant, CREATE, { input })).createWebhook.id as string;
  if (secret !== null) await addSecret(baseUrl, tenant, id, secret);
  await admin(baseUrl, tenant, ACTIVATE, { id });
  return id;
}

/** addWebhookSecret: the older live secrets keep verifying for `graceSeconds` (the API's default when absent). */
export async function addSecret(
  baseUrl: string,
  tenant: TestTenant,
  id: string,
  secret: string,
  graceSeconds?: number,
): Promise<void> {
  await admin(baseUrl, tenant, ADD_SECRET, { id, secret, grace: graceSeconds });
}

/**
 * Stores a secret the API would refuse as too short (several published examples use one, e.g. Shopify's
 * "test_secret_key"): sealed with the test servers' key, exactly as addWebhookSecret stores it. Only before the
 * webhook is activated, so that the activation's notification makes every instance read it.
 */
export async function storeSecretDirectly(sql: Sql, tenant: TestTenant, webhookId: string, secret: string) {
  const sealed = new AesGcmSecretBox(TEST_SECRET_KEY).seal(secret);
  await sql.rows(
    `INSERT INTO webhook_secrets (id, account_id, webhook_id, ciphertext, hint) VALUES ($1, $2, $3, $4, $5)`,
    [randomUUID(), tenant.accountId, webhookId, sealed, secretHint(secret)],
  );
}

/** Creates and activates a webhook whose secret is stored directly (see storeSecretDirectly). */
export async function createWebhookWithStoredSecret(
  baseUrl: string,
  sql: Sql,
  tenant: TestTenant,
  spec: VerifiedWebhookSpec,
  secret: string,
): Promise<string> {
  const input = { name: spec.endpoint, method: 'POST', ...spec };
  const id = (await admin(baseUrl, tenant, CREATE, { input })).createWebhook.id as string;
  await storeSecretDirectly(sql, tenant, id, secret);
  await admin(baseUrl, tenant, ACTIVATE, { id });
  return id;
}

const hmac = (algorithm: string, key: Buffer | string, content: string) =>
  createHmac(algorithm, key).update(content, 'utf8').digest();

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of "id.timestamp.body", keyed by the base64 after `whsec_`. */
export function standardWebhooksHeaders(secret: string, id: string, timestamp: number | string, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = hmac('sha256', key, `${id}.${timestamp}.${body}`).toString('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
}

/** Stripe: `t=<unix>,v1=<hex>` of "t.body", keyed by the whole secret text. */
export function stripeHeaders(secret: string, timestamp: number, body: string) {
  return { 'stripe-signature': `t=${timestamp},v1=${hmac('sha256', secret, `${timestamp}.${body}`).toString('hex')}` };
}

export function githubHeaders(secret: string, body: string) {
  return { 'x-hub-signature-256': `sha256=${hmac('sha256', secret, body).toString('hex')}` };
}

export function shopifyHeaders(secret: string, body: string) {
  return { 'x-shopify-hmac-sha256': hmac('sha256', secret, body).toString('base64') };
}

export function wooCommerceHeaders(secret: string, body: string) {
  return { 'x-wc-webhook-signature': hmac('sha256', secret, body).toString('base64') };
}

export function slackHeaders(secret: string, timestamp: number, body: string) {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${hmac('sha256', secret, `v0:${timestamp}:${body}`).toString('hex')}`,
  };
}

export function basicAuthHeaders(username: string, password: string) {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}

/** The log a request's X-Request-Id names. */
export async function logOf(sql: Sql, response: { headers: Headers }) {
  const id = response.headers.get('x-request-id');
  expect(id).toBeTruthy();
  return sql.log(id);
}
