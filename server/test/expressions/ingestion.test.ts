import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhook, hookPath, send, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Computed mapping values over real HTTP and PostgreSQL: expressions in ingestion (points from a total, $body,
 * $headers, default and replace on the result), a runaway cut off at its time box while other requests are
 * answered, validation on save, the dry run's trace, and the sandbox table (refused on save, and refused at run
 * time when stored without the save check) with the server serving on after each.
 */

type Row = {
  from: string;
  to: string;
  expression?: string;
  default?: unknown;
  replace?: { value: unknown; replacement: unknown }[];
};

/**
 * Two instances on one database: `t` with a time box no evaluation here runs into however busy the machine, and
 * `tight` with the default box of 100 ms, for the runaways (a sum over ten million numbers takes a few hundred ms).
 */
const TIMEOUT_MS = 100;

let t: TestApp;
let tight: TestApp;
let sql: Sql;
let tenant: TestTenant;

async function hook(endpoint: string, mapping: Row[], action = 'point_add'): Promise<string> {
  return createWebhook(t.url, tenant, { endpoint, action, mapping });
}

const post = (endpoint: string, body: unknown, headers: Record<string, string> = {}, app = t) =>
  send(app.url, hookPath(tenant, endpoint), body, { headers });

async function balance(member: string): Promise<number> {
  return Number((await sql.member(tenant.accountId, member))!.points);
}

beforeAll(async () => {
  t = await startTestApp({ config: { expressions: { workers: 1, timeoutMs: 10_000 } } });
  tight = await startTestApp({ database: t.database, config: { expressions: { workers: 1, timeoutMs: TIMEOUT_MS } } });
  sql = new Sql(t.database.url);
  tenant = await createTenant(t.deps);
  for (const member of ['m-1', 'm-2', 'm-3', 'm-4']) await sql.enrol(tenant.accountId, member);
  await hook('plain', [
    { from: 'customer', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ]);
});

afterAll(async () => {
  await sql.close();
  await tight.close();
  await t.close();
});

describe('expressions in ingestion', () => {
  it('turns {"total_price": "58.69"} into +586 points', async () => {
    await hook('shop', [
      { from: 'customer', to: 'customer' },
      { from: 'total_price', to: 'data.points', expression: '$floor($number($) * 10)' },
    ]);
    const before = await balance('m-1');
    const sent = await post('shop', { customer: 'm-1', total_price: '58.69' });
    expect(sent.status, sent.text).toBe(200);
    expect(await balance('m-1')).toBe(before + 586);
    const [event] = await sql.eventsOf(tenant.accountId, 'm-1');
    expect(event!.data).toMatchObject({ points: 586 });
  });

  it('reads $body and $headers', async () => {
    await hook('bindings', [
      { from: 'ignored', to: 'customer', expression: '$headers."x-member"' },
      { from: 'order.lines', to: 'data.points', expression: '$sum($.qty) * $body.rate' },
      { from: 'x', to: 'data.reason', expression: '$headers.authorization ? "leaked" : "no credentials"' },
    ]);
    const before = await balance('m-2');
    const sent = await post(
      'bindings',
      { order: { lines: [{ qty: 2 }, { qty: 3 }] }, rate: 4 },
      { 'X-Member': 'm-2', authorization: 'Bearer secret' },
    );
    expect(sent.status, sent.text).toBe(200);
    expect(await balance('m-2')).toBe(before + 20);
    const events = await sql.eventsOf(tenant.accountId, 'm-2');
    expect(events.at(-1)!.data).toMatchObject({ points: 20, reason: 'no credentials' });
  });

  it('applies default and replace to the result', async () => {
    await hook('defaults', [
      { from: 'customer', to: 'customer' },
      { from: 'tier', to: 'data.points', expression: '$lowercase($)', replace: [{ value: 'gold', replacement: 50 }] },
      { from: 'missing', to: 'data.reason', expression: '$', default: 'no reason' },
    ]);
    const before = await balance('m-3');
    const sent = await post('defaults', { customer: 'm-3', tier: 'GOLD' });
    expect(sent.status, sent.text).toBe(200);
    expect(await balance('m-3')).toBe(before + 50);
    const events = await sql.eventsOf(tenant.accountId, 'm-3');
    expect(events.at(-1)!.data).toMatchObject({ points: 50, reason: 'no reason' });
  });

  it('refuses a request whose expression fails: 422 EXPRESSION_FAILED naming the row, logged', async () => {
    await hook('failing', [
      { from: 'customer', to: 'customer' },
      { from: 'total', to: 'data.points', expression: '$number($) * 10' },
    ]);
    const sent = await post('failing', { customer: 'm-1', total: 'twelve' });
    expect(sent.status).toBe(422);
    expect(sent.headers.get('x-webhook-error')).toBe('EXPRESSION_FAILED');
    expect(sent.json.error.message).toMatch(/^Mapping row 2 \(total → data\.points\): the expression failed: .*number/);
    const log = await sql.log(sent.headers.get('x-request-id'));
    expect(log).toMatchObject({ outcome: 'INVALID_EVENT', error_code: 'EXPRESSION_FAILED' });
  });
});

describe('a runaway expression', () => {
  it('is cut off with 422 at its time box, while requests sent after it started are answered first', async () => {
    await hook('runaway', [
      { from: 'customer', to: 'customer' },
      { from: 'points', to: 'data.points', expression: '$sum([1..10000000])' },
    ]);
    await hook('computed', [
      { from: 'customer', to: 'customer' },
      { from: 'points', to: 'data.points', expression: '$number($)' },
    ]);
    // The worker is running already: the time box measures evaluation, not the thread's start.
    expect((await post('computed', { customer: 'm-4', points: '1' }, {}, tight)).status).toBe(200);

    const answered: string[] = [];
    const runaway = post('runaway', { customer: 'm-4', points: 1 }, {}, tight).then((sent) => {
      answered.push('runaway');
      return sent;
    });
    // Let the runaway reach its worker, then send plain requests (a webhook without expressions) at once.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const plain = await Promise.all(
      Array.from({ length: 3 }, () =>
        post('plain', { customer: 'm-4', points: 1 }, {}, tight).then((sent) => {
          answered.push('plain');
          return sent;
        }),
      ),
    );
    const cutOff = await runaway;

    expect(plain.map((sent) => sent.status)).toEqual([200, 200, 200]);
    expect(answered).toEqual(['plain', 'plain', 'plain', 'runaway']);
    expect(cutOff.status).toBe(422);
    expect(cutOff.headers.get('x-webhook-error')).toBe('EXPRESSION_TIMEOUT');
    expect(cutOff.json.error.message).toBe(
      `Mapping row 2 (points → data.points): the expression did not finish within ${TIMEOUT_MS} ms.`,
    );
    const log = await sql.log(cutOff.headers.get('x-request-id'));
    expect(log).toMatchObject({ status_code: 422, outcome: 'INVALID_EVENT', error_code: 'EXPRESSION_TIMEOUT' });

    // A fresh worker serves the next expression.
    expect((await post('computed', { customer: 'm-4', points: '2' }, {}, tight)).status).toBe(200);
  });
});

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id mapping { from to expression } } }`;

function createInput(endpoint: string, mapping: Row[]) {
  return { name: endpoint, method: 'POST', endpoint, action: 'point_add', mapping };
}

describe('validation on save', () => {
  it('stores and reads back an expression', async () => {
    const created = await gql(
      t.url,
      CREATE,
      {
        input: createInput('stored', [
          { from: 'a', to: 'customer' },
          { from: 'b', to: 'data.points', expression: '$ * 2' },
        ]),
      },
      { apiKey: tenant.adminKey },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createWebhook.mapping).toEqual([
      { from: 'a', to: 'customer', expression: null },
      { from: 'b', to: 'data.points', expression: '$ * 2' },
    ]);
  });

  it('refuses a syntax error as BAD_USER_INPUT at the row, with the position', async () => {
    const created = await gql(
      t.url,
      CREATE,
      {
        input: createInput('syntax', [
          { from: 'a', to: 'customer' },
          { from: 'total_price', to: 'data.points', expression: '$floor($number($) * 10' },
        ]),
      },
      { apiKey: tenant.adminKey },
    );
    expect(created.errors![0]).toMatchObject({
      message: expect.stringMatching(/^The expression is not valid JSONata: .+ \(at position \d+\)\.$/),
      extensions: { code: 'BAD_USER_INPUT', field: 'input.mapping[1].expression' },
    });
  });

  it('refuses on update too, and an expression longer than the limit', async () => {
    const id = await hook('updated', [{ from: 'a', to: 'customer' }]);
    const updated = await gql(
      t.url,
      `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }`,
      { id, input: { mapping: [{ from: 'a', to: 'customer', expression: `"${'x'.repeat(1_000)}"` }] } },
      { apiKey: tenant.adminKey },
    );
    expect(updated.errors![0]).toMatchObject({
      message: 'The expression is 1002 characters long; at most 1000 are allowed.',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.mapping[0].expression' },
    });
  });
});

describe('the dry run', () => {
  it("shows each expression and its result in the row's trace", async () => {
    const id = await hook('dry', [
      { from: 'customer', to: 'customer' },
      { from: 'total_price', to: 'data.points', expression: '$floor($number($) * 10)' },
      {
        from: 'tier',
        to: 'data.reason',
        expression: '$uppercase($)',
        replace: [{ value: 'GOLD', replacement: 'gold tier' }],
      },
    ]);
    const result = await gql(
      t.url,
      `query($id: ID!, $request: TestRequestInput!) {
        testWebhook(id: $id, request: $request) {
          statusCode errorCode reason
          mapping { from to found value expression expressionResult replaced }
        }
      }`,
      { id, request: { body: JSON.stringify({ customer: 'm-1', total_price: '58.69', tier: 'gold' }) } },
      { apiKey: tenant.adminKey },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.testWebhook).toMatchObject({ statusCode: 200, errorCode: null });
    expect(result.data!.testWebhook.mapping).toEqual([
      {
        from: 'customer',
        to: 'customer',
        found: true,
        value: 'm-1',
        expression: null,
        expressionResult: null,
        replaced: false,
      },
      {
        from: 'total_price',
        to: 'data.points',
        found: true,
        value: 586,
        expression: '$floor($number($) * 10)',
        expressionResult: 586,
        replaced: false,
      },
      {
        from: 'tier',
        to: 'data.reason',
        found: true,
        value: 'gold tier',
        expression: '$uppercase($)',
        expressionResult: 'GOLD',
        replaced: true,
      },
    ]);
  });

  it('predicts the 422 of a failing expression', async () => {
    const id = await hook('dry-failing', [
      { from: 'customer', to: 'customer' },
      { from: 'total', to: 'data.points', expression: '$number($)' },
    ]);
    const result = await gql(
      t.url,
      `query($id: ID!, $request: TestRequestInput!) { testWebhook(id: $id, request: $request) { statusCode errorCode reason } }`,
      { id, request: { body: JSON.stringify({ customer: 'm-1', total: 'abc' }) } },
      { apiKey: tenant.adminKey },
    );
    expect(result.data!.testWebhook).toMatchObject({
      statusCode: 422,
      errorCode: 'EXPRESSION_FAILED',
      reason: expect.stringMatching(/^Mapping row 2 \(total → data\.points\)/),
    });
  });
});

describe('the sandbox', () => {
  const REFUSED_ON_SAVE: [string, string, RegExp][] = [
    ['$eval', '$eval("1 + 1")', /\$eval is not available in mapping expressions/],
    ['a constructor lookup', '$.constructor', /"constructor" cannot be used/],
    ['a prototype lookup from the root', '$$.__proto__', /"__proto__" cannot be used/],
    ['$lookup of __proto__', '$lookup($, "__proto__")', /"__proto__" cannot be used/],
    ['$merge with __proto__', '$merge([{"__proto__": {"polluted": true}}])', /"__proto__" cannot be used/],
    ['the constructor of a function', '$string.constructor', /"constructor" cannot be used/],
  ];

  it.each(REFUSED_ON_SAVE)('refuses %s on save', async (_label, expression, message) => {
    const created = await gql(
      t.url,
      CREATE,
      {
        input: createInput(`save-${Math.random().toString(36).slice(2, 8)}`, [
          { from: 'a', to: 'customer', expression },
        ]),
      },
      { apiKey: tenant.adminKey },
    );
    expect(created.errors![0]).toMatchObject({
      message: expect.stringMatching(message),
      extensions: { code: 'BAD_USER_INPUT', field: 'input.mapping[0].expression' },
    });
  });

  // Stored without the save check (by SQL, as an older version might have): refused at run time all the same.
  const REFUSED_AT_RUN: [string, string, unknown, string, RegExp][] = [
    ...REFUSED_ON_SAVE.map(([label, expression, message]): [string, string, unknown, string, RegExp] => [
      label,
      expression,
      JSON.parse('{"customer": "m-1", "__proto__": {"polluted": true}}'),
      'EXPRESSION_FAILED',
      message,
    ]),
    [
      '$lookup of a key built from parts',
      '$lookup($body, "__pro" & "to__")',
      { customer: 'm-1' },
      'EXPRESSION_FAILED',
      /\$lookup refuses the key "__proto__"/,
    ],
    [
      '$merge of a body holding __proto__',
      '$merge([$body])',
      JSON.parse('{"customer": "m-1", "__proto__": {"polluted": true}}'),
      'EXPRESSION_FAILED',
      /\$merge refuses the key "__proto__"/,
    ],
    [
      'a function calling itself for ever',
      '($f := function($n){ 1 + $f($n + 1) }; $f(0))',
      { customer: 'm-1' },
      'EXPRESSION_FAILED',
      /nested more than 500 steps deep/,
    ],
    [
      'an endless tail call',
      '($f := function($n){ $f($n + 1) }; $f(0))',
      { customer: 'm-1' },
      'EXPRESSION_TIMEOUT',
      /did not finish within/,
    ],
    [
      'a sum over ten million numbers',
      '$sum([1..10000000])',
      { customer: 'm-1' },
      'EXPRESSION_TIMEOUT',
      /did not finish within/,
    ],
    [
      'a huge $pad',
      '$pad("x", 300000000)',
      { customer: 'm-1' },
      'EXPRESSION_FAILED',
      /built a text of 300000000 characters; at most 10000000 are allowed/,
    ],
    [
      'a huge result',
      '$pad("x", 100000)',
      { customer: 'm-1' },
      'EXPRESSION_FAILED',
      /result is longer than 65536 characters as JSON/,
    ],
  ];

  it.each(REFUSED_AT_RUN)(
    'refuses %s at run time, and the server serves on',
    async (_label, expression, body, code, message) => {
      const endpoint = `run-${Math.random().toString(36).slice(2, 8)}`;
      const id = await hook(endpoint, [
        { from: 'customer', to: 'customer' },
        { from: 'points', to: 'data.points', default: 1 },
      ]);
      // The trigger on webhooks tells the configuration cache, as for any change.
      await sql.rows(
        `UPDATE webhooks SET mapping = mapping || jsonb_build_array(jsonb_build_object('from', 'x', 'to', 'data.reason', 'replace', '[]'::jsonb, 'expression', $1::text)), version = version + 1 WHERE id = $2`,
        [expression, id],
      );
      // Runaways meet the default time box; everything else must be refused for its own reason, however busy.
      const app = code === 'EXPRESSION_TIMEOUT' ? tight : t;
      let sent = await post(endpoint, body, {}, app);
      for (let i = 0; sent.status === 200 && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        sent = await post(endpoint, body, {}, app);
      }
      expect(sent.status, sent.text).toBe(422);
      expect(sent.headers.get('x-webhook-error')).toBe(code);
      expect(sent.json.error.message).toMatch(/^Mapping row 3 \(x → data\.reason\): /);
      expect(sent.json.error.message).toMatch(message);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await post('plain', { customer: 'm-1', points: 1 }, {}, app)).status).toBe(200);
    },
  );
});
