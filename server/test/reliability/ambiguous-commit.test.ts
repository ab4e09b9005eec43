import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INGESTION_TUNING } from '../../src/config.js';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql, type Sent } from '../ingestion/support.js';

/**
 * Item 11: a 503 must mean nothing was stored. The fault: a test-only trigger makes the COMMIT of marked requests
 * take 5 s, far past the statement timeout (2 s here: a busy machine must still get the batch statement itself
 * done well within it, or the cancel would end it before the commit and the 200 cases would become 503s). A commit is outside PostgreSQL's own statement_timeout,
 * so only the client can notice; it cancels the statement on the server and finds out what became of it:
 *
 * - SLOW-COMMIT swallows the cancel, so the commit goes through at once: the sender gets 200;
 * - SLOW-ABORT lets the cancel end it: rolled back, the sender gets 503 and nothing is stored;
 * - SLOW-STUBBORN ignores every cancel and commits after 5 s: the client gives the connection up, and the
 *   request's FAILED log (same id) waits for the commit, finds the request stored, and answers what was stored.
 *
 * Under load, every answer follows the rule: each 2xx is stored, each 503 is not.
 */

const STATEMENT_TIMEOUT_MS = 2_000;

let t: TestApp;
let tenant: TestTenant;
let sql: Sql;

beforeAll(async () => {
  t = await startTestApp({
    config: { ingestion: { ...DEFAULT_INGESTION_TUNING, statementTimeoutMs: STATEMENT_TIMEOUT_MS } },
  });
  tenant = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  await createWebhook(t.url, tenant, {
    endpoint: 'points',
    action: 'point_add',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'points', to: 'data.points' },
      { from: 'ref', to: 'data.reason' },
    ],
  });
  await createWebhook(t.url, tenant, {
    endpoint: 'optin',
    action: 'opt_in',
    mapping: [
      { from: 'customer_id', to: 'customer' },
      { from: 'ref', to: 'data.first_name' },
    ],
  });
  for (let i = 0; i < 10; i++) await sql.enrol(tenant.accountId, `m${i}`, 0);
  // Deferred: runs inside COMMIT, after the statement (and its statement_timeout) is done. FAILED logs are spared.
  await sql.rows(`
    CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      until timestamptz := clock_timestamp() + interval '5 seconds';
    BEGIN
      IF NEW.outcome = 'FAILED' THEN RETURN NULL; END IF;
      IF NEW.request_body LIKE '%SLOW-ABORT%' THEN
        PERFORM pg_sleep(5);
      ELSIF NEW.request_body LIKE '%SLOW-COMMIT%' THEN
        BEGIN PERFORM pg_sleep(5); EXCEPTION WHEN query_canceled THEN NULL; END;
      ELSIF NEW.request_body LIKE '%SLOW-STUBBORN%' THEN
        WHILE clock_timestamp() < until LOOP
          BEGIN PERFORM pg_sleep(0.05); EXCEPTION WHEN query_canceled THEN NULL; END;
        END LOOP;
      END IF;
      RETURN NULL;
    END $$`);
  await sql.rows(`CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON request_logs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_slow_commit()`);
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

let refs = 0;

interface Answer {
  ref: string;
  member: string;
  points: number;
  response: Sent;
}

function addPoints(member: string, marker = 'fine', points = 1): Promise<Answer> {
  const ref = `${marker}-${++refs}`;
  return send(t.url, hookPath(tenant, 'points'), { customer_id: member, points, ref }).then((response) => ({
    ref,
    member,
    points,
    response,
  }));
}

/** What is stored of a request, found by the reference in its body (a 503 may carry no X-Request-Id). */
async function storedOf(ref: string) {
  const logs = await sql.rows<{ id: string; outcome: string; status_code: number; event_id: string | null }>(
    `SELECT id, outcome, status_code, event_id FROM request_logs WHERE request_body LIKE $1`,
    [`%"${ref}"%`],
  );
  const events = await sql.rows(`SELECT id FROM customer_events WHERE data ->> 'reason' = $1`, [ref]);
  return { logs, events: events.length };
}

/** The rule: a 2xx is stored (its log and its event), a 503 is not (at most its FAILED log). */
async function expectTheRule(answer: Answer) {
  const { status } = answer.response;
  const stored = await storedOf(answer.ref);
  if (status === 200) {
    expect(stored.logs, answer.ref).toMatchObject([{ outcome: 'PROCESSED', status_code: 200 }]);
    expect(stored.logs[0].id).toBe(answer.response.headers.get('x-request-id'));
    expect(stored.events, answer.ref).toBe(1);
  } else {
    expect(status, answer.ref).toBe(503);
    expect(answer.response.headers.get('retry-after')).toBe('5');
    expect(
      stored.logs.filter((log) => log.outcome !== 'FAILED'),
      answer.ref,
    ).toEqual([]);
    expect(stored.events, answer.ref).toBe(0);
  }
}

describe('a commit that outlives the statement timeout', () => {
  it('committed despite the cancel: 200 with the stored answer, stored once', async () => {
    const answer = await addPoints('m0', 'SLOW-COMMIT');
    expect(answer.response.status).toBe(200);
    expect(answer.response.json).toMatchObject({ ok: true, eventId: expect.any(String) });
    await expectTheRule(answer);
  });

  it('rolled back by the cancel: 503 + Retry-After, nothing stored but the FAILED log', async () => {
    const answer = await addPoints('m1', 'SLOW-ABORT');
    expect(answer.response.status).toBe(503);
    await expectTheRule(answer);
    const { logs } = await storedOf(answer.ref);
    expect(logs).toMatchObject([{ outcome: 'FAILED', id: answer.response.headers.get('x-request-id') }]);
  });

  it('deaf to the cancel, committed later: the FAILED log finds it stored, and the sender gets 200', async () => {
    const answer = await addPoints('m2', 'SLOW-STUBBORN');
    expect(answer.response.status).toBe(200);
    expect(answer.response.json).toMatchObject({ ok: true });
    await expectTheRule(answer);
  });

  it('the same for an opt_in (a statement of its own, not batched)', async () => {
    const ref = `SLOW-STUBBORN-optin-${++refs}`;
    const response = await send(t.url, hookPath(tenant, 'optin'), { customer_id: 'new-member', ref });
    expect(response.status).toBe(200);
    const member = await sql.member(tenant.accountId, 'new-member');
    expect(member).toMatchObject({ first_name: ref });
    const log = await sql.log(response.headers.get('x-request-id'));
    expect(log).toMatchObject({ outcome: 'PROCESSED', status_code: 200 });
  });

  it('under load, mixed with slow commits of every kind: every 2xx is stored and every 503 is not', async () => {
    const markers = ['SLOW-COMMIT', 'SLOW-ABORT', 'SLOW-STUBBORN'];
    const pending: Promise<Answer>[] = [];
    for (let wave = 0; wave < 3; wave++) {
      for (let i = 0; i < 30; i++) pending.push(addPoints(`m${3 + (i % 7)}`, i % 10 === 0 ? markers[wave] : 'fine'));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const answers = await Promise.all(pending);
    expect(new Set(answers.map((a) => a.response.status))).toEqual(new Set([200, 503]));
    for (const answer of answers) await expectTheRule(answer);
    for (let i = 3; i < 10; i++) {
      const member = `m${i}`;
      const accepted = answers.filter((a) => a.member === member && a.response.status === 200).length;
      expect(Number((await sql.member(tenant.accountId, member)).points), member).toBe(accepted);
    }
  });
});
