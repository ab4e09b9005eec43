import { readFile } from 'node:fs/promises';
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
} from './fixtures.js';
import { eventually, signInFromRoot, textOf } from './ui.js';

/**
 * Configuration as code in the console, end to end on the production build: an admin of one account exports its
 * webhooks (a real download), an admin of another imports the file — the dry run's plan shown, then applied — and
 * the second account's webhooks have the first one's settings.
 */

const SETTINGS = `name method endpoint status action successResponse errorResponse
  filter { join conditions { attribute operator value } groups { join conditions { attribute operator value } } }
  mapping { from to default replace { value replacement } }
  verification { scheme toleranceSeconds } idempotency { key windowHours }`;

describe.skipIf(!HAS_CHROMIUM)('Configuration as code in a real browser', () => {
  let server: TestApp;
  let source: TestTenant;
  let target: TestTenant;
  let session: BrowserSession;
  let page: Page;
  let exportedText = '';
  let browserErrors: string[];

  const api = (tenant: TestTenant, query: string, variables: Record<string, unknown> = {}) =>
    apiWith(server, tenant.adminKey)(query, variables);
  const settingsOf = async (tenant: TestTenant) => {
    const { webhooks } = await api(tenant, `{ webhooks(first: 20) { nodes { ${SETTINGS} } } }`);
    return Object.fromEntries(
      (webhooks.nodes as { endpoint: string }[]).map((webhook) => [webhook.endpoint, webhook]),
    ) as Record<string, Record<string, unknown>>;
  };

  const signIn = async (tenant: TestTenant) => {
    await session.context.clearCookies();
    await signInFromRoot(page, server.url, tenant);
  };

  beforeAll(async () => {
    server = await startConsoleServer();
    source = await createTenant(server.deps);
    target = await createTenant(server.deps);

    const sourceApi = apiWith(server, source.adminKey);
    const points = await createWebhook(sourceApi, {
      name: 'Shop points',
      method: 'POST',
      endpoint: 'shop-points',
      action: 'point_add',
      filter: { join: 'AND', conditions: [{ attribute: 'body.kind', operator: 'EQUALS', value: 'add' }] },
      mapping: [
        { from: 'client.id', to: 'customer' },
        { from: 'points', to: 'data.points', default: 1, replace: [{ value: 'ten', replacement: 10 }] },
      ],
      successResponse: '{"ok":true}',
      idempotency: { key: 'body.delivery' },
    });
    await activateWebhook(sourceApi, points.id);
    await createWebhook(sourceApi, {
      name: 'CDP opt-in',
      method: 'PUT',
      endpoint: 'cdp-optin',
      action: 'opt_in',
      mapping: [{ from: 'user.id', to: 'customer' }],
      verification: { scheme: 'STANDARD_WEBHOOKS' },
    });

    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
  });

  skipStepsAfterAFailure();

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('1. an admin exports the account’s webhooks as a downloaded JSON file', async () => {
    await signIn(source);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export webhooks' });
    const list = dialog.getByRole('group', { name: 'Webhooks to export' });
    await list.getByRole('checkbox', { name: 'CDP opt-in (cdp-optin)' }).waitFor();
    expect(await list.getByRole('checkbox').count()).toBe(2);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download 2 webhooks' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^intake-webhooks-${source.slug}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
    );
    exportedText = await readFile((await download.path())!, 'utf8');
    const document = JSON.parse(exportedText) as { format: string; webhooks: { endpoint: string }[] };
    expect(document.format).toBe('intake.webhooks');
    expect(document.webhooks.map((webhook) => webhook.endpoint)).toEqual(['cdp-optin', 'shop-points']);
    await dialog.waitFor({ state: 'hidden' });
    await session.screenshot('config-as-code-1-exported');
  });

  it('2. an admin of another account imports it: the dry run’s plan, then Apply', async () => {
    await signIn(target);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import webhooks' });
    await dialog.getByRole('textbox', { name: 'Or paste the document' }).fill(exportedText);
    await dialog.getByRole('button', { name: 'Check (dry run)' }).click();

    const plan = dialog.getByRole('table', { name: 'Import plan' });
    await plan.waitFor();
    expect(await textOf(dialog.getByText(/^Plan: /))).toBe(
      'Plan: 2 to create, 0 to update, 0 unchanged. Nothing has changed yet.',
    );
    const rows = plan.getByRole('row');
    expect(await rows.count()).toBe(3);
    expect(await textOf(rows.nth(1).getByRole('cell').nth(0))).toBe('Create');
    expect(await textOf(rows.nth(1).getByRole('cell').nth(1))).toBe('cdp-optin');
    expect(await textOf(rows.nth(1).getByRole('cell').nth(2))).toContain('No secret yet (secrets are not exported)');
    expect(await textOf(rows.nth(2).getByRole('cell').nth(2))).toBe(
      'name, method, endpoint, filter, action, mapping, successResponse, verification, idempotency, status',
    );
    await session.screenshot('config-as-code-2-plan');
    // The dry run changed nothing.
    expect(await settingsOf(target)).toEqual({});

    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.getByText('2 created, 0 updated, 0 unchanged.').waitFor();
    await session.screenshot('config-as-code-3-applied');
    await dialog.getByRole('link', { name: 'shop-points' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The list shows them without a reload.
    const table = page.getByRole('table', { name: 'Webhooks' });
    await eventually(() => table.getByRole('row').count()).toBe(3);
    await table.getByRole('row').filter({ hasText: 'Shop points' }).waitFor();

    // The CDP webhook was INACTIVE: it waits for a secret of its own there too (secrets never travel).
    expect(await settingsOf(target)).toEqual(await settingsOf(source));
  });

  it('3. the same file imported again changes nothing', async () => {
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import webhooks' });
    await dialog.getByRole('textbox', { name: 'Or paste the document' }).fill(exportedText);
    await dialog.getByRole('button', { name: 'Check (dry run)' }).click();
    await dialog.getByText('Nothing to change: the 2 webhooks already match the document.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(browserErrors).toEqual([]);
  });
});
