import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../../server/test/support/test-app.js';
import { HAS_CHROMIUM, openBrowser, type BrowserSession } from './browser.js';
import { BLUEPRINTS, eventually, freePort, REPO_ROOT, textOf, UI_TIMEOUT, type Blueprint } from './ui.js';

/**
 * Sender authentication in the console, end to end: headless Chromium on the production build, served by the real
 * server over a database of its own. An admin creates a webhook from a blueprint, chooses GitHub's signature, adds
 * a secret (read from the dialog that shows it once), activates the webhook; a GitHub-like sender then sends a
 * correctly and a wrongly signed request over HTTP, the Logs tab shows both, and the secret is rotated.
 *
 * Steps share the browser, the server and what earlier steps created; each names the steps it needs, and is skipped
 * (reported, never silently) when one of them failed.
 */

/** GitHub's signature: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with the secret's text. */
function githubSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

describe.skipIf(!HAS_CHROMIUM)('Sender authentication in a real browser', () => {
  let server: TestApp;
  let tenant: TestTenant;
  let session: BrowserSession;
  let page: Page;
  let pointAdd: Blueprint;
  let member: string;
  let webhookId: string;
  let ingestionUrl: string;
  /** The first secret, as read from the dialog; then the one the rotation made. */
  let firstSecret: string;
  let rotatedSecret: string;
  const deliveries: Record<string, string> = {};
  const browserErrors: string[] = [];
  const serverErrors: string[] = [];

  const api = async (query: string, variables: Record<string, unknown> = {}) => {
    const result = await gql(server.url, query, variables, { apiKey: tenant.adminKey });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  };
  const memberPoints = async () =>
    (await api(`query($id: String!) { customer(id: $id) { points } }`, { id: member })).customer.points as number;
  const webhookVersion = async () =>
    (await api(`query($id: ID!) { webhook(id: $id) { version } }`, { id: webhookId })).webhook.version as number;
  const secretsOfWebhook = async () =>
    (
      await api(`query($id: ID!) { webhook(id: $id) { verification { scheme secrets { hint expiresAt } } } }`, {
        id: webhookId,
      })
    ).webhook.verification as { scheme: string; secrets: { hint: string; expiresAt: string | null }[] };

  /** Sends the blueprint's sample as GitHub would: the raw body signed with `secret`, under a delivery id. */
  const send = async (secret: string, delivery: string, signature = githubSignature(secret, rawBody())) => {
    const response = await fetch(ingestionUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-delivery': delivery,
        'x-github-event': 'push',
        'x-hub-signature-256': signature,
      },
      body: rawBody(),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const rawBody = () => JSON.stringify(pointAdd.sample.body);

  const failed = new Set<string>();
  const passed = new Set<string>();
  /** A step that runs only when the steps it needs (by id) passed. */
  function step(id: string, title: string, needs: string[], run: () => Promise<void>) {
    it(title, async (context) => {
      const missing = needs.filter((need) => failed.has(need) || !passed.has(need));
      if (missing.length > 0) context.skip(`needs step ${missing.join(', ')}, which did not pass`);
      try {
        await run();
        passed.add(id);
      } catch (error) {
        failed.add(id);
        throw error;
      }
    });
  }

  beforeAll(async () => {
    const port = await freePort();
    server = await startTestApp({
      consoleDist: path.resolve(REPO_ROOT, 'console/dist'),
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      // Server errors are kept, so that a failing ingestion step can say what went wrong.
      logStream: { write: (line) => serverErrors.push(line) },
      logLevel: 'error',
    });
    tenant = await createTenant(server.deps);

    // The member the points go to, enrolled through an unverified opt-in webhook made with the API.
    const { blueprints } = (await api(BLUEPRINTS)) as { blueprints: Blueprint[] };
    pointAdd = blueprints.find((blueprint) => blueprint.id === 'point-add-example')!;
    const optIn = blueprints.find((blueprint) => blueprint.id === 'optin-labels-example')!;
    member = String(pointAdd.sample.body.clientID);
    const { createWebhook } = await api(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      { input: { ...optIn.template, name: 'Member opt-in' } },
    );
    await api(`mutation($id: ID!) { activateWebhook(id: $id) { id } }`, { id: createWebhook.id });
    const optedIn = await fetch(`${server.url}/webhooks/custom/${tenant.slug}/${optIn.template.endpoint}`, {
      method: 'POST',
      headers: optIn.sample.headers,
      body: JSON.stringify({ ...optIn.sample.body, customerID: member }),
    });
    expect(optedIn.status, await optedIn.text()).toBe(200);
    ingestionUrl = `${server.url}/webhooks/custom/${tenant.slug}/${pointAdd.template.endpoint}`;

    session = await openBrowser();
    page = session.page;
    page.setDefaultTimeout(UI_TIMEOUT);
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      void response
        .text()
        .catch(() => '')
        .then((text) => browserErrors.push(`HTTP ${response.status()}: ${response.url()} -> ${text}`));
    });
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  step('blueprint', 'createWebhookFromBlueprint keeps the blueprint’s verification and idempotency', [], async () => {
    const { createWebhookFromBlueprint: webhook } = await api(
      `mutation { createWebhookFromBlueprint(blueprintId: "mparticle-purchase-checkout", name: "mParticle") {
        verification { scheme header secrets { id } } idempotency { key windowHours } } }`,
    );
    expect(webhook).toEqual({
      verification: { scheme: 'API_KEY', header: 'authorization', secrets: [] },
      idempotency: { key: 'body.source_request_id', windowHours: 168 },
    });
  });

  step('signIn', '1. signs in', [], async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(tenant.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(tenant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incoming webhooks' }).waitFor();
    // The opt-in webhook verifies nothing, and the list says so.
    const optIn = page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: 'Member opt-in' });
    expect(await textOf(optIn.getByTestId('unverified-badge'))).toBe('Unverified: anyone who knows the URL can send');
  });

  step(
    'create',
    '2. creates a webhook from the "Point add" blueprint with GitHub signatures and its delivery id',
    ['signIn'],
    async () => {
      await page.getByRole('link', { name: 'Create webhook' }).click();
      await page
        .getByRole('article', { name: 'Point add', exact: true })
        .getByRole('link', { name: 'Use Point add' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'New webhook: Point add' }).waitFor();

      const authentication = page.getByRole('region', { name: 'Authentication' });
      await authentication.getByTestId('unverified-badge').waitFor();
      await authentication.getByRole('combobox', { name: 'Scheme', exact: true }).click();
      await page.getByRole('option', { name: 'GitHub', exact: true }).click();
      await authentication.getByTestId('unverified-badge').waitFor({ state: 'detached' });
      expect(await textOf(authentication)).toContain('GitHub signs the body in X-Hub-Signature-256');
      expect(await textOf(authentication)).toContain('Once the webhook is created, add its secret here');

      const idempotency = page.getByRole('region', { name: 'Idempotency' });
      const exactlyOnce = idempotency.getByRole('switch', { name: 'Process each delivery once' });
      await exactlyOnce.check({ force: true });
      expect(await exactlyOnce.isChecked()).toBe(true);
      expect(await idempotency.getByRole('textbox', { name: 'Delivery id' }).inputValue()).toBe(
        'headers.x-github-delivery',
      );
      await session.screenshot('sender-auth-01-editor');

      await page.getByRole('button', { name: 'Create webhook' }).click();
      await page.waitForURL(/\/incoming-webhooks\/(?!new)[^/]+$/);
      webhookId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      await page.getByRole('heading', { level: 1, name: 'Point add' }).waitFor();
      const stored = await api(`query($id: ID!) { webhook(id: $id) { verification { scheme } idempotency { key } } }`, {
        id: webhookId,
      });
      expect(stored.webhook).toEqual({
        verification: { scheme: 'GITHUB' },
        idempotency: { key: 'headers.x-github-delivery' },
      });
      expect(await page.getByTestId('unverified-badge').count()).toBe(0);
    },
  );

  step('refused', '3. refuses to activate without a secret and says why', ['create'], async () => {
    await page.getByRole('button', { name: 'Set active' }).click();
    await page
      .getByRole('dialog', { name: 'Set this webhook active?' })
      .getByRole('button', { name: 'Set webhook active' })
      .click();
    const notice = page.getByRole('alert').filter({ hasText: 'Add a secret before setting this webhook active' });
    expect(await textOf(notice)).toContain('verifies its senders (GitHub) but has no live secret');
    await session.screenshot('sender-auth-02-activation-refused');
    await notice.getByRole('link', { name: 'Go to Authentication' }).click();
    await page.getByRole('region', { name: 'Secrets' }).waitFor();
  });

  step('secret', '4. adds a secret: shown once with Copy, then only its hint', ['refused'], async () => {
    const secrets = page.getByRole('region', { name: 'Secrets' });
    await secrets.getByRole('button', { name: 'Add secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add secret' });
    await dialog.getByRole('button', { name: 'Generate secret' }).click();

    firstSecret = await textOf(dialog.getByTestId('new-secret-value'));
    expect(firstSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(await textOf(dialog)).toContain('This is the only time it is shown');
    await dialog.getByRole('button', { name: 'Copy secret' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstSecret);
    await session.screenshot('sender-auth-03-secret-shown-once');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const rows = secrets.getByTestId('secret-row');
    await eventually(() => rows.count()).toBe(1);
    expect(await textOf(rows.first())).toContain(`…${firstSecret.slice(-4)}`);
    expect(await textOf(rows.first())).toContain('Until replaced');
    expect(await page.content()).not.toContain(firstSecret);
    // With a live secret, the activation notice has done its job.
    expect(await page.getByText('Add a secret before setting this webhook active').count()).toBe(0);
  });

  step('active', '5. activates it', ['secret'], async () => {
    await page.getByRole('button', { name: 'Set active' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set this webhook active?' });
    await dialog.getByRole('button', { name: 'Set webhook active' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Set inactive' }).waitFor();
  });

  step(
    'ingest',
    '6. processes a correctly signed request and refuses a badly signed one (401)',
    ['active'],
    async () => {
      deliveries.signed = randomUUID();
      const signed = await send(firstSecret, deliveries.signed);
      expect(signed.status, `${signed.text} ${serverErrors.join('\n')}`).toBe(200);
      expect(JSON.parse(signed.text)).toEqual({ ok: true });
      expect(await memberPoints()).toBe(pointAdd.sample.body.pointstobeadded);

      // One flipped hex digit of an otherwise correct signature.
      const good = githubSignature(firstSecret, rawBody());
      const flipped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
      deliveries.forged = randomUUID();
      const forged = await send(firstSecret, deliveries.forged, flipped);
      expect(forged.status, forged.text).toBe(401);
      expect(forged.headers.get('x-webhook-error')).toBe('SIGNATURE_INVALID');

      // The same delivery again is answered as before and credits nothing.
      const again = await send(firstSecret, deliveries.signed);
      expect(again.status, again.text).toBe(200);
      expect(again.text).toBe(signed.text);
      expect(again.headers.get('x-webhook-duplicate')).toBe('true');
      expect(await memberPoints()).toBe(pointAdd.sample.body.pointstobeadded);
    },
  );

  step(
    'logs',
    '7. shows PROCESSED, UNAUTHENTICATED and DUPLICATE in the Logs tab, the duplicate linked to the original',
    ['ingest'],
    async () => {
      await page.getByRole('tab', { name: 'Logs' }).click();
      const rows = page.getByTestId('log-row');
      await eventually(() => rows.count()).toBe(3);
      // Newest first: the duplicate, the forged one, the processed one.
      expect(await textOf(rows.nth(0).getByRole('cell').nth(4))).toBe('Duplicate');
      expect(await textOf(rows.nth(1).getByRole('cell').nth(3))).toBe('401');
      expect(await textOf(rows.nth(1).getByRole('cell').nth(4))).toBe('Unauthenticated');
      expect(await textOf(rows.nth(2).getByRole('cell').nth(3))).toBe('200');
      expect(await textOf(rows.nth(2).getByRole('cell').nth(4))).toBe('Processed');
      await session.screenshot('sender-auth-04-logs');

      await page.getByRole('combobox', { name: 'Outcome' }).click();
      await page.getByRole('option', { name: 'Unauthenticated' }).click();
      await eventually(() => rows.count()).toBe(1);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await eventually(() => rows.count()).toBe(3);

      await rows.nth(0).getByRole('link').first().click();
      const duplicate = page.getByRole('alert').filter({ hasText: 'Duplicate delivery' });
      expect(await textOf(page.getByText('Delivery id:'))).toBe(`Delivery id: ${deliveries.signed}`);
      // The stored request shows no signature: it is a secret.
      expect(await textOf(page.getByRole('region', { name: 'Request' }))).not.toContain(
        githubSignature(firstSecret, rawBody()),
      );
      await duplicate.getByRole('link', { name: /^Original request/ }).click();
      await page.getByRole('alert').filter({ hasText: 'Registered event' }).waitFor();
      expect(await textOf(page.getByText('Delivery id:'))).toBe(`Delivery id: ${deliveries.signed}`);
    },
  );

  step(
    'rotate',
    '8. rotates the secret: a new value shown once, the old one valid for 24 hours',
    ['active'],
    async () => {
      await page.getByRole('tab', { name: 'Settings' }).click();
      const versionBefore = await webhookVersion();
      const secrets = page.getByRole('region', { name: 'Secrets' });
      await secrets.getByRole('button', { name: 'Rotate secret' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rotate secret' });
      expect(await dialog.getByRole('textbox', { name: 'Older secrets stay valid for (hours)' }).inputValue()).toBe(
        '24',
      );
      await dialog.getByRole('button', { name: 'Generate secret' }).click();
      rotatedSecret = await textOf(dialog.getByTestId('new-secret-value'));
      expect(rotatedSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(rotatedSecret).not.toBe(firstSecret);
      expect(await textOf(dialog)).toMatch(/The older secrets stay valid until .+: give the sender the new one/);
      await session.screenshot('sender-auth-05-rotated');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });

      const rows = secrets.getByTestId('secret-row');
      await eventually(() => rows.count()).toBe(2);
      expect(await textOf(rows.nth(0))).toContain(`…${rotatedSecret.slice(-4)}`);
      expect(await textOf(rows.nth(0))).toContain('Until replaced');
      expect(await textOf(rows.nth(1))).toContain(`…${firstSecret.slice(-4)}`);
      expect(await textOf(rows.nth(1))).not.toContain('Until replaced');

      const stored = await secretsOfWebhook();
      expect(stored.secrets.map((secret) => secret.hint)).toEqual([
        `…${rotatedSecret.slice(-4)}`,
        `…${firstSecret.slice(-4)}`,
      ]);
      const graceLeft = Date.parse(stored.secrets[1]!.expiresAt!) - Date.now();
      expect(graceLeft).toBeGreaterThan(23 * 3600_000);
      expect(graceLeft).toBeLessThanOrEqual(24 * 3600_000);
      expect(stored.secrets[0]!.expiresAt).toBeNull();
      // The rotation changed the secrets and nothing else (the dialog opens inside the settings form).
      expect(await webhookVersion()).toBe(versionBefore + 1);
      expect(await page.getByText('Your changes are saved.').count()).toBe(0);
    },
  );

  step(
    'grace',
    '9. verifies with the new secret, and with the old one during its grace period',
    ['ingest', 'rotate'],
    async () => {
      const before = await memberPoints();
      const withNew = await send(rotatedSecret, randomUUID());
      expect(withNew.status, withNew.text).toBe(200);
      const withOld = await send(firstSecret, randomUUID());
      expect(withOld.status, withOld.text).toBe(200);
      expect(await memberPoints()).toBe(before + 2 * Number(pointAdd.sample.body.pointstobeadded));
    },
  );

  step('dryRun', '10. tests the webhook with a sample the server signs with the new secret', ['rotate'], async () => {
    const before = await memberPoints();
    await page.getByRole('tab', { name: 'Test' }).click();
    const sign = page.getByRole('switch', { name: "Sign with the webhook's secret" });
    await sign.waitFor({ state: 'attached' });
    expect(await sign.isChecked()).toBe(true);
    await page
      .getByRole('textbox', { name: 'Body', exact: true })
      .fill(JSON.stringify({ ...pointAdd.sample.body, reason: 'Dry run' }));
    await page.getByRole('button', { name: 'Run test' }).click();

    const verdict = page.getByRole('region', { name: 'Sender verification' }).getByTestId('verification-verdict');
    expect(await textOf(verdict)).toBe("Verified (GitHub): the sample was signed with the webhook's newest secret.");
    const delivery = await textOf(page.getByRole('region', { name: 'Delivery id' }));
    // The built sample's delivery id is unique to the panel, so a test never meets one processed before.
    expect(delivery).toMatch(/Read from headers\.x-github-delivery: sample-delivery-\w+/);
    expect(delivery).toContain('Not processed yet');
    await session.screenshot('sender-auth-06-test-panel');
    // A test registers nothing.
    expect(await memberPoints()).toBe(before);
  });

  it('raised no errors in the browser along the way, other than the refused activation', () => {
    // Step 3's activation is refused on purpose (GraphQL answers it with 200 and an error, not an HTTP error).
    expect(browserErrors).toEqual([]);
  });
});
