import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  activateWebhook,
  apiWith,
  blueprintsOf,
  createWebhook,
  openConsoleBrowser,
  skipStepsAfterAFailure,
  startConsoleServer,
  type Api,
} from './fixtures.js';
import { eventually, signInFromRoot, textOf, type Blueprint } from './ui.js';

/**
 * A webhook's statistics in the console, end to end: real requests to a webhook's ingestion URL (processed,
 * filtered out, invalid), then the list's last-24-hours column and the webhook page's Statistics section in
 * headless Chromium on the production build, read as text (figures, legend), not as pixels.
 */

describe.skipIf(!HAS_CHROMIUM)('Webhook statistics in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let optIn: Blueprint;
  let webhookId: string;
  let ingestionUrl: string;
  let browserErrors: string[];

  /** Posts a raw body to the webhook's ingestion URL and returns the status it answered. */
  const send = async (body: string) => {
    const response = await fetch(ingestionUrl, { method: 'POST', headers: optIn.sample.headers, body });
    await response.text();
    return response.status;
  };
  const enrol = (customerID: string) => send(JSON.stringify({ ...optIn.sample.body, customerID }));

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);

    optIn = (await blueprintsOf(api))['optin-labels-example']!;
    const busy = await createWebhook(api, { ...optIn.template, name: 'Busy opt-in', endpoint: 'busy' });
    const quiet = await createWebhook(api, { ...optIn.template, name: 'Quiet opt-in', endpoint: 'quiet' });
    webhookId = busy.id;
    ingestionUrl = `${server.url}/webhooks/custom/${tenant.slug}/${busy.endpoint}`;
    await activateWebhook(api, webhookId);
    await activateWebhook(api, quiet.id);

    // 3 processed, 1 filtered out (no optin_labels), 1 invalid request (not JSON), 1 invalid event (no customer).
    expect(await Promise.all(['member-1', 'member-2', 'member-3'].map(enrol))).toEqual([200, 200, 200]);
    expect(await send(JSON.stringify({ customerID: 'member-4' }))).toBe(422);
    expect(await send('{"customerID": ')).toBe(400);
    const { customerID: _dropped, ...withoutCustomer } = optIn.sample.body;
    expect(await send(JSON.stringify(withoutCustomer))).toBe(422);

    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true, httpErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. the list shows each webhook’s last 24 hours: a sparkline, its requests and error rate', async () => {
    await signInFromRoot(page, server.url, tenant);

    const table = page.getByRole('table', { name: 'Webhooks' });
    const busy = table.getByRole('row').filter({ hasText: 'Busy opt-in' });
    const figures = await textOf(busy.getByTestId('volume-24h'));
    // 2 errors (the invalid request and the invalid event) of 6; the filtered request is not one.
    expect(figures).toMatch(/^6 requests33\.3\s?% errors$/);
    // The sparkline's chunk loads after the list: its line has a shape once it is there.
    await eventually(() => sparklinePath(busy)).toMatch(/^M.+L/);
    expect(await textOf(table.getByRole('row').filter({ hasText: 'Quiet opt-in' }).getByTestId('volume-24h'))).toBe(
      'No requests',
    );
    await session.screenshot('stats-01-list');
  });

  it('2. the webhook page sums the last 24 hours by outcome, with an error rate and latencies', async () => {
    await page.getByRole('link', { name: 'Busy opt-in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Busy opt-in' }).waitFor();
    const stats = page.getByRole('region', { name: 'Statistics' });
    expect(await textOf(stats.getByTestId('stats-total'))).toBe('6');
    expect(await textOf(stats.getByTestId('stats-processed'))).toBe('3');
    expect(await textOf(stats.getByTestId('stats-error-rate'))).toMatch(/^33\.3\s?% \(2\)$/);
    expect(await textOf(stats.getByTestId('stats-max-p95'))).toMatch(/^(< 1 ms|\d+ ms|\d+\.\d\d s)$/);
    expect(
      await stats.getByRole('list', { name: 'Requests by outcome' }).getByRole('listitem').allInnerTexts(),
    ).toEqual(['Processed: 3', 'Filtered: 1', 'Duplicate: 0', 'Invalid: 2', 'Rejected: 0', 'Failed: 0']);
    // Both charts are drawn, each named for assistive technology.
    await stats.getByRole('application', { name: 'Requests per hour by outcome' }).waitFor();
    await stats.getByRole('application', { name: 'Latency per hour (p50 and p95)' }).waitFor();
    await session.screenshot('stats-02-webhook-24h');
  });

  it('3. other periods count the same requests, by minute and by UTC day', async () => {
    const stats = page.getByRole('region', { name: 'Statistics' });
    await stats.getByText('1 h', { exact: true }).click();
    await stats.getByRole('application', { name: 'Requests per minute by outcome' }).waitFor();
    expect(await textOf(stats.getByTestId('stats-total'))).toBe('6');
    await session.screenshot('stats-03-webhook-1h');

    await stats.getByText('30 d', { exact: true }).click();
    await stats.getByRole('application', { name: 'Requests per day by outcome' }).waitFor();
    expect(await textOf(stats.getByTestId('stats-total'))).toBe('6');
    expect(await textOf(stats)).toContain('Day (UTC)');
  });

  it('4. Refresh shows a request that arrived while the page was open', async () => {
    expect(await enrol('member-5')).toBe(200);
    const stats = page.getByRole('region', { name: 'Statistics' });
    await stats.getByRole('button', { name: 'Refresh' }).click();
    await eventually(() => textOf(stats.getByTestId('stats-total'))).toBe('7');
    expect(await textOf(stats.getByTestId('stats-processed'))).toBe('4');
    expect(await textOf(stats.getByTestId('stats-error-rate'))).toMatch(/^28\.6\s?% \(2\)$/);
  });

  it('raised no errors in the browser along the way', () => {
    expect(browserErrors).toEqual([]);
  });
});

/** The outline of a row's sparkline (its area's `d`), or '' while it is not drawn yet. */
async function sparklinePath(row: Locator): Promise<string> {
  const area = row.locator('.recharts-area-curve').first();
  return (await area.count()) > 0 ? ((await area.getAttribute('d')) ?? '') : '';
}
