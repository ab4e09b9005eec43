import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, type BrowserSession } from './browser.js';
import {
  apiWith,
  blueprintsOf,
  CONSOLE_DIST,
  createWebhook,
  openConsoleBrowser,
  startConsoleServer,
} from './fixtures.js';
import { eventually, REPO_ROOT, signIn } from './ui.js';

/**
 * How the console reaches a browser: compressed and cached assets, the list without the editor's code, a title per
 * screen, the size of the first load, and how soon the list's first row appears on a slow profile (150 ms latency,
 * 1.6 Mbps, 4× CPU slowdown). Times are printed, not asserted: they depend on the machine.
 */

const INITIAL_JS_BUDGET = 150 * 1024;

/** Module names of the editor (its sections, the filter, mapping and JSON editors, the RE2 check): chunks are named after one of their modules. */
function editorModuleNames(): Set<string> {
  const names = new Set(['regex']);
  const folders = [
    'console/src/features/webhooks/editor',
    'console/src/features/webhooks/test-panel',
    'console/src/components/MappingEditor',
    'console/src/components/FilterBuilder',
    'console/src/components/JsonEditor',
    'console/src/components/TypedValueInput',
  ];
  for (const folder of folders) {
    for (const entry of readdirSync(path.join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      const base = path.basename(entry).replace(/\.(tsx?|css)$/, '');
      if (!base.endsWith('.test') && base !== path.basename(entry)) names.add(base);
    }
  }
  return names;
}

/** `WebhookSettingsTab-B9fX7YuK.js` → `WebhookSettingsTab`. */
const chunkName = (url: string) => path.basename(new URL(url).pathname).replace(/-[\w-]{8}\.js$/, '');

/** The scripts index.html loads before anything runs: the entry and its modulepreloads. */
function initialScripts(): string[] {
  const html = readFileSync(path.join(CONSOLE_DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe.skipIf(!HAS_CHROMIUM)('Console delivery in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let session: BrowserSession;
  let page: Page;
  let cdp: CDPSession;
  let webhookId: string;

  const firstRow = () => page.getByRole('table', { name: 'Webhooks' }).getByRole('row').nth(1);

  beforeAll(async () => {
    server = await startConsoleServer();
    tenant = await createTenant(server.deps);
    const api = apiWith(server, tenant.adminKey);
    const optIn = (await blueprintsOf(api))['optin-labels-example']!;
    for (const n of [1, 2, 3]) {
      webhookId = (await createWebhook(api, { ...optIn.template, name: `Opt-in ${n}`, endpoint: `optin-${n}` })).id;
    }
    ({ session, page } = await openConsoleBrowser());
    cdp = await session.context.newCDPSession(page);
    await cdp.send('Network.enable');
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('names every screen in the document title', async () => {
    await page.goto(`${server.url}/login`);
    await eventually(() => page.title()).toBe('Sign in · Intake');
    await signIn(page, server.url, tenant);
    await firstRow().waitFor();
    await eventually(() => page.title()).toBe('Webhooks · Intake');
    await page.getByRole('link', { name: 'Opt-in 3' }).click();
    await eventually(() => page.title()).toBe('Opt-in 3 · Intake');
    await page.getByRole('tab', { name: 'Logs' }).click();
    await eventually(() => page.title()).toBe('Opt-in 3 · Intake');
    await page.getByRole('link', { name: 'Customers' }).click();
    await eventually(() => page.title()).toBe('Customers · Intake');
    await page.goto(`${server.url}/incoming-webhooks/new`);
    await eventually(() => page.title()).toBe('Create webhook · Intake');
  });

  it('loads the list with compressed, immutable scripts and none of the editor’s; the first load fits the budget', async () => {
    await cdp.send('Network.clearBrowserCache');
    const scripts: Response[] = [];
    const onResponse = (response: Response) => {
      if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response);
    };
    page.on('response', onResponse);
    await page.goto(`${server.url}/incoming-webhooks`);
    await firstRow().waitFor();
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);

    const loaded = await Promise.all(
      scripts.map(async (response) => {
        const headers = await response.allHeaders();
        return {
          path: new URL(response.url()).pathname,
          name: chunkName(response.url()),
          encoding: headers['content-encoding'],
          cacheControl: headers['cache-control'],
          bytes: Number(headers['content-length'] ?? 0),
        };
      }),
    );
    const editor = editorModuleNames();
    const initial = new Set(initialScripts());
    const initialBytes = loaded.filter((script) => initial.has(script.path)).reduce((sum, s) => sum + s.bytes, 0);
    const totalBytes = loaded.reduce((sum, script) => sum + script.bytes, 0);
    console.log(
      `Webhooks list, first visit: ${loaded.length} scripts, ${kb(totalBytes)} compressed in all; ` +
        `initial (index.html's entry and modulepreloads, ${initial.size} files): ${kb(initialBytes)}\n` +
        loaded.map((script) => `  ${script.path} ${script.encoding ?? 'identity'} ${kb(script.bytes)}`).join('\n'),
    );

    expect(loaded.filter((script) => editor.has(script.name)).map((script) => script.path)).toEqual([]);
    for (const script of loaded) {
      expect(script.cacheControl, script.path).toBe('public, max-age=31536000, immutable');
      // Files too small to shrink have no compressed copy (vite.config.ts); all others come brotli-compressed.
      if (script.bytes > 1024) expect(script.encoding, script.path).toBe('br');
    }
    expect(loaded.filter((script) => initial.has(script.path))).toHaveLength(initial.size);
    expect(initialBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it('measures the first list row on a slow profile (printed, not asserted)', async () => {
    // Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbps down, 750 kbps up; the CPU four times slower.
    const throttle = async (on: boolean) => {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: on ? 150 : 0,
        downloadThroughput: on ? (1.6 * 1024 * 1024) / 8 : -1,
        uploadThroughput: on ? (750 * 1024) / 8 : -1,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? 4 : 1 });
    };
    /** Navigates to the list and returns ms from the navigation's start until a row of the table is in the page. */
    const timeToFirstRow = async () => {
      await page.goto(`${server.url}/incoming-webhooks`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => (document.querySelector('table[aria-label="Webhooks"] tbody tr') ? performance.now() : false),
        null,
        { polling: 'raf', timeout: 60_000 },
      );
      return Math.round((await handle.jsonValue()) as number);
    };

    try {
      await cdp.send('Network.clearBrowserCache');
      await throttle(true);
      const cold = await timeToFirstRow();
      const warm = await timeToFirstRow();
      console.log(
        `First list row on 150 ms / 1.6 Mbps / 4x CPU: ${cold} ms on a first visit (empty cache), ` +
          `${warm} ms on the next (scripts from the cache, immutable)`,
      );
      expect(cold).toBeGreaterThan(0);
    } finally {
      await throttle(false);
    }
    // Still the same list: the webhook page opens from it.
    await page.getByRole('link', { name: 'Opt-in 1' }).waitFor();
    expect(webhookId).toBeTruthy();
  });
});
