import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  activateWebhook,
  apiWith,
  axeViolations,
  createWebhook,
  enrolMember,
  openConsoleBrowser,
  skipStepsAfterAFailure,
  startConsoleServer,
  type Api,
} from './fixtures.js';
import { eventually, signInFromRoot, textOf } from './ui.js';

/**
 * The Test panel, end to end (issue 12): a webhook created from the "point add" blueprint passes its first test run
 * with the built sample (typed points, the account's member picked); a filter edited in the Settings tab is tested
 * without saving (nothing changes on the server); the last request, whose token header the log redacted, is sent
 * again with that value typed in — never as "[REDACTED]" — and is processed like the original. Headless Chromium
 * on the production build, real server and PostgreSQL.
 */

describe.skipIf(!HAS_CHROMIUM)('The Test panel in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let browserErrors: string[];
  let pointsId: string;
  let partnerId: string;

  const PARTNER_TOKEN = 'tok-123-partner';

  const stored = async (id: string) =>
    (await api(`query($id: ID!) { webhook(id: $id) { version filter { conditions { attribute } } } }`, { id })).webhook;

  /** The outcome badge of the run shown in `scope`, once a run has answered. */
  const outcomeIn = (scope: Page | Locator) => textOf(scope.getByTestId('test-outcome'));

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);
    await enrolMember(server, api, tenant.slug, 'm-1');
    const { createWebhookFromBlueprint: points } = await api(
      `mutation { createWebhookFromBlueprint(blueprintId: "point-add-example", name: "Points", endpoint: "points") { id } }`,
    );
    pointsId = points.id;
    await activateWebhook(api, pointsId);

    const partner = await createWebhook(api, {
      name: 'Partner',
      method: 'POST',
      endpoint: 'partner',
      action: 'point_add',
      filter: {
        join: 'AND',
        conditions: [{ attribute: 'headers.x-partner-token', operator: 'EQUALS', value: PARTNER_TOKEN }],
      },
      mapping: [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
    partnerId = partner.id;
    await activateWebhook(api, partnerId);
    const sent = await fetch(`${server.url}/webhooks/custom/${tenant.slug}/partner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-partner-token': PARTNER_TOKEN },
      body: JSON.stringify({ customer: 'm-1', points: 5 }),
    });
    expect(sent.status, await sent.text()).toBe(200);
    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. the first run of the blueprint’s built sample passes, for the member picked; axe finds nothing serious', async () => {
    await signInFromRoot(page, server.url, tenant);
    await page.goto(`${server.url}/incoming-webhooks/${encodeURIComponent(pointsId)}/test`);
    const customer = page.getByRole('combobox', { name: 'Customer' });
    await eventually(() => customer.inputValue()).toBe('m-1');
    const body = JSON.parse(await page.getByRole('textbox', { name: 'Body' }).inputValue());
    expect(body).toMatchObject({ clientID: 'm-1', pointstobeadded: 1 });

    await page.getByRole('button', { name: 'Run test' }).click();
    expect(await outcomeIn(page)).toBe('Processed');
    await session.screenshot('test-panel-01-first-run');

    const serious = (await axeViolations(page)).filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(
      serious.map(
        (violation) =>
          `${violation.id}: ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
      ),
    ).toEqual([]);
  });

  it('2. a filter edited in the Settings tab is tested without saving it', async () => {
    const before = await stored(pointsId);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const settings = page.getByRole('form', { name: 'Webhook settings' });
    const attribute = settings.getByRole('combobox', { name: 'Condition 1 attribute' });
    await attribute.fill('body.bonus');
    await settings.getByRole('button', { name: 'Test unsaved changes' }).click();

    const drawer = page.getByRole('dialog', { name: 'Test your unsaved changes' });
    await drawer.getByText('Testing your unsaved changes').waitFor();
    await eventually(async () =>
      JSON.parse(await drawer.getByRole('textbox', { name: 'Body' }).inputValue()),
    ).toMatchObject({
      bonus: 'example',
      clientID: 'm-1',
    });
    await drawer.getByRole('button', { name: 'Run test' }).click();
    expect(await outcomeIn(drawer)).toBe('Processed');
    await session.screenshot('test-panel-02-draft');

    const serious = (await axeViolations(page)).filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(
      serious.map(
        (violation) =>
          `${violation.id}: ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
      ),
    ).toEqual([]);

    // Nothing was saved: the stored filter and version are as before, and the editor still holds the change.
    expect(await stored(pointsId)).toEqual(before);
    await page.keyboard.press('Escape');
    await eventually(() => attribute.inputValue()).toBe('body.bonus');
    expect(await settings.getByText('Unsaved changes', { exact: true }).isVisible()).toBe(true);
  });

  it('3. the last request is sent again with its redacted token typed in, and is processed like the original', async () => {
    await page.goto(`${server.url}/incoming-webhooks/${encodeURIComponent(partnerId)}/test`);
    // Leaving the edited settings asks first.
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    if (await leave.isVisible().catch(() => false))
      await leave.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('button', { name: 'Run test' }).waitFor();

    await page.getByRole('combobox', { name: 'Sample', exact: true }).click();
    await page.getByRole('option', { name: 'The last request received' }).click();
    await page.getByText('These values were redacted in the log: header x-partner-token').waitFor();

    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByText('Fill in the redacted values first').waitFor();

    await page.getByRole('textbox', { name: 'header x-partner-token' }).fill(PARTNER_TOKEN);
    await page.getByRole('button', { name: 'Run test' }).click();
    expect(await outcomeIn(page)).toBe('Processed');
    await session.screenshot('test-panel-03-last-request');

    const serious = (await axeViolations(page)).filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(
      serious.map(
        (violation) =>
          `${violation.id}: ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
      ),
    ).toEqual([]);
    expect(browserErrors).toEqual([]);
  });
});
