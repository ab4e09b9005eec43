import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idempotencyIssues, normaliseIdempotency, normaliseVerification, verificationIssues } from '@intake/rules';
import { runPipelineWithExpressions } from '../application/ingestion/evaluate-pipeline.js';
import { filterPasses } from '../domain/filter.js';
import type { JsonObject, JsonValue } from '../domain/types.js';
import { validateWebhookSettings } from '../domain/webhook-validation.js';
import { InProcessExpressionEvaluator } from '../expressions/in-process.js';
import { DEFAULT_BLUEPRINTS_DIR, findBlueprint, loadBlueprints, type Blueprint } from './blueprints.js';

const blueprints = loadBlueprints();
const nonBlank = blueprints.filter((b) => b.id !== 'blank');

/** The five use cases of incoming-webhooks.md, as documented there. */
const DOCUMENTED = [
  {
    id: 'point-add-example',
    name: 'Point add',
    endpoint: 'endpoint1',
    action: 'point_add',
    filter: [{ attribute: 'body.pointadd', operator: 'EXISTS' }],
    mapping: [
      ['clientID', 'customer'],
      ['reason', 'data.reason'],
      ['pointstobeadded', 'data.points'],
    ],
  },
  {
    id: 'point-sub-example',
    name: 'Point sub',
    endpoint: 'endpoint2',
    action: 'point_sub',
    filter: [{ attribute: 'body.pointsub', operator: 'GREATER_THAN', value: 0 }],
    mapping: [
      ['clientID', 'customer'],
      ['reason', 'data.reason'],
      ['pointsub', 'data.points'],
    ],
  },
  {
    id: 'checkout-accept-example',
    name: 'Checkout accept',
    endpoint: 'endpoint3',
    action: 'checkout_accept',
    filter: [{ attribute: 'body.checkoutaccept', operator: 'EXISTS' }],
    mapping: [
      ['clientID', 'customer'],
      ['transaction_id', 'data.transaction_id'],
      ['total', 'data.total'],
    ],
  },
  {
    id: 'checkout-accept-item-example',
    name: 'Checkout accept item',
    endpoint: 'endpoint4',
    action: 'checkout_accept_item',
    filter: [{ attribute: 'body.checkoutacceptitem', operator: 'EXISTS' }],
    mapping: [
      ['clientID', 'customer'],
      ['transaction_id', 'data.transaction_id'],
      ['total', 'data.total'],
      ['product_id', 'data.product_id'],
      ['subtotal', 'data.subtotal'],
      ['quantity', 'data.quantity'],
    ],
  },
  {
    id: 'optin-labels-example',
    name: 'Optin labels',
    endpoint: 'optin_labels',
    action: 'opt_in',
    filter: [{ attribute: 'body.optin_labels', operator: 'EXISTS' }],
    mapping: [
      ['customerID', 'customer'],
      ['optin_labels', 'data.email'],
      ['first_name', 'data.first_name'],
      ['last_name', 'data.last_name'],
      ['labels', 'data.labels'],
    ],
  },
];

function settingsOf(blueprint: Blueprint) {
  const { template } = blueprint;
  return {
    ...template,
    name: blueprint.name,
    endpoint: template.endpoint ?? '',
    action: template.action ?? '',
  };
}

/** The value at an idempotency key (`headers.<name>` or `body.<dot.path>`) of a sample request, or undefined. */
function readRequestValue(sample: Blueprint['sample'], key: string): JsonValue | undefined {
  const [source, ...path] = key.split('.');
  if (source === 'headers') return sample.headers[path.join('.').toLowerCase()];
  let value: JsonValue | undefined = sample.body;
  for (const segment of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, JsonValue>)[segment] : undefined;
  }
  return value;
}

/**
 * Mapping expressions evaluated on this thread by the same sandbox and compile (@intake/rules/expression) as the
 * workers, so that samples whose mapping computes values are checked too. The time box is generous: these are the
 * catalogue's own expressions on a busy test machine, not a sender's.
 */
const expressions = new InProcessExpressionEvaluator(5_000);

/**
 * The blueprint's sample sent as a request to a webhook configured from the blueprint: the ingestion route's
 * pipeline, expressions included, without a database.
 */
function runSample(blueprint: Blueprint) {
  const settings = validateWebhookSettings(settingsOf(blueprint));
  return runPipelineWithExpressions(expressions, `blueprint:${blueprint.id}`, settings, {
    method: settings.method,
    contentType: blueprint.sample.headers['content-type'],
    headers: blueprint.sample.headers,
    rawBody: JSON.stringify(blueprint.sample.body),
  });
}

async function eventsOf(id: string) {
  const result = await runSample(findBlueprint(id)!);
  if (result.kind !== 'accepted') throw new Error(`${id}: ${result.errorCode} ${result.reason}`);
  return result.events.map((event) => ({ customer: event.customer, data: event.data }));
}

async function eventOf(id: string) {
  const events = await eventsOf(id);
  expect(events, id).toHaveLength(1);
  return events[0]!;
}

describe('blueprint files', () => {
  it('loads one blueprint per file in server/blueprints', () => {
    const files = readdirSync(DEFAULT_BLUEPRINTS_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    expect(blueprints).toHaveLength(files.length);
  });

  it('has unique ids', () => {
    const ids = blueprints.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists blank first, then the examples in the documentation order, then mParticle, then shops', () => {
    expect(blueprints[0]!.id).toBe('blank');
    const categories = blueprints.map((b) => b.category);
    expect(categories.slice(1, 6)).toEqual(Array(5).fill('example'));
    expect(blueprints.slice(1, 6).map((b) => b.id)).toEqual(DOCUMENTED.map((d) => d.id));
    const firstShop = categories.indexOf('shop');
    expect(firstShop).toBeGreaterThan(6);
    expect(categories.slice(6, firstShop).every((c) => c === 'mparticle')).toBe(true);
    expect(categories.slice(firstShop).every((c) => c === 'shop')).toBe(true);
  });

  it('has a blank blueprint with nothing configured', () => {
    const blank = findBlueprint('blank')!;
    expect(blank.category).toBe('basic');
    expect(blank.template).toEqual({
      method: 'POST',
      endpoint: null,
      filter: null,
      action: null,
      mapping: [],
      successResponse: null,
      errorResponse: null,
      verification: { scheme: 'NONE' },
      idempotency: null,
      splitOn: null,
    });
    expect(blank.sample.body).toEqual({});
  });

  it.each(DOCUMENTED)('configures $name exactly as documented', (doc) => {
    const blueprint = findBlueprint(doc.id)!;
    expect(blueprint).toBeDefined();
    expect(blueprint.category).toBe('example');
    expect(blueprint.name).toBe(doc.name);
    expect(blueprint.template.method).toBe('POST');
    expect(blueprint.template.endpoint).toBe(doc.endpoint);
    expect(blueprint.template.action).toBe(doc.action);
    expect(blueprint.template.filter).toEqual({ join: 'AND', conditions: doc.filter, groups: [] });
    expect(blueprint.template.mapping.map((row) => [row.from, row.to])).toEqual(doc.mapping);
    expect(blueprint.template.mapping.every((row) => row.default === undefined && row.replace.length === 0)).toBe(true);
    // The documentation's {'ok':true} / {'notok':false} are not JSON: the blueprints use JSON and say so.
    expect(JSON.parse(blueprint.template.successResponse!)).toEqual({ ok: true });
    expect(JSON.parse(blueprint.template.errorResponse!)).toEqual({ ok: false });
    expect(blueprint.description).toContain('single quotes');
    // Their senders sign nothing: NONE, chosen on purpose, and the description says how they authenticate instead.
    expect(blueprint.template.verification).toEqual({ scheme: 'NONE' });
    expect(blueprint.template.idempotency).toBeNull();
    expect(blueprint.description).toContain('Sender verification: none');
    expect(blueprint.description).toContain('static token that a filter condition compares');
  });

  it('has at least three mParticle blueprints built on the outgoing JSON batch', () => {
    const mparticle = blueprints.filter((b) => b.category === 'mparticle');
    expect(mparticle.length).toBeGreaterThanOrEqual(3);
    for (const blueprint of mparticle) {
      const body = blueprint.sample.body as JsonObject;
      expect(Array.isArray(body.events), blueprint.id).toBe(true);
      expect(Array.isArray(body.user_identities), blueprint.id).toBe(true);
      expect(body).toMatchObject({ schema_version: 2, environment: 'production' });
      expect(blueprint.template.filter?.conditions.map((c) => c.attribute)).toContain('body.events.0.event_type');
    }
    expect(mparticle.map((b) => b.template.action)).toEqual(
      expect.arrayContaining(['point_add', 'checkout_accept', 'profile']),
    );
  });

  it('verifies mParticle by an API key in Authorization (Bearer) and credits each batch once', () => {
    for (const blueprint of blueprints.filter((b) => b.category === 'mparticle')) {
      expect(blueprint.template.verification, blueprint.id).toEqual({ scheme: 'API_KEY', header: 'authorization' });
      expect(blueprint.template.idempotency, blueprint.id).toEqual({ key: 'body.source_request_id', windowHours: 168 });
      expect(blueprint.description, blueprint.id).toContain('"Bearer <that secret>"');
      expect(blueprint.sample.headers.authorization, blueprint.id).toMatch(/^Bearer /);
    }
  });

  it.each(blueprints.map((b) => [b.id, b] as const))(
    '%s states its verification and idempotency as they are stored and shown',
    (_id, blueprint) => {
      const { verification, idempotency } = blueprint.template;
      expect(verificationIssues(verification)).toEqual([]);
      expect(verification).toEqual(normaliseVerification(verification));
      if (idempotency) {
        expect(idempotencyIssues(idempotency)).toEqual([]);
        expect(idempotency).toEqual(normaliseIdempotency(idempotency));
      }
    },
  );

  it.each(blueprints.filter((b) => b.template.idempotency).map((b) => [b.id, b] as const))(
    '%s: the sample carries the idempotency key where the template looks for it',
    (_id, blueprint) => {
      const key = blueprint.template.idempotency!.key;
      expect(readRequestValue(blueprint.sample, key), key).toEqual(expect.any(String));
      expect(readRequestValue(blueprint.sample, key)).not.toBe('');
    },
  );

  it.each(nonBlank.map((b) => [b.id, b] as const))('%s is a valid webhook configuration', (_id, blueprint) => {
    expect(() => validateWebhookSettings(settingsOf(blueprint))).not.toThrow();
  });

  it('blank is refused as it stands: it needs an endpoint and an action', () => {
    expect(() => validateWebhookSettings(settingsOf(findBlueprint('blank')!))).toThrow();
  });

  it.each(nonBlank.map((b) => [b.id, b] as const))('%s accepts its own sample', async (_id, blueprint) => {
    const result = await runSample(blueprint);
    expect(result.kind === 'rejected' ? `${result.errorCode}: ${result.reason}` : 'accepted').toBe('accepted');
    if (result.kind !== 'accepted') return;
    expect(result.events.map((event) => event.action)).toEqual(result.events.map(() => blueprint.template.action));
    // Every expression of the template was evaluated and computed something on the sample.
    for (const row of [...(result.trace.items ?? []), result.trace].flatMap((item) => item.mapping ?? [])) {
      expect(row.problem, `${row.from} → ${row.to}`).toBeUndefined();
      if (row.expression !== undefined) expect(row.computed, `${row.from} → ${row.to}`).toBeDefined();
    }
  });

  it('maps the samples to the events one expects', async () => {
    expect(await eventOf('point-add-example')).toEqual({
      customer: 'customer-1001',
      data: { reason: 'Welcome bonus', points: 100 },
    });
    expect(await eventOf('mparticle-purchase-checkout')).toEqual({
      customer: 'customer-1001',
      data: { transaction_id: 'T-20250724-8812', total: 87.5, currency: 'USD', channel: 'app' },
    });
    expect(await eventOf('mparticle-user-profile')).toEqual({
      customer: 'customer-1001',
      data: { first_name: 'Jane', last_name: 'Doe', gender: 'F', phone: '+15555550123' },
    });
    expect(await eventOf('mparticle-loyalty-opt-in')).toEqual({
      customer: 'customer-1001',
      data: { first_name: 'Jane', last_name: 'Doe', labels: ['app_signup'] },
    });
    expect((await eventOf('optin-labels-example')).data.labels).toEqual(['Webhooklabel']);
  });

  describe('mParticle: points for a custom event', () => {
    const custom = findBlueprint('mparticle-custom-event-points')!;
    const body = custom.sample.body as JsonObject;
    const send = (changed: JsonObject) => runSample({ ...custom, sample: { ...custom.sample, body: changed } });

    it('splits the batch on its events and reads the customer from the batch through $parent', () => {
      expect(custom.template.splitOn).toBe('body.events');
      expect(custom.template.mapping.map((row) => [row.from, row.to, row.expression ?? null])).toEqual([
        ['event_type', 'customer', '$parent.user_identities[0].identity'],
        ['data.custom_attributes.points', 'data.points', null],
        ['data.custom_attributes.reason', 'data.reason', null],
      ]);
      expect(custom.description).toContain('$parent.user_identities[0].identity');
      expect(custom.description).not.toContain('Send as Batch');
    });

    it('turns the sample batch of 3 events into 3 events of the batch customer', async () => {
      expect(await eventsOf('mparticle-custom-event-points')).toEqual([
        { customer: 'customer-1001', data: { points: 50, reason: 'Completed profile survey' } },
        { customer: 'customer-1001', data: { points: 20, reason: 'Shared a review' } },
        { customer: 'customer-1001', data: { points: 5, reason: 'mParticle: Earn Points' } },
      ]);
    });

    it('refuses the whole batch when one of its events has no points, naming it', async () => {
      const changed = structuredClone(body);
      ((changed.events as JsonObject[])[1]!.data as JsonObject).custom_attributes = { reason: 'no points' };
      const result = await send(changed);
      expect(result).toMatchObject({ kind: 'rejected', statusCode: 422 });
      expect(result.kind === 'rejected' && result.reason).toMatch(/^events\[1\]: /);
    });
  });

  it('rejects the flawed sample of the documentation (customer_ID, no pointadd)', () => {
    const blueprint = findBlueprint('point-add-example')!;
    const body = { customer_ID: 'ID of your customer', pointstobeadded: '10', reason: 'reason' };
    expect(filterPasses(blueprint.template.filter, { headers: {}, body })).toBe(false);
  });

  it('filters out mParticle batches it would map wrongly', async () => {
    const purchase = findBlueprint('mparticle-purchase-checkout')!;
    const body = purchase.sample.body as JsonObject;
    const send = (changed: JsonObject) => runSample({ ...purchase, sample: { ...purchase.sample, body: changed } });
    // The first identity is not the customer_id: mapping user_identities.0 would pick the email.
    const reversed = { ...body, user_identities: [...(body.user_identities as JsonObject[])].reverse() };
    expect(await send(reversed)).toMatchObject({ kind: 'rejected', errorCode: 'FILTERED' });
    // Not a purchase.
    const cart = structuredClone(body);
    ((cart.events as JsonObject[])[0]!.data as JsonObject).product_action = { action: 'add_to_cart', products: [] };
    expect(await send(cart)).toMatchObject({ kind: 'rejected', errorCode: 'FILTERED' });
  });

  describe('Shop order paid → points', () => {
    const shop = findBlueprint('shop-order-paid-points')!;
    const body = shop.sample.body as JsonObject;
    const send = (changed: JsonObject) => runSample({ ...shop, sample: { ...shop.sample, body: changed } });

    it('registers a checkout_accept from a paid Shopify order, signed and deduplicated the Shopify way', () => {
      expect(shop).toMatchObject({ name: 'Shop order paid → points', category: 'shop' });
      expect(shop.template).toMatchObject({
        method: 'POST',
        endpoint: 'shop-order-paid',
        action: 'checkout_accept',
        filter: {
          join: 'AND',
          conditions: [{ attribute: 'body.financial_status', operator: 'EQUALS', value: 'paid' }],
          groups: [],
        },
        verification: { scheme: 'SHOPIFY' },
        idempotency: { key: 'headers.x-shopify-webhook-id', windowHours: 168 },
      });
      expect(shop.sample.headers['x-shopify-topic']).toBe('orders/paid');
      expect(body).toMatchObject({ total_price: '58.69', financial_status: 'paid' });
    });

    it('maps customer.id (else email), id (else order_number), the total, and 10 points per unit by an expression', () => {
      expect(shop.template.mapping.map((row) => [row.from, row.to, row.expression ?? null])).toEqual([
        ['email', 'customer', null],
        ['customer.id', 'customer', null],
        ['order_number', 'data.transaction_id', null],
        ['id', 'data.transaction_id', null],
        ['total_price', 'data.total', null],
        ['currency', 'data.currency', null],
        ['total_price', 'data.points', '$floor($number($) * 10)'],
      ]);
      expect(shop.description).toContain('$floor($number($) * 10)');
      expect(shop.description).toContain('"58.69" earns 586');
    });

    it('takes the shop customer and the order id when the order has them, and earns 586 points for 58.69', async () => {
      const event = await eventOf('shop-order-paid-points');
      expect(event.customer).toBe('7390152441904');
      expect(event.data).toMatchObject({ transaction_id: '5565467484473', total: 58.69, currency: 'EUR', points: 586 });
    });

    it('falls back to the email for a guest checkout and to order_number without an id', async () => {
      const { customer: _customer, id: _id, ...guest } = body;
      const result = await send(guest);
      if (result.kind !== 'accepted') throw new Error(`${result.errorCode}: ${result.reason}`);
      expect(result.event.customer).toBe('jane.doe@example.com');
      expect(result.event.data.transaction_id).toBe('1042');
    });

    it('filters out orders that are not paid', async () => {
      expect(await send({ ...body, financial_status: 'pending' })).toMatchObject({
        kind: 'rejected',
        errorCode: 'FILTERED',
      });
      expect(await send({ ...body, financial_status: 'refunded' })).toMatchObject({
        kind: 'rejected',
        errorCode: 'FILTERED',
      });
    });
  });

  it('returns copies: changing one does not change the catalogue', () => {
    const first = findBlueprint('point-add-example')!;
    first.template.mapping.push({ from: 'x', to: 'data.x', replace: [] });
    first.name = 'changed';
    const again = findBlueprint('point-add-example')!;
    expect(again.name).toBe('Point add');
    expect(again.template.mapping).toHaveLength(3);
  });
});

describe('loadBlueprints on a broken directory', () => {
  const dirs: string[] = [];
  const dirWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'blueprints-'));
    dirs.push(dir);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const valid = (id: string) =>
    JSON.stringify({
      id,
      name: id,
      description: '',
      category: 'basic',
      template: {
        method: 'POST',
        endpoint: null,
        filter: null,
        action: null,
        mapping: [],
        successResponse: null,
        errorResponse: null,
        verification: { scheme: 'NONE' },
        idempotency: null,
      },
      sample: { headers: {}, body: {} },
    });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('names the file that is not JSON', () => {
    const dir = dirWith({ 'a.json': valid('a'), 'bad.json': '{ nope' });
    expect(() => loadBlueprints(dir)).toThrow(/bad\.json: not valid JSON/);
  });

  it('names the file and the field with the wrong shape', () => {
    const broken = JSON.parse(valid('b'));
    broken.template.method = 'GET';
    expect(() => loadBlueprints(dirWith({ 'b.json': JSON.stringify(broken) }))).toThrow(/b\.json: "template\.method"/);
    const noSample = JSON.parse(valid('c'));
    delete noSample.sample;
    expect(() => loadBlueprints(dirWith({ 'c.json': JSON.stringify(noSample) }))).toThrow(/c\.json: "sample"/);
    const badOperator = JSON.parse(valid('d'));
    badOperator.template.filter = { join: 'AND', conditions: [{ attribute: 'body.x', operator: 'GT' }], groups: [] };
    expect(() => loadBlueprints(dirWith({ 'd.json': JSON.stringify(badOperator) }))).toThrow(
      /d\.json: "template\.filter\.conditions\[0\]\.operator"/,
    );
    const badScheme = JSON.parse(valid('e'));
    badScheme.template.verification = { scheme: 'SIGNED' };
    expect(() => loadBlueprints(dirWith({ 'e.json': JSON.stringify(badScheme) }))).toThrow(
      /e\.json: "template\.verification\.scheme" must be one of NONE, STANDARD_WEBHOOKS/,
    );
    const noVerification = JSON.parse(valid('f'));
    delete noVerification.template.verification;
    expect(() => loadBlueprints(dirWith({ 'f.json': JSON.stringify(noVerification) }))).toThrow(
      /f\.json: "template\.verification" must be an object with "scheme" \(NONE when the sender cannot be verified\)/,
    );
    const badExpression = JSON.parse(valid('h'));
    badExpression.template.mapping = [{ from: 'a', to: 'data.a', replace: [], expression: 42 }];
    expect(() => loadBlueprints(dirWith({ 'h.json': JSON.stringify(badExpression) }))).toThrow(
      /h\.json: "template\.mapping\[0\]\.expression" must be null or a string/,
    );
    const badWindow = JSON.parse(valid('g'));
    badWindow.template.idempotency = { key: 'body.id', windowHours: 1.5 };
    expect(() => loadBlueprints(dirWith({ 'g.json': JSON.stringify(badWindow) }))).toThrow(
      /g\.json: "template\.idempotency\.windowHours" must be a whole number/,
    );
  });

  it('refuses two files with the same id', () => {
    const dir = dirWith({ 'one.json': valid('same'), 'two.json': valid('same') });
    expect(() => loadBlueprints(dir)).toThrow(/two\.json: the id "same" is already used by .*one\.json/);
  });

  it('ignores files that are not .json', () => {
    const dir = dirWith({ 'a.json': valid('a'), 'README.md': '# notes' });
    expect(loadBlueprints(dir).map((b) => b.id)).toEqual(['a']);
  });
});
