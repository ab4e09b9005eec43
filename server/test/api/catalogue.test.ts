import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  gql,
  startTestApp,
  type GraphQLResult,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

const TEMPLATE = `method endpoint action successResponse errorResponse
  filter { join conditions { attribute operator value } groups { join conditions { attribute operator value } } }
  mapping { from to default replace { value replacement } }`;
const BLUEPRINTS = `query { blueprints { id name description category template { ${TEMPLATE} } sample { headers body } } }`;
const FROM_BLUEPRINT = `mutation ($blueprintId: ID!, $name: String!, $endpoint: String) {
  createWebhookFromBlueprint(blueprintId: $blueprintId, name: $name, endpoint: $endpoint) {
    id name status version url allowedActions ${TEMPLATE} history { nodes { kind actor } } } }`;
const EVENTS = `query { eventDefinitions { name label description attributes { path type required description } } }`;

/** The documented use cases every installation offers. */
const EXAMPLES = [
  'point-add-example',
  'point-sub-example',
  'checkout-accept-example',
  'checkout-accept-item-example',
  'optin-labels-example',
];

type Blueprint = {
  id: string;
  name: string;
  description: string;
  category: string;
  template: Record<string, any>;
  sample: { headers: Record<string, string>; body: unknown };
};

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

function expectError(result: GraphQLResult, code: string, field?: string) {
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  expect(result.errors![0]!.extensions.code, JSON.stringify(result.errors)).toBe(code);
  if (field !== undefined) expect(result.errors![0]!.extensions.field).toBe(field);
  return result.errors![0]!;
}

let tenant: TestTenant;
let blueprints: Blueprint[];

beforeAll(async () => {
  tenant = await createTenant(t.deps);
  blueprints = ok(await gql(t.url, BLUEPRINTS, {}, { apiKey: tenant.adminKey })).blueprints;
});

describe('blueprints', () => {
  it('lists "blank" first, with an empty template', () => {
    expect(blueprints[0]).toMatchObject({
      id: 'blank',
      category: 'basic',
      template: {
        method: 'POST',
        endpoint: null,
        action: null,
        filter: null,
        mapping: [],
        successResponse: null,
        errorResponse: null,
      },
    });
  });

  it('includes the five documented examples', () => {
    const ids = blueprints.map((b) => b.id);
    for (const id of EXAMPLES) expect(ids).toContain(id);
    for (const id of EXAMPLES) expect(blueprints.find((b) => b.id === id)!.category).toBe('example');
  });

  it('includes at least three mParticle blueprints', () => {
    expect(blueprints.filter((b) => b.category === 'mparticle').length).toBeGreaterThanOrEqual(3);
  });

  it('every blueprint has a unique id, a name, a description and a sample', () => {
    expect(new Set(blueprints.map((b) => b.id)).size).toBe(blueprints.length);
    for (const b of blueprints) {
      expect(b.name.trim(), b.id).not.toBe('');
      expect(typeof b.description, b.id).toBe('string');
      expect(b.sample.headers, b.id).toEqual(expect.any(Object));
    }
  });

  it('the point add example is the documented one', () => {
    const pointAdd = blueprints.find((b) => b.id === 'point-add-example')!;
    expect(pointAdd.template).toMatchObject({
      method: 'POST',
      endpoint: 'endpoint1',
      action: 'point_add',
      filter: {
        join: expect.any(String),
        conditions: [{ attribute: 'body.pointadd', operator: 'EXISTS', value: null }],
      },
    });
    expect(pointAdd.template.mapping.map((m: { from: string; to: string }) => [m.from, m.to])).toEqual([
      ['clientID', 'customer'],
      ['reason', 'data.reason'],
      ['pointstobeadded', 'data.points'],
    ]);
  });

  it('readers may list them too', async () => {
    const result = await gql(t.url, 'query { blueprints { id } }', {}, { apiKey: tenant.readerKey });
    expect(ok(result).blueprints.map((b: { id: string }) => b.id)).toEqual(blueprints.map((b) => b.id));
  });
});

describe('createWebhookFromBlueprint', () => {
  it('creates an INACTIVE webhook prefilled from every blueprint that has an endpoint and an action', async () => {
    const owner = await createTenant(t.deps);
    const usable = blueprints.filter((b) => b.template.endpoint && b.template.action);
    expect(usable.length).toBeGreaterThanOrEqual(8);
    for (const blueprint of usable) {
      const result = await gql(
        t.url,
        FROM_BLUEPRINT,
        { blueprintId: blueprint.id, name: `From ${blueprint.id}` },
        { apiKey: owner.adminKey },
      );
      const webhook = ok(result).createWebhookFromBlueprint;
      const { history, id: _id, name, status, version, url, allowedActions, ...settings } = webhook;
      expect(name).toBe(`From ${blueprint.id}`);
      expect(status).toBe('INACTIVE');
      expect(version).toBe(1);
      expect(allowedActions).toEqual(['EDIT', 'ACTIVATE', 'ARCHIVE']);
      expect(url).toBe(`http://intake.test/webhooks/custom/${owner.slug}/${blueprint.template.endpoint}`);
      expect(settings, blueprint.id).toEqual(blueprint.template);
      expect(history.nodes).toEqual([{ kind: 'CREATED', actor: 'api-key:admin key' }]);
    }
  });

  it('takes the endpoint given instead of the template one', async () => {
    const owner = await createTenant(t.deps);
    const webhook = ok(
      await gql(
        t.url,
        FROM_BLUEPRINT,
        { blueprintId: 'point-sub-example', name: 'Sub', endpoint: 'my-sub' },
        { apiKey: owner.adminKey },
      ),
    ).createWebhookFromBlueprint;
    expect(webhook).toMatchObject({
      endpoint: 'my-sub',
      action: 'point_sub',
      url: `http://intake.test/webhooks/custom/${owner.slug}/my-sub`,
    });
  });

  it('the same blueprint twice: the endpoint is taken (CONFLICT on endpoint)', async () => {
    const owner = await createTenant(t.deps);
    ok(await gql(t.url, FROM_BLUEPRINT, { blueprintId: 'point-add-example', name: 'One' }, { apiKey: owner.adminKey }));
    const error = expectError(
      await gql(t.url, FROM_BLUEPRINT, { blueprintId: 'point-add-example', name: 'Two' }, { apiKey: owner.adminKey }),
      'CONFLICT',
      'endpoint',
    );
    expect(error.message).toContain('endpoint1');
    ok(
      await gql(
        t.url,
        FROM_BLUEPRINT,
        { blueprintId: 'point-add-example', name: 'Two', endpoint: 'endpoint1-b' },
        { apiKey: owner.adminKey },
      ),
    );
  });

  it('blank without an endpoint is BAD_USER_INPUT on endpoint', async () => {
    const result = await gql(
      t.url,
      FROM_BLUEPRINT,
      { blueprintId: 'blank', name: 'Blank' },
      { apiKey: tenant.adminKey },
    );
    expectError(result, 'BAD_USER_INPUT', 'endpoint');
  });

  it('blank with an endpoint still lacks an action: BAD_USER_INPUT on blueprintId', async () => {
    const result = await gql(
      t.url,
      FROM_BLUEPRINT,
      { blueprintId: 'blank', name: 'Blank', endpoint: 'blank-1' },
      { apiKey: tenant.adminKey },
    );
    const error = expectError(result, 'BAD_USER_INPUT', 'blueprintId');
    expect(error.message).toMatch(/action/);
  });

  it('validates the name and the endpoint given, with top-level field names', async () => {
    expectError(
      await gql(
        t.url,
        FROM_BLUEPRINT,
        { blueprintId: 'point-add-example', name: '  ', endpoint: 'x-1' },
        { apiKey: tenant.adminKey },
      ),
      'BAD_USER_INPUT',
      'name',
    );
    expectError(
      await gql(
        t.url,
        FROM_BLUEPRINT,
        { blueprintId: 'point-add-example', name: 'ok', endpoint: 'Not Valid' },
        { apiKey: tenant.adminKey },
      ),
      'BAD_USER_INPUT',
      'endpoint',
    );
  });

  it('an unknown blueprint is NOT_FOUND', async () => {
    expectError(
      await gql(t.url, FROM_BLUEPRINT, { blueprintId: 'no-such-blueprint', name: 'x' }, { apiKey: tenant.adminKey }),
      'NOT_FOUND',
    );
  });

  it('a reader may not use it', async () => {
    const result = await gql(
      t.url,
      FROM_BLUEPRINT,
      { blueprintId: 'point-add-example', name: 'x', endpoint: 'reader-try' },
      { apiKey: tenant.readerKey },
    );
    expectError(result, 'FORBIDDEN');
    const list = ok(
      await gql(t.url, 'query { webhooks(search: "reader-try") { nodes { id } } }', {}, { apiKey: tenant.adminKey }),
    );
    expect(list.webhooks.nodes).toEqual([]);
  });
});

describe('eventDefinitions', () => {
  type Definition = {
    name: string;
    label: string;
    description: string;
    attributes: { path: string; type: string; required: boolean; description: string }[];
  };
  let definitions: Definition[];

  beforeAll(async () => {
    definitions = ok(await gql(t.url, EVENTS, {}, { apiKey: tenant.readerKey })).eventDefinitions;
  });

  function attribute(event: string, path: string) {
    const definition = definitions.find((d) => d.name === event);
    expect(definition, event).toBeDefined();
    return definition!.attributes.find((a) => a.path === path);
  }

  it('includes the loyalty events', () => {
    const names = definitions.map((d) => d.name);
    for (const name of ['point_add', 'point_sub', 'checkout', 'checkout_accept', 'checkout_accept_item', 'opt_in'])
      expect(names).toContain(name);
  });

  it('point_add requires customer (STRING) and data.points (NUMBER); data.reason is optional', () => {
    expect(attribute('point_add', 'customer')).toMatchObject({ type: 'STRING', required: true });
    expect(attribute('point_add', 'data.points')).toMatchObject({ type: 'NUMBER', required: true });
    expect(attribute('point_add', 'data.reason')).toMatchObject({ type: 'STRING', required: false });
  });

  it('point_sub requires data.points (NUMBER)', () => {
    expect(attribute('point_sub', 'data.points')).toMatchObject({ type: 'NUMBER', required: true });
  });

  it('checkout_accept requires data.transaction_id (STRING)', () => {
    expect(attribute('checkout_accept', 'data.transaction_id')).toMatchObject({ type: 'STRING', required: true });
    expect(attribute('checkout_accept', 'data.total')).toMatchObject({ type: 'NUMBER', required: false });
  });

  it('every event starts with a required customer, and has a label and descriptions', () => {
    for (const d of definitions) {
      expect(d.attributes[0], d.name).toMatchObject({ path: 'customer', required: true });
      expect(d.label.trim(), d.name).not.toBe('');
      for (const a of d.attributes) {
        expect(a.path === 'customer' || a.path.startsWith('data.'), `${d.name} ${a.path}`).toBe(true);
        expect(a.description.trim(), `${d.name} ${a.path}`).not.toBe('');
      }
    }
    expect(new Set(definitions.map((d) => d.name)).size).toBe(definitions.length);
  });

  it('every event can be chosen as the action of a webhook', async () => {
    const owner = await createTenant(t.deps);
    for (const [i, d] of definitions.entries()) {
      const result = await gql(
        t.url,
        'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { action } }',
        {
          input: { name: d.label, method: 'POST', endpoint: `event-${i}`, action: d.name, mapping: [] },
        },
        { apiKey: owner.adminKey },
      );
      expect(ok(result).createWebhook.action).toBe(d.name);
    }
  });
});
