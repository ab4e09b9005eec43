import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS } from '../../src/graphql/plugin.js';
import { createWebhook, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 13, item 2: a READER key could make the API build huge answers or run for seconds. Operations are priced
 * with their real page sizes (literal, variable, variable default or server default), heavy fields weigh more,
 * aliases, root fields, directives and tokens are bounded, and an answer that grows past its size cap is refused —
 * each refusal a 400 that says why, before (or instead of) the work.
 */

const ANSWER_CAP = 512 * 1024;

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;
let webhookId: string;
/** A webhook without logs: what is priced there is not also capped by the answer size. */
let emptyWebhookId: string;

beforeAll(async () => {
  t = await startTestApp({ config: { graphqlMaxAnswerBytes: ANSWER_CAP } });
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  webhookId = await createWebhook(t.url, tenant, {
    endpoint: 'orders',
    action: 'point_add',
    mapping: [
      { from: 'customer', to: 'customer' },
      { from: 'points', to: 'data.points' },
    ],
  });
  emptyWebhookId = await createWebhook(t.url, tenant, {
    endpoint: 'empty',
    action: 'point_add',
    mapping: [{ from: 'customer', to: 'customer' }],
  });
  // Thirty requests of 60 KB each, as ingestion would have logged them (a precondition, not what is under test).
  await sql.rows(
    `INSERT INTO request_logs (id, account_id, webhook_id, received_at, method, path, request_headers, request_body,
       status_code, response_body, response_headers, duration_ms, outcome)
     SELECT gen_random_uuid(), $1, $2, now() - i * interval '1 second', 'POST', '/webhooks/custom/x/orders', '{}',
       repeat('x', 60000), 200, '{}', '{}', 1, 'PROCESSED'
     FROM generate_series(1, 30) AS i`,
    [tenant.accountId, webhookId],
  );
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

const asReader = (query: string, variables: Record<string, unknown> = {}) =>
  gql(t.url, query, variables, { apiKey: tenant.readerKey });

/** Refused with 400 before anything ran: no data, every error of `code`, one of them saying `message`. */
function expectRefused(result: Awaited<ReturnType<typeof gql>>, message: RegExp, code = 'GRAPHQL_VALIDATION_FAILED') {
  expect(result.status).toBe(400);
  expect(result.data).toBeNull();
  expect(result.errors!.length).toBeGreaterThan(0);
  for (const error of result.errors!) expect(error.extensions.code).toBe(code);
  expect(result.errors!.map((error) => error.message)).toContainEqual(expect.stringMatching(message));
}

const NESTED = `query Nested($n: Int) {
  webhooks(first: $n) { nodes { logs(first: $n) { nodes { webhook { logs(first: $n) { nodes { id requestBody } } } } } } }
}`;

describe('pagination is priced from variables and defaults, not only from literals', () => {
  it("a READER's nested webhooks → logs → webhook → logs with first: $n is refused with 400 saying why", async () => {
    const result = await asReader(NESTED, { n: 100 });
    expectRefused(result, new RegExp(`Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded, found \\d+`));
    expect(result.errors![0]!.message).toMatch(/smaller pages \(first\)/);
  });

  it('the same document with small pages is served', async () => {
    const result = await asReader(NESTED, { n: 2 });
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    const pageSizes = result.data!.webhooks.nodes.map((webhook: any) => webhook.logs.nodes.length);
    expect(pageSizes).toContain(2);
  });

  it("a variable's default value is priced when the variable is not sent", async () => {
    const query = NESTED.replace('$n: Int', '$n: Int = 100');
    expectRefused(await asReader(query), /Cost limit/);
    expect((await asReader(query, { n: 2 })).errors).toBeUndefined();
  });

  it("without first, the server's default page size is priced", async () => {
    const query = `query { webhooks { nodes { logs { nodes { webhook { logs { nodes { id requestBody } } } } } } } }`;
    expectRefused(await asReader(query), /Cost limit/);
  });

  it('large fields weigh what they may hold: a full page of request bodies fits, four aliased ones do not', async () => {
    const pages = (count: number) =>
      Array.from({ length: count }, (_, i) => `p${i}: logs(first: 100) { nodes { id requestBody } }`).join(' ');
    const query = (count: number) => `query ($id: ID!) { webhook(id: $id) { ${pages(count)} } }`;
    expect((await asReader(query(1), { id: emptyWebhookId })).errors).toBeUndefined();
    expectRefused(await asReader(query(4), { id: emptyWebhookId }), /Cost limit/);
    // The same pages without their bodies are cheap.
    const withoutBodies = query(4).replaceAll(' requestBody', '');
    expect((await asReader(withoutBodies, { id: emptyWebhookId })).errors).toBeUndefined();
  });

  it('testWebhook runs the pipeline: five dry runs in one operation are refused, one is served', async () => {
    const run = (alias: string) => `${alias}: testWebhook(id: $id, request: { body: "{}" }) { statusCode outcome }`;
    const one = await gql(t.url, `query ($id: ID!) { ${run('a')} }`, { id: webhookId }, { apiKey: tenant.adminKey });
    expect(one.errors).toBeUndefined();
    const many = Array.from({ length: 5 }, (_, i) => run(`t${i}`)).join(' ');
    const refused = await gql(t.url, `query ($id: ID!) { ${many} }`, { id: webhookId }, { apiKey: tenant.adminKey });
    expectRefused(refused, /Cost limit/);
  });
});

describe('aliases, root fields, directives and tokens are bounded', () => {
  it('30 aliases of logs with bodies are refused (400), not answered with megabytes', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `l${i}: logs(first: 100) { nodes { requestBody } }`).join(' ');
    const result = await asReader(`query ($id: ID!) { webhook(id: $id) { ${aliases} } }`, { id: webhookId });
    expectRefused(result, new RegExp(`Aliases limit of ${GRAPHQL_LIMITS.maxAliases} exceeded, found 30`));
  });

  it('150 aliases are a 400 saying why, not a 500', async () => {
    const aliases = Array.from({ length: 150 }, (_, i) => `a${i}: me { role }`).join(' ');
    expectRefused(await asReader(`query { ${aliases} }`), /Aliases limit of \d+ exceeded, found 150/);
  });

  it(`more than ${GRAPHQL_LIMITS.maxRootFields} root fields are refused`, async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxRootFields + 1 }, (_, i) => `r${i}: me { role }`);
    const query = `query { ${fields.slice(0, 10).join(' ')} ... on Query { ${fields.slice(10).join(' ')} } }`;
    expectRefused(
      await asReader(query),
      new RegExp(
        `Root field limit of ${GRAPHQL_LIMITS.maxRootFields} exceeded, found ${GRAPHQL_LIMITS.maxRootFields + 1}`,
      ),
    );
    const atLimit = fields.slice(0, GRAPHQL_LIMITS.maxRootFields).join(' ');
    expect((await asReader(`query { ${atLimit} }`)).errors).toBeUndefined();
  });

  it('too many directives are refused', async () => {
    const fields = (count: number) =>
      Array.from({ length: count }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ');
    expectRefused(
      await asReader(`query { ${fields(GRAPHQL_LIMITS.maxDirectives + 1)} }`),
      new RegExp(`Directives limit of ${GRAPHQL_LIMITS.maxDirectives} exceeded`),
    );
    expect((await asReader(`query { ${fields(GRAPHQL_LIMITS.maxDirectives)} }`)).errors).toBeUndefined();
  });

  it('a document of too many tokens is refused while it is parsed', async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => '__typename').join(' ');
    const result = await asReader(`query { ${fields} }`);
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors![0]!.message).toMatch(new RegExp(`more th\\w+ ${GRAPHQL_LIMITS.maxTokens} tokens`));
  });
});

describe('the answer size is capped', () => {
  const logsWithBodies = `query ($id: ID!, $n: Int) { webhook(id: $id) { logs(first: $n) { nodes { id requestBody } } } }`;

  it('an answer that grows past the cap is refused with LIMIT_REACHED (400), not built', async () => {
    // Thirty bodies of 60 KB are ~1.8 MB: within the cost limit, beyond this server's 512 KiB cap.
    const result = await asReader(logsWithBodies, { id: webhookId, n: 30 });
    expectRefused(result, /The answer would be larger than 0\.5 MB\. Ask for fewer items per page/, 'LIMIT_REACHED');
  });

  it('a smaller page of the same is served', async () => {
    const result = await asReader(logsWithBodies, { id: webhookId, n: 5 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.webhook.logs.nodes).toHaveLength(5);
    expect(result.data!.webhook.logs.nodes[0].requestBody).toHaveLength(60_000);
  });
});
