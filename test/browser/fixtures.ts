import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import { gql, startTestApp, type TestApp } from '../../server/test/support/test-app.js';
import { openBrowser, type BrowserSession } from './browser.js';
import { BLUEPRINTS, freePort, REPO_ROOT, UI_TIMEOUT, type Blueprint } from './ui.js';

/** What the browser tests set up before their steps: the server with the console, data through the API, a browser. */

/** The production build of the console the server serves (built once by build-console.ts). */
export const CONSOLE_DIST = path.resolve(REPO_ROOT, 'console/dist');

/**
 * The real server, over a database of its own, serving the built console on a port chosen beforehand, so that the
 * ingestion URLs the console shows are the ones a browser and `fetch` reach.
 */
export async function startConsoleServer(): Promise<TestApp> {
  const port = await freePort();
  return startTestApp({ consoleDist: CONSOLE_DIST, port, publicUrl: `http://127.0.0.1:${port}` });
}

/** A GraphQL operation with one API key's rights, answering its data; the test fails on any error. */
export type Api = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/** GraphQL over real HTTP to `server` with `apiKey` (usually a tenant's admin key). */
export function apiWith(server: TestApp, apiKey: string): Api {
  return async (query, variables = {}) => {
    const result = await gql(server.url, query, variables, { apiKey });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  };
}

/** The blueprints by id, as a test creates webhooks from them. */
export async function blueprintsOf(api: Api): Promise<Record<string, Blueprint>> {
  const { blueprints } = (await api(BLUEPRINTS)) as { blueprints: Blueprint[] };
  return Object.fromEntries(blueprints.map((blueprint) => [blueprint.id, blueprint]));
}

/** Creates a webhook (INACTIVE, as every new one) and answers its id and endpoint. */
export async function createWebhook(
  api: Api,
  input: Record<string, unknown>,
): Promise<{ id: string; endpoint: string }> {
  const { createWebhook: created } = await api(
    `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id endpoint } }`,
    { input },
  );
  return created;
}

export async function activateWebhook(api: Api, id: string): Promise<void> {
  await api(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id });
}

/** What a test watches for in the browser: uncaught page errors always; console errors and HTTP errors if asked. */
export interface Watch {
  consoleErrors?: boolean;
  /** Every response of status 400 or more, with its request and its answer. */
  httpErrors?: boolean;
}

/**
 * A fresh headless Chromium whose steps wait up to UI_TIMEOUT, and the errors it raises as they happen (a test
 * ends with `expect(browserErrors).toEqual([])`).
 */
export async function openConsoleBrowser(
  watch: Watch = {},
): Promise<{ session: BrowserSession; page: Page; browserErrors: string[] }> {
  const session = await openBrowser();
  const { page } = session;
  const browserErrors: string[] = [];
  page.setDefaultTimeout(UI_TIMEOUT);
  page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));
  if (watch.consoleErrors)
    page.on('console', (message) => {
      if (message.type() === 'error')
        browserErrors.push(`console error: ${message.text()} at ${message.location().url}`);
    });
  if (watch.httpErrors)
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const request = `${response.request().method()} ${response.url()} ${response.request().postData() ?? ''}`;
      void response
        .text()
        .catch(() => '')
        .then((text) => browserErrors.push(`HTTP ${response.status()}: ${request} -> ${text}`));
    });
  return { session, page, browserErrors };
}

/**
 * For a describe whose steps build on each other: after one fails, the rest are skipped, since they would only time
 * out on its consequences.
 */
export function skipStepsAfterAFailure(): void {
  let failed = false;
  beforeEach((context) => {
    if (failed) context.skip();
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });
}

/** The member `customer` joins through an opt_in webhook of its own (a precondition, not what a test is about). */
export async function enrolMember(server: TestApp, api: Api, accountSlug: string, customer: string): Promise<void> {
  const join = await createWebhook(api, {
    name: 'Join',
    method: 'POST',
    endpoint: 'join',
    action: 'opt_in',
    mapping: [{ from: 'customer', to: 'customer' }],
  });
  await activateWebhook(api, join.id);
  const joined = await fetch(`${server.url}/webhooks/custom/${accountSlug}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer }),
  });
  expect(joined.status, await joined.text()).toBe(200);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations on the page as it is now (axe injected once per document). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Runtime evaluation, not a <script> tag: the console's Content-Security-Policy allows no inline script.
  if (!(await page.evaluate('Boolean(window.axe)'))) await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe
      .run(document)
      .then((result) => result.violations),
  )) as AxeViolation[];
}
