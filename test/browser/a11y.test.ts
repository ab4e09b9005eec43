import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  activateWebhook,
  apiWith,
  blueprintsOf,
  createWebhook,
  openConsoleBrowser,
  startConsoleServer,
  type Api,
  axeViolations,
} from './fixtures.js';
import { signIn } from './ui.js';

/**
 * axe-core on every screen of the console, in both colour schemes where colours differ, with dialogs open and a
 * toast shown: no serious or critical violation anywhere. Every violation found is printed (moderate and minor
 * ones too, for information); the test fails on the serious and critical ones.
 */

describe.skipIf(!HAS_CHROMIUM)('Accessibility of every console screen (axe-core)', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let webhookId: string;
  let spareId: string;
  let logId: string;
  let member: string;
  let reader: { email: string; password: string };
  const blocking: string[] = [];
  const informational: string[] = [];
  const audited: string[] = [];

  /** Runs axe on the page as it is now and records what it finds under `screen`. */
  async function audit(screen: string) {
    // Transitions (dialogs, toasts) finish before colours are measured.
    await page.waitForTimeout(350);
    const violations = await axeViolations(page);
    audited.push(screen);
    for (const violation of violations) {
      const where = violation.nodes
        .slice(0, 5)
        .map(
          (node) =>
            `      ${node.target.join(' ')}: ${(node.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`,
        )
        .join('\n');
      const line = `[${screen}] ${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.length})\n${where}`;
      (violation.impact === 'serious' || violation.impact === 'critical' ? blocking : informational).push(line);
    }
  }

  async function visit(url: string, ready: () => Promise<unknown>) {
    await page.goto(`${server.url}${url}`);
    await ready();
  }

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);

    const optIn = (await blueprintsOf(api))['optin-labels-example']!;
    const live = await createWebhook(api, { ...optIn.template, name: 'Member opt-in', endpoint: 'optin' });
    const spare = await createWebhook(api, { ...optIn.template, name: 'Spare opt-in', endpoint: 'spare' });
    webhookId = live.id;
    spareId = spare.id;
    await activateWebhook(api, webhookId);
    member = String(optIn.sample.body.customerID ?? 'member-1');
    const sent = await fetch(`${server.url}/webhooks/custom/${tenant.slug}/optin`, {
      method: 'POST',
      headers: optIn.sample.headers,
      body: JSON.stringify({ ...optIn.sample.body, customerID: member }),
    });
    expect(sent.status, await sent.text()).toBe(200);
    const { webhook } = await api(`query($id: ID!) { webhook(id: $id) { logs(first: 1) { nodes { id } } } }`, {
      id: webhookId,
    });
    logId = webhook.logs.nodes[0].id;
    const { createUser } = await api(
      `mutation($email: String!) { createUser(email: $email, role: READER) { password user { email } } }`,
      { email: `reader@${tenant.slug}.test` },
    );
    reader = { email: createUser.user.email, password: createUser.password };

    ({ session, page } = await openConsoleBrowser());
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('finds no serious or critical violation on any screen, dialog or toast', async () => {
    await visit('/login', () => heading('Intake console'));
    await audit('sign-in');
    await signIn(page, server.url, tenant);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const as = (screen: string) => (scheme === 'light' ? screen : `${screen} (dark)`);

      await visit('/incoming-webhooks', () =>
        page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: 'Member opt-in' }).waitFor(),
      );
      await audit(as('webhooks list'));
      if (scheme === 'light') {
        // The first Tab offers to skip the header and navigation; following it puts the focus on the screen.
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: 'Skip to main content' });
        expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true);
        expect(await skip.isVisible()).toBe(true);
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
      }
      await visit(`/incoming-webhooks/${webhookId}`, () =>
        page.getByRole('textbox', { name: 'Name', exact: true }).waitFor(),
      );
      await audit(as('webhook: settings'));
      await visit(`/incoming-webhooks/${webhookId}/logs/${logId}`, () =>
        page.getByText('Request', { exact: true }).first().waitFor(),
      );
      await audit(as('webhook: log detail'));
      await visit(`/customers/${encodeURIComponent(member)}`, () => heading(/.+/));
      await audit(as('customer'));
      await visit('/account/api-keys', () => heading('API keys'));
      await audit(as('API keys'));
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await visit('/incoming-webhooks/new', () => heading('Create webhook'));
    await audit('create from a blueprint: picker');
    await visit('/incoming-webhooks/new/blank', () => heading('New webhook'));
    await audit('editor: new, blank');
    await visit('/incoming-webhooks/new/point-add-example', () => heading('New webhook: Point add'));
    await audit('editor: from a blueprint');
    await visit(`/incoming-webhooks/${webhookId}/test`, () =>
      page.getByRole('button', { name: /run test/i }).waitFor(),
    );
    await audit('webhook: test');
    await visit(`/incoming-webhooks/${webhookId}/logs`, () =>
      page.getByRole('row').filter({ hasText: 'Processed' }).first().waitFor(),
    );
    await audit('webhook: logs');
    await visit(`/incoming-webhooks/${webhookId}/history`, () =>
      page
        .getByText(/created/i)
        .first()
        .waitFor(),
    );
    await audit('webhook: history');
    await visit(`/logs/${logId}`, () => page.getByText('Request', { exact: true }).first().waitFor());
    await audit('log detail (account-wide link)');
    await visit('/customers', () => page.getByRole('link', { name: member }).first().waitFor());
    await audit('customers');
    await visit('/account/users', () => page.getByRole('table', { name: 'Users' }).getByRole('row').nth(2).waitFor());
    await audit('users');

    // Dialogs: a lifecycle change, Archive (destructive: focus starts on Cancel), and the account screens' dialogs.
    await visit(`/incoming-webhooks/${webhookId}`, () => page.getByRole('button', { name: 'Set inactive' }).waitFor());
    await page.getByRole('button', { name: 'Set inactive' }).click();
    await page.getByRole('dialog', { name: 'Set this webhook inactive?' }).waitFor();
    await audit('dialog: set inactive');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await visit(`/incoming-webhooks/${spareId}`, () => page.getByRole('button', { name: 'Archive' }).waitFor());
    await page.getByRole('button', { name: 'Archive' }).click();
    const archive = page.getByRole('dialog', { name: 'Archive this webhook?' });
    await archive.waitFor();
    expect(await archive.getByRole('button', { name: 'Archive webhook' }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await audit('dialog: archive');
    await archive.getByRole('button', { name: 'Cancel' }).click();

    // A toast: the spare webhook renamed and saved. It must not cover the sticky Save button.
    const name = page.getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('Spare opt-in, renamed');
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await save.click();
    const toast = page.getByRole('status').filter({ hasText: 'Your changes are saved.' });
    await toast.waitFor();
    await audit('toast: saved');
    const [toastBox, saveBox] = [await toast.boundingBox(), await save.boundingBox()];
    const overlaps =
      toastBox &&
      saveBox &&
      toastBox.x < saveBox.x + saveBox.width &&
      saveBox.x < toastBox.x + toastBox.width &&
      toastBox.y < saveBox.y + saveBox.height &&
      saveBox.y < toastBox.y + toastBox.height;
    expect(overlaps, `toast ${JSON.stringify(toastBox)} over Save ${JSON.stringify(saveBox)}`).toBeFalsy();

    await visit('/account/api-keys', () => heading('API keys'));
    await page.getByRole('button', { name: 'Create API key' }).click();
    const createKey = page.getByRole('dialog', { name: 'Create API key' });
    await createKey.waitFor();
    await audit('dialog: create API key');
    await createKey.getByRole('textbox', { name: 'Name' }).fill('Audit key');
    await createKey.getByRole('button', { name: 'Create key' }).click();
    await createKey.getByRole('button', { name: 'Copy key' }).waitFor();
    await audit('dialog: API key created (shown once)');
    await createKey.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke Audit key' }).click();
    await page.getByRole('dialog', { name: /Revoke/ }).waitFor();
    await audit('dialog: revoke key');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await visit('/account/users', () => heading('Users'));
    await page.getByRole('button', { name: 'Invite user' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite user' });
    await invite.waitFor();
    await audit('dialog: invite user');
    await invite.getByRole('textbox', { name: 'Email' }).fill(`audited@${tenant.slug}.test`);
    await invite.getByRole('button', { name: 'Invite user' }).click();
    await invite.getByRole('button', { name: 'Copy password' }).waitFor();
    await audit('dialog: user invited (password shown once)');
    await invite.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: `Remove audited@${tenant.slug}.test` }).click();
    await page.getByRole('dialog', { name: /Remove/ }).waitFor();
    await audit('dialog: remove user');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // A reader's screens: the read-only list and the explanation where an admin would edit.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, server.url, reader);
    await page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: 'Member opt-in' }).waitFor();
    await audit('reader: webhooks list');
    await visit('/incoming-webhooks/new/blank', () =>
      page
        .getByText(/read only/i)
        .first()
        .waitFor(),
    );
    await audit('reader: new webhook (read only)');

    console.log(
      `axe-core on ${audited.length} screens: ${blocking.length} serious/critical, ${informational.length} moderate/minor\n` +
        [...blocking, ...informational].join('\n'),
    );
    expect(blocking, blocking.join('\n')).toEqual([]);
  });
});
