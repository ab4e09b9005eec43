import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
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
  axeViolations,
} from './fixtures.js';
import { eventually, settingsSaved, signInFromRoot, textOf } from './ui.js';

/**
 * Replay in a real browser (issue 10): a webhook whose filter refuses the requests a sender sends; the admin fixes
 * the filter in the console, filters the Logs tab to the refused requests, replays them all with "Replay N
 * matching", watches the progress bar finish — and the replays arrive live in a second window that follows the
 * webhook's Logs tab with Live on — and finds each request replayed PROCESSED, linked to its original.
 */

const SENT = 3;

describe.skipIf(!HAS_CHROMIUM)('Replay in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  /** A second window on the webhook's Logs tab with Live on: the replays arrive there without a reload. */
  let watcher: Page;
  let browserErrors: string[];
  let webhookId: string;
  let ingestionUrl: string;

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);
    await enrolMember(server, api, tenant.slug, 'm-1');
    const points = await createWebhook(api, {
      name: 'Shop points',
      method: 'POST',
      endpoint: 'shop-points',
      action: 'point_add',
      // A typo: the shop sends "order".
      filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'ordr' }] },
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    webhookId = points.id;
    await activateWebhook(api, points.id);
    ingestionUrl = `${server.url}/webhooks/custom/${tenant.slug}/${points.endpoint}`;
    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  const rows = () => page.getByTestId('log-row');
  /** axe-core's serious and critical violations on the page as it is now (as a11y.test.ts audits other screens). */
  const blockingViolations = async () => {
    // As a11y.test.ts audits: nothing hovered, transitions over.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(350);
    return (await axeViolations(page))
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  };
  const points = async () => (await api(`query { customer(id: "m-1") { points } }`)).customer.points as number | string;

  it('1. the filter refuses the requests the shop sends', async () => {
    for (let i = 1; i <= SENT; i++) {
      const response = await fetch(ingestionUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'm-1', points: i, kind: 'order' }),
      });
      expect(response.headers.get('x-webhook-error')).toBe('FILTERED');
    }
  });

  it('2. the admin fixes the filter in the console', async () => {
    await signInFromRoot(page, server.url, tenant);
    await page.goto(`${server.url}/incoming-webhooks/${encodeURIComponent(webhookId)}`);
    await page.getByRole('heading', { level: 1, name: 'Shop points' }).waitFor();
    const settings = page.getByRole('form', { name: 'Webhook settings' });
    await settings.getByRole('textbox', { name: 'Condition 1 value' }).fill('order');
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await settingsSaved(settings);
  });

  it('3. a second window follows the Logs tab live', async () => {
    watcher = await page.context().newPage();
    await watcher.goto(`${server.url}/incoming-webhooks/${encodeURIComponent(webhookId)}/logs`);
    await eventually(() => watcher.getByTestId('log-row').count()).toBe(SENT);
    await watcher.getByRole('switch', { name: 'Live' }).check({ force: true });
    await watcher.getByText('Connected', { exact: true }).waitFor();
  });

  it('4. "Replay 3 matching" on the refused requests, confirmed, runs to its end with a progress bar', async () => {
    await page.bringToFront();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await eventually(() => rows().count()).toBe(SENT);
    await page.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Filtered out' }).click();
    await eventually(() => rows().count()).toBe(SENT);

    await page.getByRole('button', { name: `Replay ${SENT} matching` }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay requests' });
    expect(await textOf(dialog)).toContain(`Replay ${SENT} requests through the webhook as configured now?`);
    expect(await blockingViolations()).toEqual([]);
    await dialog.getByRole('button', { name: `Replay ${SENT}` }).click();
    await page.getByText(`Replayed ${SENT} of ${SENT}: ${SENT} processed.`).waitFor();
    expect(await page.getByRole('progressbar', { name: `Replayed ${SENT} of ${SENT}` }).count()).toBe(1);
    expect(Number(await points())).toBe(1 + 2 + 3);
    await session.screenshot('replay-01-done');
  });

  it('5. the replays arrived live in the other window, PROCESSED, without a reload', async () => {
    const arrived = watcher.locator('[data-testid="log-row"][data-new="true"]');
    await eventually(() => arrived.filter({ hasText: 'Processed' }).count()).toBe(SENT);
    expect(await watcher.getByTestId('log-row').count()).toBe(SENT * 2);
    await watcher.close();
  });

  it('6. each replay is PROCESSED and links to the request it replayed', async () => {
    await page.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Processed' }).click();
    // The filtered list stays shown until the processed one arrives: wait for the replays themselves.
    await eventually(() => rows().filter({ hasText: 'Processed' }).count()).toBe(SENT);
    await rows().first().getByRole('link').first().click();
    await page.getByText('Replay of').waitFor();
    await page.getByRole('link', { name: /the request received/ }).click();
    await page.getByText('Why it was not processed').waitFor();
    await page.getByRole('button', { name: 'Replay' }).waitFor();
    expect(browserErrors).toEqual([]);
  });
});
