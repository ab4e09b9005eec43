import type { CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  activateWebhook,
  apiWith,
  axeViolations,
  blueprintsOf,
  createWebhook,
  openConsoleBrowser,
  skipStepsAfterAFailure,
  startConsoleServer,
  type Api,
} from './fixtures.js';
import { eventually, signIn } from './ui.js';

/**
 * The webhook editor and its History (issue 12) in a real browser, on the mParticle purchase blueprint (the longest
 * editor): how long a keystroke takes to paint at 4× CPU slowdown (printed, not asserted), collapsing sections to
 * their summaries, Ctrl+S, the error summary's links, and restoring an old version from History as a new version.
 * axe runs on the editor and the History tab.
 */

const BLUEPRINT = 'mparticle-purchase-checkout';

/** Percentile of sorted numbers, nearest rank. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Types `text` into `input` one key at a time and answers, per key, the milliseconds from the keydown event to the
 * first task after the next frame (requestAnimationFrame then a zero timeout: the frame with the key's effect has
 * been painted by then). Keys are spaced so that each is measured alone.
 */
async function keystrokeLatencies(page: Page, input: Locator, text: string): Promise<number[]> {
  await input.click();
  await input.press('End');
  await page.evaluate(() => {
    const w = window as unknown as { __latencies: number[]; __measuring?: boolean };
    w.__latencies = [];
    if (w.__measuring) return;
    w.__measuring = true;
    document.addEventListener(
      'keydown',
      (event) => {
        const start = event.timeStamp;
        requestAnimationFrame(() => setTimeout(() => w.__latencies.push(performance.now() - start), 0));
      },
      { capture: true },
    );
  });
  for (const [index, key] of [...text].entries()) {
    await page.keyboard.press(key);
    // Waits until this key's frame is measured before the next key, whatever the slowdown.
    await page.waitForFunction((count) => (window as any).__latencies.length >= count, index + 1);
  }
  return page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies);
}

describe.skipIf(!HAS_CHROMIUM)('Webhook editor and History in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let api: Api;
  let session: BrowserSession;
  let page: Page;
  let cdp: CDPSession;
  let browserErrors: string[];
  let webhookId: string;

  skipStepsAfterAFailure();

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    api = apiWith(server, tenant.adminKey);
    const blueprint = (await blueprintsOf(api))[BLUEPRINT]!;
    webhookId = (
      await createWebhook(api, { ...blueprint.template, name: 'mParticle purchases', endpoint: 'purchases' })
    ).id;
    ({ session, page, browserErrors } = await openConsoleBrowser({ consoleErrors: true }));
    cdp = await session.context.newCDPSession(page);
    await signIn(page, server.url, tenant);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  const settings = () => page.getByRole('form', { name: 'Webhook settings' });

  it('measures typing into a mapping row and a filter value at 4× CPU slowdown (printed, not asserted)', async () => {
    await page.goto(`${server.url}/incoming-webhooks/new/${BLUEPRINT}`);
    const from = settings().getByRole('group', { name: 'Mapping 1' }).getByRole('textbox', { name: 'From' });
    await from.waitFor();
    const filterValue = settings().getByRole('textbox', { name: 'Condition 1 value' });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const name = settings().getByRole('textbox', { name: 'Name', exact: true });
    let mapping: number[];
    let filter: number[];
    let alone: number[];
    try {
      mapping = await keystrokeLatencies(page, from, '_typed_into_the_row');
      filter = await keystrokeLatencies(page, filterValue, '_typed_value');
      // For comparison: the Name input, whose section holds nothing else (what any keystroke costs on this page).
      alone = await keystrokeLatencies(page, name, '_typed_name');
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    const report = (name: string, latencies: number[]) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return `${name}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms (${sorted.length} keys)`;
    };
    console.log(
      `Keystroke → next paint at 4x CPU slowdown, ${BLUEPRINT} editor\n  ${report('mapping row From', mapping)}\n  ${report('filter value', filter)}\n  ${report('name (a section with one input, for comparison)', alone)}`,
    );
    expect(mapping).toHaveLength('_typed_into_the_row'.length);
    await expect(from.inputValue()).resolves.toMatch(/_typed_into_the_row$/);
  });

  const section = (title: string) => settings().getByRole('region', { name: title });
  const toggle = (title: string) => settings().getByRole('button', { name: title, exact: true });

  async function audit(screen: string) {
    const serious = (await axeViolations(page)).filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(
      serious.map(
        (violation) =>
          `[${screen}] ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      ),
    ).toEqual([]);
  }

  /** The editor's height and the tab stops before its Save button, as the keyboard meets them. */
  async function editorShape() {
    return page.evaluate(() => {
      const form = document.querySelector('form[aria-label="Webhook settings"]')!;
      const save = Array.from(form.querySelectorAll('button[type="submit"]')).pop()!;
      const focusable = Array.from(
        document.querySelectorAll<HTMLElement>('a[href], button, input, textarea, select, [tabindex]'),
      ).filter(
        (element) =>
          element.tabIndex >= 0 &&
          !(element as HTMLButtonElement).disabled &&
          element.getClientRects().length > 0 &&
          getComputedStyle(element).visibility !== 'hidden',
      );
      return {
        height: Math.round(form.getBoundingClientRect().height),
        tabStops: focusable.indexOf(save as HTMLElement),
      };
    });
  }

  async function readWebhook() {
    const { webhook } = await api(
      `query($id: ID!) { webhook(id: $id) { version name mapping { from to } filter { conditions { attribute value } } } }`,
      { id: webhookId },
    );
    return webhook as {
      version: number;
      name: string;
      mapping: { from: string; to: string }[];
      filter: { conditions: { attribute: string; value: unknown }[] };
    };
  }

  it('collapses sections to one-line summaries, keeps what was typed, and passes axe', async () => {
    // The typing step left an unsaved draft: leaving it is confirmed.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/incoming-webhooks/${webhookId}`);
    await page.getByRole('heading', { level: 1, name: 'mParticle purchases' }).waitFor();
    await audit('editor');

    await toggle('Filters').click();
    await expect(toggle('Filters').getAttribute('aria-expanded')).resolves.toBe('false');
    await section('Filters').getByText('3 conditions in 1 group').waitFor();
    await toggle('Mapping').click();
    await section('Mapping')
      .getByText('5 rows: customer, data.transaction_id, data.total, data.currency, data.channel')
      .waitFor();
    expect(await section('Mapping').getByRole('textbox', { name: 'From' }).first().isVisible()).toBe(false);

    const name = settings().getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('mParticle purchases (renamed)');
    await toggle('Name').click();
    await section('Name').getByText('mParticle purchases (renamed)').waitFor();
    await toggle('Name').click();
    await expect(name.inputValue()).resolves.toBe('mParticle purchases (renamed)');

    const expanded = await editorShape();
    await settings().getByRole('button', { name: 'Collapse all sections' }).click();
    await section('Authentication').getByText('None (unverified)', { exact: true }).waitFor();
    await section('Idempotency').getByText('Off: every delivery is processed').waitFor();
    await audit('editor, sections collapsed');
    const collapsed = await editorShape();
    console.log(
      `${BLUEPRINT} editor (Settings tab): ${expanded.height} px tall, ${expanded.tabStops} tab stops before Save; ` +
        `all sections collapsed: ${collapsed.height} px, ${collapsed.tabStops} tab stops`,
    );
    expect(collapsed.tabStops).toBeLessThan(expanded.tabStops);
    await settings().getByRole('button', { name: 'Expand all sections' }).click();
    await expect(toggle('Mapping').getAttribute('aria-expanded')).resolves.toBe('true');
  });

  it('saves with Ctrl+S from inside an input', async () => {
    const name = settings().getByRole('textbox', { name: 'Name', exact: true });
    await name.focus();
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: 'Your changes are saved.' }).waitFor();
    await eventually(async () => (await readWebhook()).name).toBe('mParticle purchases (renamed)');
    expect((await readWebhook()).version).toBe(2);
  });

  it('lists problems as links that open the section, scroll to and focus the field at fault', async () => {
    const endpoint = settings().getByRole('textbox', { name: 'Endpoint' });
    await endpoint.fill('Not an endpoint!');
    await toggle('Request').click();
    await expect(toggle('Request').getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('Control+s');

    const summary = page.getByRole('alert').filter({ hasText: 'The webhook was not saved' });
    const link = summary.getByRole('button', { name: /^Endpoint:/ });
    await link.waitFor();
    // The section holding the problem opened by itself.
    await expect(toggle('Request').getAttribute('aria-expanded')).resolves.toBe('true');
    await settings().getByRole('textbox', { name: 'Name', exact: true }).focus();
    await link.click();
    await eventually(() => endpoint.evaluate((input) => input === document.activeElement)).toBe(true);
    await audit('editor, error summary');

    await endpoint.fill('purchases');
    expect((await readWebhook()).version).toBe(2);
  });

  it('shows History as a field-by-field diff and restores an old version as a new one', async () => {
    // Version 3, from elsewhere: the customer row reads another path and the filter gains a condition.
    const before = await readWebhook();
    const blueprint = (await blueprintsOf(api))[BLUEPRINT]!;
    const mapping = blueprint.template.mapping.map((row, index) => (index === 0 ? { ...row, from: 'mpid' } : row));
    const filter = blueprint.template.filter as { join: string; conditions: unknown[]; groups: unknown[] };
    await api(`mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { version } }`, {
      id: webhookId,
      input: {
        expectedVersion: before.version,
        mapping,
        filter: {
          ...filter,
          conditions: [
            ...filter.conditions,
            { attribute: 'body.environment', operator: 'EQUALS', value: 'production' },
          ],
        },
      },
    });

    await page.getByRole('tab', { name: 'History' }).click();
    const version3 = page.getByRole('article', { name: 'Version 3' });
    await version3.getByText('Mapping to customer, From').waitFor();
    await version3.getByText('"user_identities.0.identity"').waitFor();
    await version3.getByText('"mpid"').waitFor();
    await version3.getByText('body.environment equals "production"').waitFor();
    const version2 = page.getByRole('article', { name: 'Version 2' });
    await version2.getByText('mParticle purchases (renamed)').waitFor();
    expect(await version3.getByText('Settings as they are now').count()).toBe(1);
    await audit('history');

    await page
      .getByRole('article', { name: 'Version 1' })
      .getByRole('button', { name: 'Restore this version' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Restore version 1?' });
    await dialog.getByText('name, filter, mapping').waitFor();
    await audit('history, restore dialog');
    await dialog.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 restored as version 4.' }).waitFor();

    const restored = await readWebhook();
    expect(restored.version).toBe(4);
    expect(restored.name).toBe('mParticle purchases');
    expect(restored.mapping.map((row) => row.from)).toEqual(blueprint.template.mapping.map((row) => row.from));
    expect(restored.filter.conditions.map((condition) => condition.attribute)).not.toContain('body.environment');
    // The new version is on top, and it is the settings as they are now.
    const version4 = page.getByRole('article', { name: 'Version 4' });
    await version4.getByText('body.environment equals "production"').waitFor();
    expect(await page.getByRole('article', { name: 'Version 1' }).getByText('Settings as they are now').count()).toBe(
      1,
    );
  });

  it('refuses a restore when the webhook changed after the history was loaded, and says so', async () => {
    await api(`mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { version } }`, {
      id: webhookId,
      input: { name: 'Changed meanwhile' },
    });
    await page
      .getByRole('article', { name: 'Version 3' })
      .getByRole('button', { name: 'Restore this version' })
      .click();
    await page
      .getByRole('dialog', { name: 'Restore version 3?' })
      .getByRole('button', { name: 'Restore version 3' })
      .click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'the webhook was changed after this history was loaded' })
      .waitFor();
    expect((await readWebhook()).version).toBe(5);
    await page.getByRole('article', { name: 'Version 5' }).waitFor();
  });

  it('does not let a reader restore', async () => {
    // A reader sees active webhooks only.
    await activateWebhook(api, webhookId);
    const { createUser } = await api(
      `mutation($email: String!) { createUser(email: $email, role: READER) { password user { email } } }`,
      { email: `reader@${tenant.slug}.test` },
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, server.url, { email: createUser.user.email, password: createUser.password });
    await page.goto(`${server.url}/incoming-webhooks/${webhookId}/history`);
    await page.getByText('Your role may read the history but not restore a version.').waitFor();
    const restore = page
      .getByRole('article', { name: 'Version 1' })
      .getByRole('button', { name: 'Restore this version' });
    expect(await restore.isDisabled()).toBe(true);
  });

  it('raised no errors in the browser along the way', () => {
    expect(browserErrors).toEqual([]);
  });
});
