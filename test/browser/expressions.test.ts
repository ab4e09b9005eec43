import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, openBrowser, type BrowserSession } from './browser.js';
import { eventually, freePort, REPO_ROOT, settingsSaved, textOf, UI_TIMEOUT } from './ui.js';

/**
 * Computed mapping values in the console, end to end (issue 11): an admin gives a mapping row an expression behind
 * ƒx, reads JSONata's complaint while it is incomplete, sees its result on a sample body, saves; a real request to
 * the ingestion URL then earns the computed points. Headless Chromium on the production build, real server and
 * PostgreSQL.
 */

describe.skipIf(!HAS_CHROMIUM)('Mapping expressions in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let session: BrowserSession;
  let page: Page;
  let webhookId: string;
  let ingestionUrl: string;
  const browserErrors: string[] = [];

  const api = async (query: string, variables: Record<string, unknown> = {}) => {
    const result = await gql(server.url, query, variables, { apiKey: tenant.adminKey });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  };
  const memberPoints = async () =>
    (await api(`query($id: String!) { customer(id: $id) { points } }`, { id: 'm-1' })).customer.points as number;

  beforeAll(async () => {
    const port = await freePort();
    server = await startTestApp({
      consoleDist: path.resolve(REPO_ROOT, 'console/dist'),
      port,
      publicUrl: `http://127.0.0.1:${port}`,
    });
    tenant = await createTenant(server.deps);
    // The member joins through an opt_in webhook first (a precondition, not what is under test).
    const { createWebhook: join } = await api(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id endpoint } }`,
      {
        input: {
          name: 'Join',
          method: 'POST',
          endpoint: 'join',
          action: 'opt_in',
          mapping: [{ from: 'customer', to: 'customer' }],
        },
      },
    );
    await api(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id: join.id });
    const joined = await fetch(`${server.url}/webhooks/custom/${tenant.slug}/${join.endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'm-1' }),
    });
    expect(joined.status, await joined.text()).toBe(200);
    const { createWebhook } = await api(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id endpoint } }`,
      {
        input: {
          name: 'Shop orders',
          method: 'POST',
          endpoint: 'shop-orders',
          action: 'point_add',
          mapping: [
            { from: 'customer', to: 'customer' },
            { from: 'total_price', to: 'data.points' },
          ],
        },
      },
    );
    webhookId = createWebhook.id;
    ingestionUrl = `${server.url}/webhooks/custom/${tenant.slug}/${createWebhook.endpoint}`;
    await api(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id: webhookId });

    session = await openBrowser();
    page = session.page;
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console error: ${message.text()}`);
    });
  });

  // The steps build on each other: after one fails, the rest would only time out on its consequences.
  let failed = false;
  beforeEach((context) => {
    if (failed) context.skip();
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. a request without an expression gives the total as it is: 58.69 points', async () => {
    const response = await fetch(ingestionUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'm-1', total_price: '58.69' }),
    });
    expect(response.status, await response.text()).toBe(200);
    expect(await memberPoints()).toBe(58.69);
  });

  it('2. the admin adds an expression behind ƒx and reads what is wrong while it is incomplete', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(tenant.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(tenant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incoming webhooks' }).waitFor();
    await page.goto(`${server.url}/incoming-webhooks/${encodeURIComponent(webhookId)}`);
    await page.getByRole('heading', { level: 1, name: 'Shop orders' }).waitFor();

    const settings = page.getByRole('form', { name: 'Webhook settings' });
    const row = settings.getByRole('group', { name: 'Mapping 2' });
    await row.getByRole('button', { name: 'ƒx: compute mapping 2 with an expression' }).click();
    const expression = row.getByRole('textbox', { name: 'Expression' });
    await expression.fill('$floor($number($) * 10');
    // Checked in the browser as it is typed, with JSONata's position: the chunk that does it loads on demand.
    await eventually(() => textOf(row.getByText(/^The expression is not valid JSONata/))).toMatch(
      /Expected "\)" before end of expression \(at position \d+\)\.$/,
    );
    await session.screenshot('expressions-01-syntax-error');
  });

  it('3. sees its result on a sample body, then saves it', async () => {
    const settings = page.getByRole('form', { name: 'Webhook settings' });
    const row = settings.getByRole('group', { name: 'Mapping 2' });
    await row.getByRole('textbox', { name: 'Expression' }).fill('$floor($number($) * 10)');
    const sample = settings.getByRole('textbox', { name: 'Sample body for previews' });
    await sample.fill('{"customer": "m-1", "total_price": "58.69"}');
    const preview = row.getByRole('status', { name: 'Preview of mapping 2' });
    await eventually(() => textOf(preview)).toBe('Result on the sample: 586');
    expect(await row.getByRole('textbox', { name: 'Expression' }).getAttribute('aria-invalid')).not.toBe('true');
    await session.screenshot('expressions-02-preview');

    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await settingsSaved(settings);
    const stored = await api(`query($id: ID!) { webhook(id: $id) { mapping { from to expression } } }`, {
      id: webhookId,
    });
    expect(stored.webhook.mapping).toEqual([
      { from: 'customer', to: 'customer', expression: null },
      { from: 'total_price', to: 'data.points', expression: '$floor($number($) * 10)' },
    ]);
  });

  it('4. a real request now earns 10 points per unit of its total, rounded down', async () => {
    const before = await memberPoints();
    const response = await fetch(ingestionUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'm-1', total_price: '58.69' }),
    });
    expect(response.status, await response.text()).toBe(200);
    expect(await memberPoints()).toBeCloseTo(before + 586, 4);
  });

  it('5. the page reloads with the expression in its row, and nothing went wrong in the browser', async () => {
    await page.reload();
    const row = page.getByRole('form', { name: 'Webhook settings' }).getByRole('group', { name: 'Mapping 2' });
    expect(await row.getByRole('textbox', { name: 'Expression' }).inputValue()).toBe('$floor($number($) * 10)');
    expect(browserErrors).toEqual([]);
  });
});
