import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the browser tests share besides the browser itself (browser.ts): timing, reading the page, the API. */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** How long a step waits for the UI to reach a state before the test fails. */
export const UI_TIMEOUT = 15_000;

export interface Blueprint {
  id: string;
  template: {
    method: 'POST' | 'PUT';
    endpoint: string | null;
    action: string | null;
    filter: unknown;
    mapping: { from: string; to: string; default?: unknown; replace: unknown[] }[];
    successResponse: string | null;
    errorResponse: string | null;
  };
  sample: { headers: Record<string, string>; body: Record<string, unknown> };
}

/** The blueprints with what a test needs to create a webhook from one over the API. */
export const BLUEPRINTS = `query {
  blueprints {
    id
    template {
      method endpoint action successResponse errorResponse
      filter { join conditions { attribute operator value } groups { join conditions { attribute operator value } } }
      mapping { from to default replace { value replacement } }
    }
    sample { headers body }
  }
}`;

/** A port nobody listens on right now, so the server's public URL can name it before it starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The text of an element once it is visible, as in the DOM (badges' CSS upper-casing aside). */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return ((await locator.textContent()) ?? '').trim();
}

/** An assertion retried until it holds or UI_TIMEOUT passes: `await eventually(() => read()).toBe(…)`. */
export function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: UI_TIMEOUT, interval: 100 });
}

/** Signs in through the console's form and waits for the screen it lands on (the webhooks list by default). */
export async function signIn(page: Page, baseUrl: string, credentials: { email: string; password: string }) {
  await page.goto(`${baseUrl}/login`);
  await submitSignIn(page, credentials);
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * Opens the console's root as a visitor does, is sent to the sign-in form (with the way back in `next`), signs in
 * and waits for the webhooks list.
 */
export async function signInFromRoot(page: Page, baseUrl: string, credentials: { email: string; password: string }) {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/login\?next=/);
  await submitSignIn(page, credentials);
  await page.getByRole('heading', { level: 1, name: 'Incoming webhooks' }).waitFor();
}

async function submitSignIn(page: Page, credentials: { email: string; password: string }) {
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(credentials.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Waits until the webhook settings form has saved: Save disabled because nothing is left to save — not because the
 * save is still under way (a loading button is disabled too).
 */
export async function settingsSaved(settings: Locator): Promise<void> {
  const save = settings.getByRole('button', { name: 'Save', exact: true });
  await eventually(async () => (await save.isDisabled()) && (await save.getAttribute('data-loading')) === null).toBe(
    true,
  );
}
