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
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await t?.close();
});

type Status = 'INACTIVE' | 'ACTIVE' | 'ARCHIVED';
type Operation = 'edit' | 'activate' | 'deactivate' | 'archive';

const FIELDS = 'id name status version allowedActions updatedAt';
const OPERATIONS: Record<
  Operation,
  { query: string; field: string; variables: (id: string) => Record<string, unknown> }
> = {
  edit: {
    query: `mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { ${FIELDS} } }`,
    field: 'updateWebhook',
    variables: (id) => ({ id, input: { name: 'Edited' } }),
  },
  activate: {
    query: `mutation ($id: ID!) { activateWebhook(id: $id) { ${FIELDS} } }`,
    field: 'activateWebhook',
    variables: (id) => ({ id }),
  },
  deactivate: {
    query: `mutation ($id: ID!) { deactivateWebhook(id: $id) { ${FIELDS} } }`,
    field: 'deactivateWebhook',
    variables: (id) => ({ id }),
  },
  archive: {
    query: `mutation ($id: ID!) { archiveWebhook(id: $id) { ${FIELDS} } }`,
    field: 'archiveWebhook',
    variables: (id) => ({ id }),
  },
};

/** Every status × every operation: the resulting status, or the words the refusal must contain. */
const TABLE: Record<Status, Record<Operation, Status | { refused: RegExp }>> = {
  INACTIVE: {
    edit: 'INACTIVE',
    activate: 'ACTIVE',
    deactivate: {
      refused: /^Cannot deactivate a webhook that is INACTIVE: from INACTIVE you may edit, activate or archive it\.$/,
    },
    archive: 'ARCHIVED',
  },
  ACTIVE: {
    edit: 'ACTIVE',
    activate: { refused: /^Cannot activate a webhook that is ACTIVE: from ACTIVE you may edit or deactivate it\.$/ },
    deactivate: 'INACTIVE',
    archive: { refused: /^Cannot archive a webhook that is ACTIVE: from ACTIVE you may edit or deactivate it\.$/ },
  },
  ARCHIVED: {
    edit: { refused: /^Cannot edit a webhook that is ARCHIVED: an archived webhook is final/ },
    activate: { refused: /^Cannot activate a webhook that is ARCHIVED: an archived webhook is final/ },
    deactivate: { refused: /^Cannot deactivate a webhook that is ARCHIVED: an archived webhook is final/ },
    archive: { refused: /^Cannot archive a webhook that is ARCHIVED: an archived webhook is final/ },
  },
};

const ALLOWED_ACTIONS: Record<Status, string[]> = {
  INACTIVE: ['EDIT', 'ACTIVATE', 'ARCHIVE'],
  ACTIVE: ['EDIT', 'DEACTIVATE'],
  ARCHIVED: [],
};

let endpointCounter = 0;

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

async function run(operation: Operation, id: string) {
  const op = OPERATIONS[operation];
  return gql(t.url, op.query, op.variables(id), { apiKey: tenant.adminKey });
}

async function webhookIn(status: Status): Promise<{ id: string; version: number }> {
  const created = ok(
    await gql(
      t.url,
      `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id version status } }`,
      {
        input: {
          name: 'Lifecycle',
          method: 'POST',
          endpoint: `life-${++endpointCounter}-${Math.random().toString(36).slice(2, 6)}`,
          action: 'point_add',
          mapping: [
            { from: 'id', to: 'customer' },
            { from: 'p', to: 'data.points' },
          ],
        },
      },
      { apiKey: tenant.adminKey },
    ),
  ).createWebhook;
  expect(created.status).toBe('INACTIVE');
  if (status === 'ACTIVE') ok(await run('activate', created.id));
  if (status === 'ARCHIVED') ok(await run('archive', created.id));
  return { id: created.id, version: status === 'INACTIVE' ? 1 : 2 };
}

async function read(id: string) {
  return ok(
    await gql(
      t.url,
      `query ($id: ID!) { webhook(id: $id) { ${FIELDS} history { nodes { kind } } } }`,
      { id },
      { apiKey: tenant.adminKey },
    ),
  ).webhook;
}

const cases = (Object.keys(TABLE) as Status[]).flatMap((status) =>
  (Object.keys(TABLE[status]) as Operation[]).map((operation) => ({
    status,
    operation,
    outcome: TABLE[status][operation],
  })),
);

describe('allowed transitions', () => {
  it.each(cases.filter((c) => typeof c.outcome === 'string'))(
    '$status → $operation',
    async ({ status, operation, outcome }) => {
      const webhook = await webhookIn(status);
      const result = await run(operation, webhook.id);
      const changed = ok(result)[OPERATIONS[operation].field];
      const to = outcome as Status;
      expect(changed).toMatchObject({
        id: webhook.id,
        status: to,
        version: webhook.version + 1,
        allowedActions: ALLOWED_ACTIONS[to],
      });
      const now = await read(webhook.id);
      expect(now).toMatchObject({ status: to, version: webhook.version + 1 });
      const kind = { edit: 'UPDATED', activate: 'ACTIVATED', deactivate: 'DEACTIVATED', archive: 'ARCHIVED' }[
        operation
      ];
      expect(now.history.nodes[0].kind).toBe(kind);
    },
  );
});

describe('refused transitions: INVALID_TRANSITION saying what is allowed, nothing changed', () => {
  it.each(cases.filter((c) => typeof c.outcome !== 'string'))(
    '$status → $operation',
    async ({ status, operation, outcome }) => {
      const webhook = await webhookIn(status);
      const before = await read(webhook.id);
      const result = await run(operation, webhook.id);
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      const error = result.errors![0]!;
      expect(error.extensions.code).toBe('INVALID_TRANSITION');
      expect(error.message).toMatch((outcome as { refused: RegExp }).refused);
      expect(error.path).toEqual([OPERATIONS[operation].field]);
      expect(await read(webhook.id)).toEqual(before);
    },
  );

  it('an archived webhook cannot be edited even with the right expectedVersion', async () => {
    const webhook = await webhookIn('ARCHIVED');
    const result = await gql(
      t.url,
      OPERATIONS.edit.query,
      { id: webhook.id, input: { name: 'x', expectedVersion: 2 } },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors?.[0]?.extensions.code).toBe('INVALID_TRANSITION');
    expect((await read(webhook.id)).name).toBe('Lifecycle');
  });

  it('archiving frees nothing back: an archived webhook stays archived after every attempt', async () => {
    const webhook = await webhookIn('ARCHIVED');
    for (const operation of ['activate', 'deactivate', 'edit', 'archive'] as const) await run(operation, webhook.id);
    expect(await read(webhook.id)).toMatchObject({ status: 'ARCHIVED', version: 2, allowedActions: [] });
  });
});

describe('allowedActions', () => {
  it.each(Object.entries(ALLOWED_ACTIONS))('an admin sees %s → %j', async (status, actions) => {
    const webhook = await webhookIn(status as Status);
    expect((await read(webhook.id)).allowedActions).toEqual(actions);
  });

  it('every allowed action succeeds and every other one is refused (the field tells the truth)', async () => {
    const names: Record<string, Operation> = {
      EDIT: 'edit',
      ACTIVATE: 'activate',
      DEACTIVATE: 'deactivate',
      ARCHIVE: 'archive',
    };
    for (const status of ['INACTIVE', 'ACTIVE', 'ARCHIVED'] as Status[]) {
      for (const [action, operation] of Object.entries(names)) {
        const webhook = await webhookIn(status);
        const allowed = (await read(webhook.id)).allowedActions as string[];
        const result = await run(operation, webhook.id);
        expect(result.errors === undefined, `${status} ${action}`).toBe(allowed.includes(action));
      }
    }
  });

  it('a reader is offered no actions', async () => {
    const webhook = await webhookIn('ACTIVE');
    const result = await gql(
      t.url,
      'query ($id: ID!) { webhook(id: $id) { status allowedActions } }',
      { id: webhook.id },
      { apiKey: tenant.readerKey },
    );
    expect(ok(result).webhook).toEqual({ status: 'ACTIVE', allowedActions: [] });
  });
});

describe('a full round trip', () => {
  it('INACTIVE → ACTIVE → INACTIVE → ACTIVE → INACTIVE → ARCHIVED', async () => {
    const webhook = await webhookIn('INACTIVE');
    const seen: [string, number][] = [];
    for (const operation of ['activate', 'deactivate', 'activate', 'deactivate', 'archive'] as const) {
      const changed = ok(await run(operation, webhook.id))[OPERATIONS[operation].field];
      seen.push([changed.status, changed.version]);
    }
    expect(seen).toEqual([
      ['ACTIVE', 2],
      ['INACTIVE', 3],
      ['ACTIVE', 4],
      ['INACTIVE', 5],
      ['ARCHIVED', 6],
    ]);
  });
});
