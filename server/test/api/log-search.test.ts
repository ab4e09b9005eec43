import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, deactivateWebhook, hookPath, send, Sql, updateWebhook } from '../ingestion/support.js';

/**
 * Issue 12: the customer a request log records, the account-wide search (`requestLogs`) and the filter traces of
 * logs and of the dry run — over requests sent to real ingestion URLs.
 */

let t: TestApp;
let sql: Sql;
let tenant: TestTenant;
let other: TestTenant;
let pointsId: string;
let spendId: string;
let quietId: string;
/** Request ids by what they were, in the order sent. */
const sent: Record<string, string> = {};

const FILTER = {
  join: 'AND',
  conditions: [{ attribute: 'body.kind', operator: 'EXISTS' }],
  groups: [
    {
      join: 'OR',
      conditions: [
        { attribute: 'body.kind', operator: 'EQUALS', value: 'earn' },
        { attribute: 'body.kind', operator: 'EQUALS', value: 'bonus' },
      ],
      groups: [],
    },
  ],
};
const POINTS = {
  endpoint: 'points',
  action: 'point_add',
  filter: FILTER,
  mapping: [
    { from: 'id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
};
const SPEND = {
  endpoint: 'spend',
  action: 'point_sub',
  mapping: [
    { from: 'id', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
};

const SEARCH = `query Search($filter: RequestLogSearchInput, $first: Int, $after: String) {
  requestLogs(filter: $filter, first: $first, after: $after) {
    nodes { id customerId outcome statusCode errorCode webhook { id } event { action customerId } }
    pageInfo { hasNextPage endCursor }
    searchedBackTo
  }
}`;

const TRACE = `query Trace($id: ID!) {
  requestLog(id: $id) {
    id customerId
    filterTrace {
      verdict reason
      groups { path join verdict }
      conditions { groupPath index attribute evaluated passed explanation }
    }
  }
}`;

const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
  gql(t.url, query, variables, { apiKey: tenant.adminKey });
const search = async (filter: Record<string, unknown>, page: { first?: number; after?: string | null } = {}) => {
  const result = await asAdmin(SEARCH, { filter, ...page });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.requestLogs;
};
const ids = (connection: { nodes: { id: string }[] }) => connection.nodes.map((node) => node.id);

async function post(name: string, endpoint: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await send(t.url, hookPath(tenant, endpoint), body, { headers });
  const id = response.headers.get('x-request-id');
  expect(id).toBeTruthy();
  sent[name] = id!;
  return response;
}

beforeAll(async () => {
  t = await startTestApp();
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  other = await createTenant(t.deps);
  pointsId = await createWebhook(t.url, tenant, POINTS);
  spendId = await createWebhook(t.url, tenant, SPEND);
  quietId = await createWebhook(t.url, tenant, { ...SPEND, endpoint: 'quiet' });
  await sql.enrol(tenant.accountId, 'c-1', 5);
  await sql.enrol(tenant.accountId, 'c-100%_off', 0);

  expect(
    (await post('processed', 'points', { kind: 'earn', id: 'c-1', points: 10, note: 'Spring 100%_sale' })).status,
  ).toBe(200);
  expect((await post('bonus', 'points', { kind: 'bonus', id: 'c-1', points: 1 })).status).toBe(200);
  expect((await post('unknown', 'points', { kind: 'earn', id: 'c-404', points: 1 })).status).toBe(422);
  expect((await post('filtered', 'points', { kind: 'spend', id: 'c-1', points: 1 })).status).toBe(422);
  expect((await post('invalid', 'points', '{"kind":', { 'content-type': 'application/json' })).status).toBe(400);
  expect((await post('conversion', 'points', { kind: 'earn', id: 'c-1', points: 'many' })).status).toBe(422);
  expect((await post('insufficient', 'spend', { id: 'c-1', points: 1000 })).status).toBe(422);
  expect((await post('wildcards', 'spend', { id: 'c-100%_off', points: 1, note: 'Spring 100xxsale' })).status).toBe(
    422,
  );
  expect((await post('quiet', 'quiet', { id: 'c-1', points: 1 })).status).toBe(200);
  await deactivateWebhook(t.url, tenant, quietId);
  // Another account's log of the same customer id.
  await createWebhook(t.url, other, { ...SPEND });
  expect((await send(t.url, hookPath(other, 'spend'), { id: 'c-1', points: 1 })).status).toBe(422);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

describe('the customer of a request log', () => {
  it('is the mapped customer when the request got that far, refusals by event rules included', async () => {
    const customerOf = async (name: string) => (await sql.log(sent[name]!)).customer_external_id;
    expect(await customerOf('processed')).toBe('c-1');
    expect(await customerOf('unknown')).toBe('c-404'); // CUSTOMER_NOT_FOUND
    expect(await customerOf('insufficient')).toBe('c-1'); // INSUFFICIENT_POINTS
    expect(await customerOf('conversion')).toBe('c-1'); // the points were at fault, not the customer
    expect(await customerOf('filtered')).toBeNull();
    expect(await customerOf('invalid')).toBeNull();
  });

  it('is RequestLog.customerId', async () => {
    const { data } = await asAdmin(TRACE, { id: sent.unknown });
    expect(data!.requestLog.customerId).toBe('c-404');
  });
});

describe('requestLogs', () => {
  it('lists the account’s logs across its webhooks, newest first, and none of another account', async () => {
    const all = await search({}, { first: 100 });
    const mine = Object.entries(sent).map(([, id]) => id);
    expect(new Set(ids(all))).toEqual(new Set(mine));
    expect(ids(all)[0]).toBe(sent.quiet);
    expect(ids(all).at(-1)).toBe(sent.processed);
    expect(new Set(all.nodes.map((node: any) => node.webhook.id))).toEqual(new Set([pointsId, spendId, quietId]));
  });

  it('finds a customer’s requests, processed and refused, exactly', async () => {
    const found = await search({ customerId: 'c-1' });
    expect(ids(found)).toEqual([sent.quiet, sent.insufficient, sent.conversion, sent.bonus, sent.processed]);
    expect(found.nodes[0].event).toEqual({ action: 'point_sub', customerId: 'c-1' });
    expect(ids(await search({ customerId: 'c-' }))).toEqual([]);
    expect(ids(await search({ customerId: 'c-100%_off' }))).toEqual([sent.wildcards]);
  });

  it('finds a request by its id', async () => {
    expect(ids(await search({ requestId: sent.filtered }))).toEqual([sent.filtered]);
    // Another account's request id finds nothing.
    const theirs = (await sql.rows(`SELECT id FROM request_logs WHERE account_id = $1`, [other.accountId]))[0]!.id;
    expect(ids(await search({ requestId: theirs }))).toEqual([]);
  });

  it('filters by outcome, status code and time, together', async () => {
    expect(ids(await search({ outcome: 'FILTERED' }))).toEqual([sent.filtered]);
    expect(ids(await search({ statusCode: 400 }))).toEqual([sent.invalid]);
    expect(ids(await search({ outcome: 'INVALID_EVENT', customerId: 'c-1' }))).toEqual([
      sent.insufficient,
      sent.conversion,
    ]);
    const { received_at: at } = await sql.log(sent.filtered!);
    const before = await search({ receivedBefore: new Date(at).toISOString() }, { first: 100 });
    expect(ids(before)).toEqual([sent.unknown, sent.bonus, sent.processed]);
    const from = await search({ receivedAfter: new Date(at).toISOString(), statusCode: 422 }, { first: 100 });
    expect(ids(from)).toEqual([sent.wildcards, sent.insufficient, sent.conversion, sent.filtered]);
  });

  it('finds text in bodies case-insensitively, wildcards taken literally, within a time range', async () => {
    const hour = { receivedAfter: new Date(Date.now() - 3600_000).toISOString() };
    expect(ids(await search({ ...hour, bodyContains: 'spring 100%_' }))).toEqual([sent.processed]);
    expect(ids(await search({ ...hour, bodyContains: '"kind":"bonus"' }))).toEqual([sent.bonus]);
    expect(ids(await search({ ...hour, bodyContains: 'c-404', outcome: 'INVALID_EVENT' }))).toEqual([sent.unknown]);
  });

  it('pages across pages without gaps or repeats, with the filters kept', async () => {
    const all = ids(await search({ customerId: 'c-1' }, { first: 100 }));
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const connection: any = await search({ customerId: 'c-1' }, { first: 2, after });
      seen.push(...ids(connection));
      expect(connection.nodes.length).toBeLessThanOrEqual(2);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('shows readers the logs of active webhooks only', async () => {
    const { data, errors } = await gql(t.url, SEARCH, { first: 100 }, { apiKey: tenant.readerKey });
    expect(errors).toBeUndefined();
    const seen = ids(data!.requestLogs);
    expect(seen).not.toContain(sent.quiet);
    expect(seen).toHaveLength(Object.keys(sent).length - 1);
    const byId = await gql(t.url, SEARCH, { filter: { requestId: sent.quiet } }, { apiKey: tenant.readerKey });
    expect(ids(byId.data!.requestLogs)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a request id that is not one', { requestId: 'abc' }, 'filter.requestId', /UUID/],
    ['body text without a time range', { bodyContains: 'earn' }, 'filter.receivedAfter', /at most 7 days/],
    [
      'body text over more than 7 days',
      { bodyContains: 'earn', receivedAfter: new Date(Date.now() - 8 * 86400_000).toISOString() },
      'filter.receivedAfter',
      /7 days at most/,
    ],
    [
      'body text of one character',
      { bodyContains: 'e', receivedAfter: new Date(Date.now() - 3600_000).toISOString() },
      'filter.bodyContains',
      /2 to 200/,
    ],
    [
      'a range that ends before it starts',
      { receivedAfter: '2026-12-02T00:00:00.000Z', receivedBefore: '2026-12-01T00:00:00.000Z' },
      'filter.receivedBefore',
      /later than/,
    ],
    ['a status code out of range', { statusCode: 42 }, 'filter.statusCode', /100 to 599/],
    ['a customer id that is too long', { customerId: 'x'.repeat(256) }, 'filter.customerId', /255/],
  ])('refuses %s: BAD_USER_INPUT naming the field', async (_name, filter, field, message) => {
    const { errors } = await asAdmin(SEARCH, { filter });
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.extensions.field).toBe(field);
    expect(errors?.[0]?.message).toMatch(message);
  });

  it('refuses a cursor it did not give', async () => {
    const { errors } = await asAdmin(SEARCH, { after: 'nope' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('checks at most 10,000 logs per page, saying how far back it looked, and goes on from there', async () => {
    // 10,050 logs of one more webhook, older than every other, none of them INVALID_REQUEST, then one that is.
    const hookId = await createWebhook(t.url, tenant, { ...SPEND, endpoint: 'bulk' });
    await sql.rows(
      `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, status_code,
         response_body, response_headers, duration_ms, outcome)
       SELECT gen_random_uuid(), $1, $2, now() - interval '2 hours' - make_interval(secs => n), 'POST', '/bulk', '{}',
         200, '{}', '{}', 1, CASE WHEN n = 10050 THEN 'INVALID_REQUEST' ELSE 'PROCESSED' END
       FROM generate_series(1, 10050) AS n`,
      [tenant.accountId, hookId],
    );
    const oldest = await sql.one(`SELECT id FROM request_logs WHERE webhook_id = $1 AND outcome = 'INVALID_REQUEST'`, [
      hookId,
    ]);
    const first = await search({ outcome: 'INVALID_REQUEST' });
    // The page found the recent one, then ran out of logs to examine before the old one.
    expect(ids(first)).toEqual([sent.invalid]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.searchedBackTo).not.toBeNull();
    expect(new Date(first.searchedBackTo).getTime()).toBeLessThan(Date.now() - 2 * 3600_000);
    const second = await search({ outcome: 'INVALID_REQUEST' }, { after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual([oldest.id]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.searchedBackTo).toBeNull();
  });
});

describe('filter traces', () => {
  const traceOf = async (name: string) => {
    const { data, errors } = await asAdmin(TRACE, { id: sent[name] });
    expect(errors).toBeUndefined();
    return data!.requestLog.filterTrace;
  };

  it('shows a FILTERED log’s groups: which one failed, and every condition under its group', async () => {
    const trace = await traceOf('filtered');
    expect(trace.verdict).toBe('NOT_MATCHED');
    expect(trace.groups).toEqual([
      { path: '0', join: 'AND', verdict: 'NOT_MATCHED' },
      { path: '0.0', join: 'OR', verdict: 'NOT_MATCHED' },
    ]);
    expect(trace.conditions.map((c: any) => [c.groupPath, c.index, c.evaluated, c.passed])).toEqual([
      ['0', 0, true, true],
      ['0.0', 0, true, false],
      ['0.0', 1, true, false],
    ]);
  });

  it('shows the short-circuit of a processed log: the OR matched by its first condition, the second not evaluated', async () => {
    const trace = await traceOf('processed');
    expect(trace.verdict).toBe('MATCHED');
    expect(trace.groups.map((g: any) => g.verdict)).toEqual(['MATCHED', 'MATCHED']);
    expect(trace.conditions[2]).toMatchObject({
      evaluated: false,
      passed: false,
      explanation: 'not evaluated: an earlier condition decided its group',
    });
  });

  it('says the filter was not evaluated when the body could not be read', async () => {
    const trace = await traceOf('invalid');
    expect(trace).toMatchObject({ verdict: 'NOT_EVALUATED', reason: 'the body could not be read' });
    expect(trace.conditions.every((c: any) => !c.evaluated)).toBe(true);
  });

  it('uses the filter as it was when the request arrived', async () => {
    await updateWebhook(t.url, tenant, pointsId, { filter: null });
    try {
      // Without the history, a webhook with no filter now would have no trace.
      const trace = await traceOf('filtered');
      expect(trace.groups.map((g: any) => g.verdict)).toEqual(['NOT_MATCHED', 'NOT_MATCHED']);
    } finally {
      await updateWebhook(t.url, tenant, pointsId, { filter: FILTER });
    }
  });

  it('is null for a webhook without a filter', async () => {
    expect(await traceOf('insufficient')).toBeNull();
  });

  it('shows the dry run’s groups, and "not evaluated" for a body that cannot be read', async () => {
    const TEST = `query Test($id: ID!, $body: String!) {
      testWebhook(id: $id, request: { body: $body }) {
        filterPassed
        filterTrace { verdict reason groups { path verdict } conditions { groupPath evaluated passed } }
      }
    }`;
    const bad = await asAdmin(TEST, { id: pointsId, body: '{"kind":' });
    expect(bad.data!.testWebhook.filterPassed).toBeNull();
    expect(bad.data!.testWebhook.filterTrace).toMatchObject({
      verdict: 'NOT_EVALUATED',
      reason: 'the body could not be read',
    });
    const good = await asAdmin(TEST, { id: pointsId, body: '{"kind":"bonus","id":"c-1","points":1}' });
    expect(good.data!.testWebhook.filterTrace.groups).toEqual([
      { path: '0', verdict: 'MATCHED' },
      { path: '0.0', verdict: 'MATCHED' },
    ]);
    expect(good.data!.testWebhook.filterTrace.conditions.map((c: any) => c.passed)).toEqual([true, false, true]);
  });
});
