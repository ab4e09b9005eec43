import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@intake/rules';
import { MAX_LIVE_WEBHOOKS } from '../../src/application/webhooks/create-webhook.js';
import { ACCOUNT_LIMITS } from '../../src/domain/limits.js';
import type { FilterCondition, FilterGroup } from '../../src/domain/types.js';
import { Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 13, item 10 (the API's part): an account's live webhooks and the MATCHES conditions of their filters are
 * bounded, with a clear LIMIT_REACHED; and a member's balance can be read exactly (`pointsExact`) beside the Float that rounds the largest ones.
 */

let t: TestApp;
let sql: Sql;

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const CREATE = 'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id status } }';
const input = (endpoint: string) => ({
  name: endpoint,
  method: 'POST',
  endpoint,
  action: 'point_add',
  mapping: [{ from: 'customer', to: 'customer' }],
});

describe(`at most ${MAX_LIVE_WEBHOOKS} live webhooks per account`, () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTenant(t.deps);
    // All but one of the allowed webhooks, written directly (a precondition, not what is under test).
    await sql.rows(
      `INSERT INTO webhooks (id, account_id, name, method, endpoint, action, mapping)
       SELECT gen_random_uuid(), $1, 'w' || i, 'POST', 'w' || i, 'point_add', '[]'
       FROM generate_series(1, $2::int) AS i`,
      [tenant.accountId, MAX_LIVE_WEBHOOKS - 1],
    );
  });

  it('the last allowed one is created; the next is refused with LIMIT_REACHED saying what to do', async () => {
    const last = await gql(t.url, CREATE, { input: input('last') }, { apiKey: tenant.adminKey });
    expect(last.errors).toBeUndefined();
    const refused = await gql(t.url, CREATE, { input: input('one-too-many') }, { apiKey: tenant.adminKey });
    expect(refused.data).toBeNull();
    expect(refused.errors![0]!.extensions.code).toBe('LIMIT_REACHED');
    expect(refused.errors![0]!.message).toBe(
      `An account has at most ${MAX_LIVE_WEBHOOKS} webhooks that are not archived: archive unused ones first.`,
    );
    const [{ count }] = await sql.rows(`SELECT count(*)::int AS count FROM webhooks WHERE account_id = $1`, [
      tenant.accountId,
    ]);
    expect(count).toBe(MAX_LIVE_WEBHOOKS);
  });

  it('from a blueprint too', async () => {
    const blueprints = await gql(
      t.url,
      'query { blueprints { id template { action } } }',
      {},
      { apiKey: tenant.adminKey },
    );
    const blueprint = blueprints.data!.blueprints.find(
      (b: { template: { action: string | null } }) => b.template.action,
    );
    const refused = await gql(
      t.url,
      'mutation ($b: ID!) { createWebhookFromBlueprint(blueprintId: $b, name: "From blueprint", endpoint: "bp") { id } }',
      { b: blueprint.id },
      { apiKey: tenant.adminKey },
    );
    expect(refused.errors![0]!.extensions.code).toBe('LIMIT_REACHED');
  });

  it('archiving one makes room for another', async () => {
    const [{ id }] = await sql.rows(`SELECT id FROM webhooks WHERE account_id = $1 AND endpoint = 'w1'`, [
      tenant.accountId,
    ]);
    const archived = await gql(
      t.url,
      'mutation ($id: ID!) { archiveWebhook(id: $id) { status } }',
      { id },
      {
        apiKey: tenant.adminKey,
      },
    );
    expect(archived.data!.archiveWebhook.status).toBe('ARCHIVED');
    const created = await gql(t.url, CREATE, { input: input('after-archive') }, { apiKey: tenant.adminKey });
    expect(created.errors).toBeUndefined();
  });

  it("another account's count is its own", async () => {
    const other = await createTenant(t.deps);
    const created = await gql(t.url, CREATE, { input: input('first') }, { apiKey: other.adminKey });
    expect(created.errors).toBeUndefined();
  });
});

const UPDATE =
  'mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id version } }';
const PER_WEBHOOK = LIMITS.filterMatches;
const PER_ACCOUNT = ACCOUNT_LIMITS.matchesConditions;

/**
 * A filter of `count` MATCHES conditions, on headers and body alike, half of them in a group nested two levels
 * down (both sides must count every level); an EXISTS beside them is not counted.
 */
function matchesFilter(count: number, salt = 'a'): FilterGroup {
  const condition = (i: number): FilterCondition => ({
    attribute: i % 2 === 0 ? `headers.x-${salt}-${i}` : `body.${salt}${i}`,
    operator: 'MATCHES',
    value: `^${salt}-${i}$`,
  });
  const conditions = Array.from({ length: count }, (_, i) => condition(i));
  const top = conditions.slice(0, Math.ceil(count / 2));
  const deep = conditions.slice(top.length);
  return {
    join: 'AND',
    conditions: [...top, { attribute: 'body.kind', operator: 'EXISTS' }],
    groups:
      deep.length === 0
        ? []
        : [{ join: 'OR', conditions: [], groups: [{ join: 'AND', conditions: deep, groups: [] }] }],
  };
}

const withFilter = (endpoint: string, filter: FilterGroup | null) => ({ ...input(endpoint), filter });

describe(`at most ${PER_WEBHOOK} MATCHES conditions per filter, ${PER_ACCOUNT} per account`, () => {
  let tenant: TestTenant;
  /** Webhooks written directly, each with a full filter: all but one filter's worth of the account's limit. */
  const prefilled = PER_ACCOUNT / PER_WEBHOOK - 1;

  const webhookCount = async () => {
    const [{ count }] = await sql.rows(`SELECT count(*)::int AS count FROM webhooks WHERE account_id = $1`, [
      tenant.accountId,
    ]);
    return count as number;
  };
  const create = (endpoint: string, filter: FilterGroup | null) =>
    gql(t.url, CREATE, { input: withFilter(endpoint, filter) }, { apiKey: tenant.adminKey });
  const update = (id: string, filter: FilterGroup | null) =>
    gql(t.url, UPDATE, { id, input: { filter } }, { apiKey: tenant.adminKey });
  const accountRefusal = (others: number, own: number) =>
    `An account has at most ${PER_ACCOUNT} MATCHES conditions in webhooks that are not archived; the other webhooks hold ${others} and this filter ${own}. Remove some, or archive webhooks you no longer use.`;

  beforeAll(async () => {
    tenant = await createTenant(t.deps);
    for (let i = 0; i < prefilled; i++) {
      await sql.rows(
        `INSERT INTO webhooks (id, account_id, name, method, endpoint, action, mapping, filter)
         VALUES (gen_random_uuid(), $1, $2, 'POST', $2, 'point_add', '[]', $3::jsonb)`,
        [tenant.accountId, `full-${i}`, JSON.stringify(matchesFilter(PER_WEBHOOK, `s${i}`))],
      );
    }
    // An archived webhook's filter never runs: it does not count.
    await sql.rows(
      `INSERT INTO webhooks (id, account_id, name, method, endpoint, action, mapping, filter, status, archived_at)
       VALUES (gen_random_uuid(), $1, 'gone', 'POST', 'gone', 'point_add', '[]', $2::jsonb, 'ARCHIVED', now())`,
      [tenant.accountId, JSON.stringify(matchesFilter(PER_WEBHOOK, 'gone'))],
    );
  });

  it(`${PER_WEBHOOK + 1} in one filter are refused at input.filter, on creation and on update`, async () => {
    const message = `A filter holds at most ${PER_WEBHOOK} MATCHES conditions; this one has ${PER_WEBHOOK + 1}.`;
    const other = await createTenant(t.deps);
    const created = await gql(
      t.url,
      CREATE,
      { input: withFilter('too-many', matchesFilter(PER_WEBHOOK + 1)) },
      { apiKey: other.adminKey },
    );
    expect(created.data).toBeNull();
    expect(created.errors![0]).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT', field: 'input.filter' },
    });

    const plain = await gql(t.url, CREATE, { input: input('plain') }, { apiKey: other.adminKey });
    const updated = await gql(
      t.url,
      UPDATE,
      { id: plain.data!.createWebhook.id, input: { filter: matchesFilter(PER_WEBHOOK + 1) } },
      { apiKey: other.adminKey },
    );
    expect(updated.errors![0]).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT', field: 'input.filter' },
    });
  });

  it('the account reaches its limit exactly, then a creation adding one is refused with LIMIT_REACHED', async () => {
    const last = await create('last-full', matchesFilter(PER_WEBHOOK, 'last'));
    expect(last.errors).toBeUndefined();
    const before = await webhookCount();

    const refused = await create('one-more', matchesFilter(1, 'more'));
    expect(refused.data).toBeNull();
    expect(refused.errors![0]).toMatchObject({
      message: accountRefusal(PER_ACCOUNT, 1),
      extensions: { code: 'LIMIT_REACHED', field: 'input.filter' },
    });
    expect(await webhookCount()).toBe(before);

    // A webhook without MATCHES adds nothing: still created at the limit.
    const plain = await create('no-matches', null);
    expect(plain.errors).toBeUndefined();
  });

  it('at the limit, an update that keeps its own count passes; one that adds to it is refused', async () => {
    const [{ id: fullId }] = await sql.rows(`SELECT id FROM webhooks WHERE account_id = $1 AND endpoint = 'full-0'`, [
      tenant.accountId,
    ]);
    const kept = await update(fullId, matchesFilter(PER_WEBHOOK, 'rewritten'));
    expect(kept.errors).toBeUndefined();
    expect(kept.data!.updateWebhook.version).toBe(2);
    const fewer = await update(fullId, matchesFilter(PER_WEBHOOK - 1, 'fewer'));
    expect(fewer.errors).toBeUndefined();
    // Back to where it was: it only takes again the room it gave.
    const again = await update(fullId, matchesFilter(PER_WEBHOOK, 'again'));
    expect(again.errors).toBeUndefined();

    const [{ id: plainId, version }] = await sql.rows(
      `SELECT id, version FROM webhooks WHERE account_id = $1 AND endpoint = 'no-matches'`,
      [tenant.accountId],
    );
    const refused = await update(plainId, matchesFilter(1, 'more'));
    expect(refused.data).toBeNull();
    expect(refused.errors![0]).toMatchObject({
      message: accountRefusal(PER_ACCOUNT, 1),
      extensions: { code: 'LIMIT_REACHED', field: 'input.filter' },
    });
    const [{ version: after, filter }] = await sql.rows(`SELECT version, filter FROM webhooks WHERE id = $1`, [
      plainId,
    ]);
    expect({ version: after, filter }).toEqual({ version, filter: null });
  });

  it('archiving a webhook gives its room back', async () => {
    const [{ id }] = await sql.rows(`SELECT id FROM webhooks WHERE account_id = $1 AND endpoint = 'full-1'`, [
      tenant.accountId,
    ]);
    const archived = await gql(
      t.url,
      'mutation ($id: ID!) { archiveWebhook(id: $id) { status } }',
      { id },
      { apiKey: tenant.adminKey },
    );
    expect(archived.data!.archiveWebhook.status).toBe('ARCHIVED');
    const created = await create('after-archive', matchesFilter(PER_WEBHOOK, 'new'));
    expect(created.errors).toBeUndefined();
    const refused = await create('past-it-again', matchesFilter(1, 'more'));
    expect(refused.errors![0]!.extensions.code).toBe('LIMIT_REACHED');
  });

  it("another account's MATCHES are its own", async () => {
    const other = await createTenant(t.deps);
    const created = await gql(
      t.url,
      CREATE,
      { input: withFilter('first', matchesFilter(PER_WEBHOOK)) },
      { apiKey: other.adminKey },
    );
    expect(created.errors).toBeUndefined();
  });
});

describe('Customer.pointsExact', () => {
  it('is the balance exactly, where the Float rounds it', async () => {
    const tenant = await createTenant(t.deps);
    await sql.enrol(tenant.accountId, 'big', 0);
    await sql.rows(`UPDATE customers SET points = '12345678901234.5678' WHERE account_id = $1`, [tenant.accountId]);
    await sql.enrol(tenant.accountId, 'small', 0);
    await sql.rows(`UPDATE customers SET points = '0.0001' WHERE account_id = $1 AND external_id = 'small'`, [
      tenant.accountId,
    ]);
    const result = await gql(
      t.url,
      'query { big: customer(id: "big") { points pointsExact } small: customer(id: "small") { points pointsExact } }',
      {},
      { apiKey: tenant.readerKey },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      big: { points: 12345678901234.568, pointsExact: '12345678901234.5678' },
      small: { points: 0.0001, pointsExact: '0.0001' },
    });
  });
});
