import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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
  axeViolations,
  enrolMember,
} from './fixtures.js';
import { eventually, signIn, textOf } from './ui.js';

/**
 * Logs in a real browser (issue 12): requests sent to a real ingestion URL — processed, refused for an unknown
 * customer, filtered out — then the account's Logs page searched by customer id and by text in the body, a log
 * opened with its filter trace by group, and "Copy as curl" read back from the clipboard. Headless Chromium on the
 * production build, real server and PostgreSQL.
 */

describe.skipIf(!HAS_CHROMIUM)('Logs in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let browserErrors: string[];
  let ingestionUrl: string;
  const sent: Record<string, string> = {};

  const send = async (name: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(ingestionUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    sent[name] = response.headers.get('x-request-id')!;
    return response.status;
  };
  const rows = () => page.getByTestId('log-row');
  /** axe-core's serious and critical violations on the page as it is now (as a11y.test.ts audits other screens). */
  const blockingViolations = async () => {
    // As a11y.test.ts audits: nothing hovered (a hovered active navigation link is a state of its own).
    await page.mouse.move(0, 0);
    await page.waitForTimeout(350);
    return (await axeViolations(page))
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  };

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
      filter: {
        join: 'AND',
        conditions: [{ attribute: 'body.points', operator: 'GREATER_THAN', value: 0 }],
        groups: [
          {
            join: 'OR',
            conditions: [
              { attribute: 'body.kind', operator: 'EQUALS', value: 'order' },
              { attribute: 'body.kind', operator: 'EQUALS', value: 'refund' },
            ],
          },
        ],
      },
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    await activateWebhook(api, points.id);
    ingestionUrl = `${server.url}/webhooks/custom/${tenant.slug}/${points.endpoint}`;
    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. requests are sent: processed, refused for an unknown customer, filtered out', async () => {
    expect(await send('processed', { customer: 'm-1', points: 5, kind: 'order', note: 'Order #A-1001' })).toBe(200);
    expect(
      await send('unknown', { customer: 'ghost-7', points: 5, kind: 'order' }, { 'x-api-key': 'top-secret' }),
    ).toBe(422);
    expect(await send('filtered', { customer: 'm-1', points: 5, kind: 'gift' })).toBe(422);
  });

  it('2. the Logs page in the navigation lists them across webhooks, newest first', async () => {
    await signIn(page, server.url, { email: tenant.email, password: tenant.password });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Logs' }).click();
    await page.waitForURL(/\/logs$/);
    await page.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
    await eventually(() => rows().count()).toBe(4);
    const newest = await textOf(rows().first());
    expect(newest).toContain('Shop points');
    expect(newest).toContain('Filtered out');
    expect(newest).toMatch(/\d+\.\d ms/);
    expect(await blockingViolations()).toEqual([]);
  });

  it('3. searching by customer id finds the refusal with its customer', async () => {
    await page.getByRole('textbox', { name: 'Customer id' }).fill('ghost-7');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/customer=ghost-7/);
    await eventually(() => rows().count()).toBe(1);
    const row = await textOf(rows().first());
    expect(row).toContain('ghost-7');
    expect(row).toContain('Invalid event');
  });

  it('4. searching by text in the body finds the processed order, with its event', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await eventually(() => rows().count()).toBe(4);
    await page.getByRole('textbox', { name: 'Text in the body' }).fill('order #a-1001');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(() => rows().count()).toBe(1);
    const row = rows().first();
    expect(await textOf(row)).toContain('m-1');
    await row.getByRole('link', { name: 'point_add' }).waitFor();
  });

  it('5. the refused request opens with its customer, its filter trace by group, and Copy as curl', async () => {
    await page.goto(`${server.url}/logs?customer=ghost-7`);
    await eventually(() => rows().count()).toBe(1);
    await rows().first().getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/logs/${sent.unknown}$`));
    await page.getByRole('link', { name: 'ghost-7' }).waitFor();
    const filter = page.getByRole('group', { name: 'Filter: all of these (and), matched' });
    await filter.waitFor();
    const or = filter.getByRole('group', { name: 'Group 1: any of these (or), matched' });
    // kind = order matched the OR group: its second condition was never evaluated.
    expect(await or.getByTestId('condition-trace').evaluateAll((nodes) => nodes.map((n) => n.textContent))).toEqual([
      expect.stringContaining('Passed'),
      expect.stringContaining('Not evaluated'),
    ]);

    await page.getByRole('button', { name: 'Copy as curl' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`curl -X POST '${ingestionUrl}'`);
    expect(copied).toContain("-H 'content-type: application/json'");
    expect(copied).toContain("-H 'x-api-key: <X-Api-Key>'");
    expect(copied).toContain(`--data-raw '{"customer":"ghost-7","points":5,"kind":"order"}'`);
    expect(copied).not.toContain('top-secret');
    await page.getByRole('button', { name: 'Show command' }).click();
    expect(await textOf(page.getByTestId('curl-command'))).toBe(copied);
    await page.getByText('replace <X-Api-Key> before sending').waitFor();
    expect(await blockingViolations()).toEqual([]);
  });

  it('6. the copied command, secrets filled in, sends the same request again', async () => {
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // The shell runs curl as the console wrote it (the placeholder filled in): the same refusal, logged anew. Not
    // execFileSync: the server answering curl runs in this process, and must not wait for it.
    const { stdout } = await promisify(execFile)('sh', [
      '-c',
      `${copied.replace('<X-Api-Key>', 'top-secret')} -s -o /dev/null -w '%{http_code}'`,
    ]);
    expect(stdout).toBe('422');
    expect(browserErrors).toEqual([]);
  });

  it('7. a filtered request shows which group failed', async () => {
    await page.goto(`${server.url}/logs/${sent.filtered}`);
    const filter = page.getByRole('group', { name: 'Filter: all of these (and), not matched' });
    await filter.waitFor();
    await filter.getByRole('group', { name: 'Group 1: any of these (or), not matched' }).waitFor();
    await page.getByText('The filter did not match: nothing was registered.').waitFor();
    expect(browserErrors).toEqual([]);
  });
});
