import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { activateWebhook, createWebhook, deactivateWebhook, hookPath, send, updateWebhook } from './support.js';

/** A change an admin just saved applies to the very next request on the same instance, with no notification race. */
let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await t?.close();
});

describe('read-your-writes on one instance', () => {
  it('deactivation, activation and edits take effect for the next request', async () => {
    const id = await createWebhook(t.url, tenant, {
      endpoint: 'ryw',
      action: 'opt_in',
      mapping: [{ from: 'id', to: 'customer' }],
    });
    const post = () => send(t.url, hookPath(tenant, 'ryw'), { id: 'm-1', ok: true });
    expect((await post()).status).toBe(200);
    for (let round = 0; round < 15; round++) {
      await deactivateWebhook(t.url, tenant, id);
      expect((await post()).status).toBe(404);
      await activateWebhook(t.url, tenant, id);
      expect((await post()).status).toBe(200);
    }
    await updateWebhook(t.url, tenant, id, {
      filter: { join: 'AND', conditions: [{ attribute: 'body.ok', operator: 'EQUALS', value: false }] },
    });
    const filtered = await post();
    expect(filtered.status).toBe(422);
    expect(filtered.headers.get('x-webhook-error')).toBe('FILTERED');
  });
});
