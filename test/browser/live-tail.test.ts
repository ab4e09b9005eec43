import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  activateWebhook,
  apiWith,
  createWebhook,
  enrolMember,
  openConsoleBrowser,
  skipStepsAfterAFailure,
  startConsoleServer,
  type Api,
} from './fixtures.js';
import { eventually, signIn, textOf } from './ui.js';

/**
 * The live tail in a real browser (issue 10): a webhook's Logs tab with Live on, requests sent over HTTP to the
 * console's server and to a second instance on the same database, rows appearing without a reload; Pause holds
 * them (counted) until Resume. Headless Chromium on the production build, real servers and PostgreSQL.
 */

describe.skipIf(!HAS_CHROMIUM)('Live tail in a real browser', () => {
  let server: TestApp;
  let other: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let browserErrors: string[];
  let endpoint: string;
  let webhookId: string;
  /** Requests sent and every row's request id as logged. */
  const sent: string[] = [];

  const send = async (to: TestApp, body: unknown) => {
    const response = await fetch(`${to.url}/webhooks/custom/${tenant.slug}/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    sent.push(response.headers.get('x-request-id')!);
    return response.status;
  };
  const rows = () => page.getByTestId('log-row');
  const newRows = () => page.locator('[data-testid="log-row"][data-new="true"]');

  beforeAll(async () => {
    server = await startConsoleServer();
    other = await startTestApp({ database: server.database });
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);
    await enrolMember(server, api, tenant.slug, 'm-1');
    const points = await createWebhook(api, {
      name: 'Shop points',
      method: 'POST',
      endpoint: 'shop-points',
      action: 'point_add',
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    await activateWebhook(api, points.id);
    ({ id: webhookId, endpoint } = points);
    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await other?.close();
    await server?.close();
  });

  it("1. the webhook's Logs tab lists the request sent before, and Live connects", async () => {
    expect(await send(server, { customer: 'm-1', points: 1 })).toBe(200);
    await signIn(page, server.url, { email: tenant.email, password: tenant.password });
    await page.goto(`${server.url}/incoming-webhooks/${webhookId}/logs`);
    await eventually(() => rows().count()).toBe(1);
    await page.getByRole('switch', { name: 'Live' }).check({ force: true });
    await page.getByText('Connected', { exact: true }).waitFor();
    // The subscription is registered once the server has started following (no request may slip past it).
    await eventually(async () => server.liveTail.size).toBe(1);
  });

  it('2. requests sent to either instance appear on top, highlighted, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    expect(await send(other, { customer: 'm-1', points: 2 })).toBe(200);
    expect(await send(server, { customer: 'ghost', points: 3 })).toBe(422);
    await eventually(() => rows().count()).toBe(3);
    expect(await newRows().count()).toBe(2);
    const newest = await textOf(rows().first());
    expect(newest).toContain('ghost');
    expect(newest).toContain('Invalid event');
    expect(await textOf(rows().nth(1))).toContain('m-1');
    expect(navigations).toEqual([]);
  });

  it('3. Pause holds new requests back, counting them; Resume shows them', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await send(other, { customer: 'm-1', points: 4 })).toBe(200);
    expect(await send(server, { customer: 'm-1', points: 5 })).toBe(200);
    await page.getByText('2 new', { exact: true }).waitFor();
    expect(await rows().count()).toBe(3);
    await page.getByRole('button', { name: 'Resume' }).click();
    await eventually(() => rows().count()).toBe(5);
    expect(await newRows().count()).toBe(4);
  });

  it('4. Live off ends the subscription, and the list keeps every request', async () => {
    await page.getByRole('switch', { name: 'Live' }).uncheck({ force: true });
    await eventually(async () => server.liveTail.size).toBe(0);
    await eventually(() => rows().count()).toBe(5);
    expect(await newRows().count()).toBe(0);
    expect(browserErrors).toEqual([]);
  });
});
