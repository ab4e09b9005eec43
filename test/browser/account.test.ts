import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import { openConsoleBrowser, skipStepsAfterAFailure, startConsoleServer } from './fixtures.js';
import { eventually, signIn, textOf } from './ui.js';

/**
 * The account screens, end to end: an admin creates an API key (shown once, with a role), uses it, revokes it;
 * invites a user (a generated password, shown once), who signs in as a reader and sees neither the account
 * screens nor the status filter; the admin makes them an admin, then removes them, which ends their session.
 */

describe.skipIf(!HAS_CHROMIUM)('API keys and users in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let session: BrowserSession;
  let page: Page;
  let keySecret: string;
  let invited: { email: string; password: string };
  let browserErrors: string[];

  const me = (auth: { apiKey?: string; cookie?: string }) => gql(server.url, `query { me { role } }`, {}, auth);

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    ({ session, page, browserErrors } = await openConsoleBrowser());
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. an admin finds API keys and Users under Account, titled', async () => {
    await signIn(page, server.url, tenant);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    await navigation.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account/api-keys');
    await eventually(() => page.title()).toBe('API keys · Intake');
    // The tenant's own keys, with their roles.
    const table = page.getByRole('table', { name: 'API keys' });
    expect(await textOf(table.getByRole('row').filter({ hasText: 'reader key' }))).toContain('Reader');
    expect(await textOf(table.getByRole('row').filter({ hasText: 'admin key' }))).toContain('Admin');
  });

  it('2. creates a Reader key: the secret is shown once with a copy button, and it works', async () => {
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Dashboard');
    expect(await dialog.getByRole('radio', { name: 'Reader' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Create key' }).click();

    keySecret = await textOf(dialog.getByTestId('shown-once-value'));
    expect(keySecret).toMatch(/^ik_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
    expect(await textOf(dialog)).toContain('It is shown this once');
    await dialog.getByRole('button', { name: 'Copy key' }).waitFor();
    expect((await me({ apiKey: keySecret })).data).toEqual({ me: { role: 'READER' } });

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByText(keySecret).count()).toBe(0);
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'Dashboard' });
    expect(await textOf(row)).toMatch(/Dashboard.*Reader.*Never.*Active/);
  });

  it('3. revokes it after a confirmation that starts on Cancel; the key is refused from then on', async () => {
    await page.getByRole('button', { name: 'Revoke Dashboard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the key “Dashboard”?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'Dashboard' });
    await row.getByText(/^Revoked/).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke Dashboard' }).count()).toBe(0);
    expect((await me({ apiKey: keySecret })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('4. invites a reader: the generated password is shown once', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await eventually(() => page.title()).toBe('Users · Intake');
    const self = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: tenant.email });
    expect(await textOf(self)).toContain('You');
    expect(await self.getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    const email = `reader@${tenant.slug}.test`;
    await dialog.getByRole('textbox', { name: 'Email' }).fill(email);
    await dialog.getByRole('button', { name: 'Invite user' }).click();
    const password = await textOf(dialog.getByTestId('shown-once-value'));
    expect(password.length).toBeGreaterThanOrEqual(20);
    await dialog.getByRole('button', { name: 'Copy password' }).waitFor();
    invited = { email, password };
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: email });
    expect(await row.getByRole('combobox', { name: `Role of ${email}` }).inputValue()).toBe('READER');

    // The same email again is refused at the Email field, in the server's words.
    await page.getByRole('button', { name: 'Invite user' }).click();
    await dialog.getByRole('textbox', { name: 'Email' }).fill(email.toUpperCase());
    await dialog.getByRole('button', { name: 'Invite user' }).click();
    await dialog.getByText(`A user with email ${email} already exists.`).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('5. the reader signs in: no account screens, no status filter, and /new/blank explains itself', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, server.url, invited);
    await page.getByRole('heading', { level: 1, name: 'Incoming webhooks' }).waitFor();
    await page.getByText('Read only').first().waitFor();
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await navigation.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    expect(await navigation.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByRole('radiogroup', { name: 'Status' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Create webhook' }).count()).toBe(0);

    for (const [url, what] of [
      ['/incoming-webhooks/new/blank', 'creating a webhook'],
      ['/incoming-webhooks/new', 'creating a webhook'],
      ['/account/users', 'managing users'],
      ['/account/api-keys', 'managing API keys'],
    ] as const) {
      await page.goto(`${server.url}${url}`);
      await page.getByRole('heading', { level: 1, name: 'Read only' }).waitFor();
      expect(await textOf(page.getByRole('main'))).toContain(`Your role is read only: ${what} needs an admin`);
      expect(await page.getByRole('textbox').count()).toBe(0);
    }
  });

  it('6. the admin makes the reader an admin, then removes them: their session ends', async () => {
    const readerCookie = (await session.context.cookies()).find((cookie) => cookie.name === 'intake_session')!;
    const cookie = `${readerCookie.name}=${readerCookie.value}`;
    expect((await me({ cookie })).data).toEqual({ me: { role: 'READER' } });

    // The reader's session stays open on the server while the admin signs in here.
    await session.context.clearCookies();
    await signIn(page, server.url, tenant);
    await page.goto(`${server.url}/account/users`);
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: invited.email });
    await row.getByRole('combobox', { name: `Role of ${invited.email}` }).selectOption('ADMIN');
    await eventually(async () => (await me({ cookie })).data).toEqual({ me: { role: 'ADMIN' } });

    await row.getByRole('button', { name: `Remove ${invited.email}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${invited.email}?` });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Remove user' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await me({ cookie })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(browserErrors).toEqual([]);
  });
});
