import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  activateWebhook,
  apiWith,
  createWebhook,
  openConsoleBrowser,
  skipStepsAfterAFailure,
  startConsoleServer,
  type Api,
  enrolMember,
} from './fixtures.js';
import { eventually, settingsSaved, signInFromRoot } from './ui.js';

/**
 * Fan-out in the console, end to end (issue 11): an admin sets "Split into items" to `body.lines` in a webhook's
 * editor and saves; a real request of 3 lines to the ingestion URL then registers 3 events, and its log lists them
 * in item order. Headless Chromium on the production build, real server and PostgreSQL.
 */

describe.skipIf(!HAS_CHROMIUM)('Fan-out (splitOn) in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let browserErrors: string[];
  let webhookId: string;
  let ingestionUrl: string;

  const send = async (body: unknown) => {
    const response = await fetch(ingestionUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);
    await enrolMember(server, api, tenant.slug, 'm-1');
    const order = await createWebhook(api, {
      name: 'Order lines',
      method: 'POST',
      endpoint: 'order-lines',
      action: 'point_add',
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
        { from: 'sku', to: 'data.reason' },
      ],
    });
    webhookId = order.id;
    ingestionUrl = `${server.url}/webhooks/custom/${tenant.slug}/${order.endpoint}`;
    await activateWebhook(api, webhookId);
    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. the admin sets "Split into items" to body.lines in the editor and saves', async () => {
    await signInFromRoot(page, server.url, tenant);
    await page.goto(`${server.url}/incoming-webhooks/${encodeURIComponent(webhookId)}`);
    await page.getByRole('heading', { level: 1, name: 'Order lines' }).waitFor();
    const settings = page.getByRole('form', { name: 'Webhook settings' });
    await settings.getByRole('textbox', { name: 'Split into items' }).fill('body.lines');
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await settingsSaved(settings);
    const stored = await api(`query($id: ID!) { webhook(id: $id) { splitOn } }`, { id: webhookId });
    expect(stored.webhook.splitOn).toBe('body.lines');
    await session.screenshot('fan-out-01-split-saved');
  });

  it('2. a request of 3 lines to the ingestion URL registers 3 events', async () => {
    const response = await send({
      order: 'A-1',
      lines: [
        { customer: 'm-1', points: 1, sku: 'a' },
        { customer: 'm-1', points: 2, sku: 'b' },
        { customer: 'm-1', points: 3, sku: 'c' },
      ],
    });
    expect(response.status, response.text).toBe(200);
    const { customer } = await api(`query($id: String!) { customer(id: $id) { points } }`, { id: 'm-1' });
    expect(customer.points).toBe(6);
  });

  it('3. its log, opened from the Logs tab, lists the three events in item order', async () => {
    await page.getByRole('tab', { name: 'Logs' }).click();
    const rows = page.getByTestId('log-row');
    await eventually(() => rows.count()).toBe(1);
    await rows.first().getByRole('link').first().click();
    const events = page.getByRole('table', { name: 'Registered events' });
    await events.waitFor();
    await page.getByText('Registered events (3)').waitFor();
    const lines = await events
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
      );
    expect(lines).toEqual([
      ['1', 'point_add', 'm-1', '1'],
      ['2', 'point_add', 'm-1', '2'],
      ['3', 'point_add', 'm-1', '3'],
    ]);
    await session.screenshot('fan-out-02-log-events');
    expect(browserErrors).toEqual([]);
  });
});
