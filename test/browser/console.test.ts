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
 * One admin's day in the console, end to end: headless Chromium on the production build, served by the real
 * server over a database of its own, with real ingestion requests in between. The steps run in order and share
 * the browser, the server and what earlier steps created.
 */

/** The messages a form input points to with aria-describedby (Mantine's description and error). */
async function describedBy(page: Page, input: Locator): Promise<string[]> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  return Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
}

describe.skipIf(!HAS_CHROMIUM)('The console in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let pointAdd: Blueprint;
  let member: string;
  let webhookId: string;
  let ingestionPath: string;
  let browserErrors: string[];

  const webhookStatus = async () =>
    (await api(`query($id: ID!) { webhook(id: $id) { status } }`, { id: webhookId })).webhook.status;
  const memberPoints = async () =>
    (await api(`query($id: String!) { customer(id: $id) { points } }`, { id: member })).customer.points;

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);

    // Preconditions, through the API: an active opt_in webhook that already holds the endpoint the "Point add"
    // blueprint suggests (so saving the blueprint as it is must be refused), and a member it enrolled.
    const blueprints = await blueprintsOf(api);
    pointAdd = blueprints['point-add-example']!;
    const optIn = blueprints['optin-labels-example']!;
    expect(pointAdd.template.endpoint).toBe('endpoint1');
    member = String(pointAdd.sample.body.clientID);

    const optInWebhook = await createWebhook(api, {
      ...optIn.template,
      name: 'Member opt-in',
      endpoint: pointAdd.template.endpoint,
    });
    await activateWebhook(api, optInWebhook.id);
    const optedIn = await fetch(`${server.url}/webhooks/custom/${tenant.slug}/${pointAdd.template.endpoint}`, {
      method: 'POST',
      headers: optIn.sample.headers,
      body: JSON.stringify({ ...optIn.sample.body, customerID: member }),
    });
    expect(optedIn.status, await optedIn.text()).toBe(200);
    expect(await memberPoints()).toBe(0);

    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true, httpErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. signs in with email and password and lands on the webhooks list', async () => {
    await signInFromRoot(page, server.url, tenant);
    expect(new URL(page.url()).pathname).toBe('/incoming-webhooks');
    await page.getByText(tenant.email).waitFor();
    const row = page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: 'Member opt-in' });
    await row.waitFor();
    const text = await textOf(row);
    expect(text).toContain(`http://127.0.0.1:${new URL(server.url).port}/webhooks/custom/${tenant.slug}/endpoint1`);
    expect(text).toContain('Opt in');
    expect(text).toContain('Active');
    expect(text).toContain('200');
    expect(text).toContain('Processed');
    expect(await clipped(row.getByRole('button', { name: 'Copy URL of Member opt-in' }))).toBe(false);
    await session.screenshot('01-webhooks-list');
  });

  it('2. creates a webhook from the "Point add" example: the card opens the editor prefilled', async () => {
    await page.getByRole('link', { name: 'Create webhook' }).click();
    const card = page.getByRole('article', { name: 'Point add', exact: true });
    await card.waitFor();
    await card.getByRole('link', { name: 'Use Point add' }).click();

    await page.getByRole('heading', { level: 1, name: 'New webhook: Point add' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/incoming-webhooks/new/point-add-example');
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Point add');
    expect(await page.getByRole('textbox', { name: 'Endpoint', exact: true }).inputValue()).toBe('endpoint1');
    expect(await page.getByRole('combobox', { name: 'Condition 1 attribute' }).inputValue()).toBe('body.pointadd');
    await page.getByText(`${server.url}/webhooks/custom/${tenant.slug}/endpoint1`, { exact: true }).first().waitFor();
    await session.screenshot('02-editor');
  });

  it('3. shows the endpoint conflict the server reports at the Endpoint field, then saves with a free endpoint', async () => {
    const endpoint = page.getByRole('textbox', { name: 'Endpoint', exact: true });
    await page.getByRole('button', { name: 'Create webhook' }).click();

    const message = 'The endpoint "endpoint1" is already used by another webhook of this account.';
    const summary = page.getByRole('alert').filter({ hasText: 'The webhook was not saved' });
    expect(await textOf(summary)).toContain(`Endpoint: ${message}`);
    await eventually(() => endpoint.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(page, endpoint)).toContain(message);
    expect(new URL(page.url()).pathname).toBe('/incoming-webhooks/new/point-add-example');
    await session.screenshot('03-editor-conflict');

    await endpoint.fill('points');
    // Changing the endpoint makes the server's complaint about the old one outdated.
    await eventually(() => endpoint.getAttribute('aria-invalid')).not.toBe('true');
    await summary.waitFor({ state: 'detached' });
    await page.getByText(`${server.url}/webhooks/custom/${tenant.slug}/points`, { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Create webhook' }).click();

    await page.waitForURL(/\/incoming-webhooks\/(?!new)[^/]+$/);
    webhookId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    ingestionPath = `/webhooks/custom/${tenant.slug}/points`;
    await page.getByRole('heading', { level: 1, name: 'Point add' }).waitFor();
    await page.getByText('Point add is inactive until you set it active.').waitFor();
    await page.getByText(`${server.url}${ingestionPath}`, { exact: true }).first().waitFor();
    expect(await textOf(statusBadge(page))).toBe('Inactive');
    expect(await webhookStatus()).toBe('INACTIVE');

    // Its Settings tab holds what was saved.
    const settings = page.getByRole('form', { name: 'Webhook settings' });
    await settings.waitFor();
    expect(await settings.getByRole('textbox', { name: 'Endpoint', exact: true }).inputValue()).toBe('points');
    expect(await settings.getByRole('combobox', { name: 'Condition 1 attribute' }).inputValue()).toBe('body.pointadd');
    expect(await settings.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await session.screenshot('04-webhook-settings');
  });

  it('4. sets it active after confirming and shows ACTIVE', async () => {
    await page.getByRole('button', { name: 'Set active' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set this webhook active?' });
    await dialog.getByRole('button', { name: 'Set webhook active' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const setInactive = page.getByRole('button', { name: 'Set inactive' });
    await setInactive.waitFor();
    expect(await page.getByRole('button', { name: 'Set active' }).count()).toBe(0);
    expect(await textOf(statusBadge(page))).toBe('Active');
    // The confirmation toast is up now; it must not hide the next action (nor Sign out).
    await page.getByText('The webhook is active.').waitFor();
    expect(await covered(setInactive)).toBe(false);
    expect(await covered(page.getByRole('button', { name: 'Sign out' }))).toBe(false);
    expect(await webhookStatus()).toBe('ACTIVE');
  });

  it('5. accepts a real request to its ingestion URL', async () => {
    const response = await fetch(`${server.url}${ingestionPath}`, {
      method: pointAdd.template.method,
      headers: pointAdd.sample.headers,
      body: JSON.stringify(pointAdd.sample.body),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text)).toEqual({ ok: true });
    expect(await memberPoints()).toBe(pointAdd.sample.body.pointstobeadded);
  });

  it('6. lists the request in the Logs tab and opens its detail, linked to the event it registered', async () => {
    await page.getByRole('tab', { name: 'Logs' }).click();
    const rows = page.getByTestId('log-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const row = await textOf(rows.first());
    // The request's path is the webhook's own, so the row shows the method alone (issue 12).
    expect(row).toContain('POST');
    expect(row).not.toContain(ingestionPath);
    expect(await textOf(rows.first().getByRole('cell').nth(3))).toBe('200');
    expect(await textOf(rows.first().getByRole('cell').nth(4))).toBe('Processed');
    await session.screenshot('05-logs');

    await rows.first().getByRole('link').first().click();
    await page.getByRole('heading', { name: `POST ${ingestionPath}` }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/incoming-webhooks/${webhookId}/logs/[^/]+$`));

    // Headers and bodies are pretty-printed JSON, as received and as answered.
    const request = page.getByRole('region', { name: 'Request' });
    const requestText = await textOf(request);
    expect(requestText).toContain('"content-type": "application/json"');
    expect(requestText).toContain(JSON.stringify(pointAdd.sample.body, null, 2));
    const response = page.getByRole('region', { name: 'Response' });
    const responseText = await textOf(response);
    expect(responseText).toContain('Response 200');
    expect(responseText).toContain(JSON.stringify({ ok: true }, null, 2));

    const registered = page.getByRole('alert').filter({ hasText: 'Registered event' });
    const eventLink = registered.getByRole('link', { name: `point_add for customer ${member}` });
    await eventLink.waitFor();
    await session.screenshot('06-log-detail');
    await eventLink.click();
    await page.waitForURL(new RegExp(`/customers/${member}#event-`));
  });

  it('7. shows the event and the new balance on the customer page', async () => {
    await page.getByRole('heading', { level: 1, name: 'Hooklabel Webhook' }).waitFor();
    expect(await textOf(page.getByTestId('customer-points'))).toBe(String(pointAdd.sample.body.pointstobeadded));

    const events = page.getByRole('table', { name: 'Events' }).locator('tbody').getByRole('row');
    await events.first().waitFor();
    expect(await events.count()).toBe(2);
    // Newest first: the point_add from this webhook, then the opt_in that enrolled the member.
    const pointRow = await textOf(events.nth(0));
    expect(pointRow).toContain('point_add');
    expect(pointRow).toContain('"points":100');
    expect(pointRow).toContain('"reason":"Welcome bonus"');
    expect(pointRow).toContain('Point add');
    expect(pointRow).toContain('View request log');
    expect(await textOf(events.nth(1))).toContain('opt_in');
    // As displayed (innerText applies CSS text-transform): event names and labels keep their case.
    expect(await events.nth(0).getByText('point_add', { exact: true }).innerText()).toBe('point_add');
    expect(await page.getByRole('list', { name: 'Labels' }).getByRole('listitem').allInnerTexts()).toEqual([
      'Webhooklabel',
    ]);

    // The linked event is the one the log registered, and it is the one highlighted.
    const highlighted = page.locator(`[id="${new URL(page.url()).hash.slice(1)}"]`);
    expect(await highlighted.textContent()).toContain('point_add');
    await session.screenshot('07-customer');
  });

  it('8. runs the Test panel with a body the filter refuses and shows the failed condition', async () => {
    await page.getByRole('table', { name: 'Events' }).getByRole('link', { name: 'Point add', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Point add' }).waitFor();
    await page.getByRole('tab', { name: 'Test' }).click();

    const body = page.getByRole('textbox', { name: 'Body', exact: true });
    await body.fill(JSON.stringify({ clientID: member, pointstobeadded: 5, reason: 'No filter attribute' }, null, 2));
    await page.getByRole('button', { name: 'Run test' }).click();

    const failed = page.locator('[data-testid="condition-trace"][data-passed="false"]');
    const trace = await textOf(failed);
    expect(trace).toContain('body.pointadd');
    expect(trace).toContain('Actual value: missing');
    expect(trace).not.toContain('missing — missing');
    expect(await page.locator('[data-testid="condition-trace"][data-passed="true"]').count()).toBe(0);
    await page.getByText('The filter did not match: nothing would be registered.').waitFor();
    await page.getByText('Filtered out', { exact: true }).first().waitFor();
    await session.screenshot('08-test-panel');

    // A test registers nothing.
    expect(await memberPoints()).toBe(pointAdd.sample.body.pointstobeadded);
  });

  it('9. archives it after setting it inactive; the dialog warns that archiving is irreversible', async () => {
    await page.getByRole('button', { name: 'Set inactive' }).click();
    const deactivate = page.getByRole('dialog', { name: 'Set this webhook inactive?' });
    await deactivate.getByRole('button', { name: 'Set webhook inactive' }).click();
    await deactivate.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Set active' }).waitFor();
    expect(await textOf(statusBadge(page))).toBe('Inactive');

    await page.getByRole('button', { name: 'Archive' }).click();
    const archive = page.getByRole('dialog', { name: 'Archive this webhook?' });
    expect(await textOf(archive)).toContain('Archiving is irreversible');
    await archive.getByRole('button', { name: 'Archive webhook' }).click();
    await archive.waitFor({ state: 'hidden' });

    await eventually(async () => (await statusBadge(page).textContent())?.trim()).toBe('Archived');
    // Nothing can be done to an archived webhook any more.
    for (const name of ['Set active', 'Set inactive', 'Archive']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    expect(await webhookStatus()).toBe('ARCHIVED');
    await session.screenshot('09-archived');

    // Its settings can be read, not changed.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByText('Archived webhooks cannot be changed.').waitFor();
    const settings = page.getByRole('form', { name: 'Webhook settings' });
    expect(await settings.getByRole('textbox', { name: 'Endpoint', exact: true }).isDisabled()).toBe(true);
    expect(await settings.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
  });

  it('raised no errors in the browser along the way', () => {
    expect(browserErrors).toEqual([]);
  });
});

/** Whether the element or anything in it cuts its content off (e.g. a button squeezed narrower than its label). */
function clipped(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) =>
    [element, ...Array.from(element.querySelectorAll('*'))].some((node) => node.scrollWidth > node.clientWidth + 1),
  );
}

/** Whether something else is drawn over the middle of the element, so a click there would not reach it. */
function covered(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !(top && element.contains(top));
  });
}

/** The status badge next to the webhook's name in its page header. */
function statusBadge(page: Page): Locator {
  return page.getByRole('heading', { level: 1 }).locator('xpath=..').locator('.mantine-Badge-root');
}
