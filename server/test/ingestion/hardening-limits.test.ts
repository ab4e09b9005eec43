import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGESTION_LIMITS } from '../../src/domain/limits.js';
import { createTenant, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';
import { createWebhook, hookPath, send, Sql } from './support.js';

/**
 * Issue 13, items 1 and 10: what one event may make us store is bounded — labels per event and per member, label
 * length, profile texts — each refusal a 422 INVALID_ATTRIBUTE naming the attribute and the limit; labels merge in
 * linear time; points have at most 4 decimals; a number too large to read is named for what was sent.
 */

let t: TestApp;
let tenant: TestTenant;
let other: TestTenant;
let sql: Sql;
const { labelsPerEvent, labelsPerMember, labelLength, emailLength, nameLength } = INGESTION_LIMITS;

const labels = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.deps);
  other = await createTenant(t.deps);
  sql = new Sql(t.database.url);
  await createWebhook(t.url, tenant, {
    endpoint: 'enrol',
    action: 'opt_in',
    mapping: [
      { from: 'id', to: 'customer' },
      { from: 'labels', to: 'data.labels' },
      { from: 'email', to: 'data.email' },
      { from: 'first', to: 'data.first_name' },
    ],
  });
  await createWebhook(t.url, tenant, {
    endpoint: 'profile',
    action: 'profile',
    mapping: [
      { from: 'id', to: 'customer' },
      { from: 'last', to: 'data.last_name' },
    ],
  });
  for (const account of [tenant, other]) {
    await createWebhook(t.url, account, {
      endpoint: 'points',
      action: 'point_add',
      mapping: [
        { from: 'id', to: 'customer' },
        { from: 'points', to: 'data.points' },
      ],
    });
  }
});

afterAll(async () => {
  await sql?.close();
  await t?.close();
});

async function expectRefused(response: Awaited<ReturnType<typeof send>>, message: string) {
  expect(response.status, response.text).toBe(422);
  expect(response.headers.get('x-webhook-error')).toBe('INVALID_ATTRIBUTE');
  expect(response.json).toEqual({ ok: false, error: { code: 'INVALID_ATTRIBUTE', message } });
  const log = await sql.log(response.headers.get('x-request-id'));
  expect(log).toMatchObject({
    status_code: 422,
    outcome: 'INVALID_EVENT',
    error_code: 'INVALID_ATTRIBUTE',
    error: message,
  });
  expect(log.event_id).toBeNull();
}

describe('labels', () => {
  it('two opt-ins of 20,000 labels are refused at once, naming the attribute and the limit; nothing is stored', async () => {
    const responses = await Promise.all(
      ['a', 'b'].map((prefix) =>
        send(t.url, hookPath(tenant, 'enrol'), { id: 'hoarder', labels: labels(20_000, prefix) }),
      ),
    );
    for (const response of responses) {
      await expectRefused(response, `data.labels: 20000 labels; an event adds at most ${labelsPerEvent}`);
    }
    expect(await sql.member(tenant.accountId, 'hoarder')).toBeNull();
  });

  it('the largest allowed opt-ins merge up to the member limit, in first-seen order, while another account ingests', async () => {
    await sql.enrol(other.accountId, 'neighbour');
    const rounds = labelsPerMember / labelsPerEvent;
    const [optIns, neighbours] = await Promise.all([
      Promise.all(
        Array.from({ length: rounds }, (_, round) =>
          send(t.url, hookPath(tenant, 'enrol'), { id: 'collector', labels: labels(labelsPerEvent, `r${round}-`) }),
        ),
      ),
      Promise.all(
        Array.from({ length: 50 }, () => send(t.url, hookPath(other, 'points'), { id: 'neighbour', points: 1 })),
      ),
    ]);
    for (const response of [...optIns, ...neighbours]) expect(response.status, response.text).toBe(200);

    const member = await sql.member(tenant.accountId, 'collector');
    expect(member.labels).toHaveLength(labelsPerMember);
    // Each opt-in appended its labels as one block, in the order it sent them.
    for (let round = 0; round < rounds; round++) {
      const start = member.labels.indexOf(`r${round}-0`);
      expect(member.labels.slice(start, start + labelsPerEvent)).toEqual(labels(labelsPerEvent, `r${round}-`));
    }
    expect(Number((await sql.member(other.accountId, 'neighbour')).points)).toBe(50);

    // Labels the member has already: nothing new, accepted.
    const again = await send(t.url, hookPath(tenant, 'enrol'), { id: 'collector', labels: ['r0-1', 'r9-99'] });
    expect(again.status, again.text).toBe(200);
    // One more: past the member's limit, refused whole.
    const events = (await sql.eventsOf(tenant.accountId, 'collector')).length;
    const past = await send(t.url, hookPath(tenant, 'enrol'), {
      id: 'collector',
      labels: ['r0-1', 'one-too-many'],
      first: 'X',
    });
    await expectRefused(
      past,
      `data.labels: customer "collector" would hold more than ${labelsPerMember} labels; a member holds at most ${labelsPerMember}`,
    );
    const after = await sql.member(tenant.accountId, 'collector');
    expect(after.labels).toEqual(member.labels);
    expect(after.first_name).toBeNull();
    expect(await sql.eventsOf(tenant.accountId, 'collector')).toHaveLength(events);
  });

  it('a label longer than the limit is refused', async () => {
    const response = await send(t.url, hookPath(tenant, 'enrol'), {
      id: 'c-long',
      labels: ['ok', 'x'.repeat(labelLength + 1)],
    });
    await expectRefused(
      response,
      `data.labels: label "${'x'.repeat(28)}… is ${labelLength + 1} characters long; at most ${labelLength} are allowed`,
    );
  });
});

describe('profile texts', () => {
  it('an email longer than the limit is refused', async () => {
    const email = `${'e'.repeat(emailLength - 8)}@example.com`;
    const response = await send(t.url, hookPath(tenant, 'enrol'), { id: 'c-mail', email });
    await expectRefused(
      response,
      `data.email: "${'e'.repeat(28)}… is ${email.length} characters long; at most ${emailLength} are allowed`,
    );
    expect(await sql.member(tenant.accountId, 'c-mail')).toBeNull();
  });

  it('a first name longer than the limit is refused on opt_in, a last name on profile', async () => {
    const first = await send(t.url, hookPath(tenant, 'enrol'), { id: 'c-name', first: 'n'.repeat(nameLength + 1) });
    await expectRefused(
      first,
      `data.first_name: "${'n'.repeat(28)}… is ${nameLength + 1} characters long; at most ${nameLength} are allowed`,
    );
    expect((await send(t.url, hookPath(tenant, 'enrol'), { id: 'c-name', first: 'n'.repeat(nameLength) })).status).toBe(
      200,
    );
    const last = await send(t.url, hookPath(tenant, 'profile'), { id: 'c-name', last: 'm'.repeat(nameLength + 1) });
    await expectRefused(
      last,
      `data.last_name: "${'m'.repeat(28)}… is ${nameLength + 1} characters long; at most ${nameLength} are allowed`,
    );
    expect((await sql.member(tenant.accountId, 'c-name')).last_name).toBeNull();
  });
});

describe('points', () => {
  it('a number too large to read says what was sent, not "null is not a number"', async () => {
    await sql.enrol(tenant.accountId, 'c-points');
    const response = await send(t.url, hookPath(tenant, 'points'), '{"id":"c-points","points":1e309}');
    await expectRefused(response, 'data.points: the number sent (larger than 1.8e308) is too large to store');
  });

  it.each([0.00001, 1.00005, 2.99999])('%d points (more than 4 decimals) are refused, not rounded', async (points) => {
    const before = await sql.member(tenant.accountId, 'c-points');
    const response = await send(t.url, hookPath(tenant, 'points'), { id: 'c-points', points });
    await expectRefused(
      response,
      `data.points: ${points} has more than 4 decimals; points are counted in units of 0.0001`,
    );
    expect((await sql.member(tenant.accountId, 'c-points')).points).toBe(before.points);
  });

  it('4 decimals are stored exactly, the same in the event and the balance', async () => {
    await sql.enrol(tenant.accountId, 'c-exact');
    const response = await send(t.url, hookPath(tenant, 'points'), { id: 'c-exact', points: 1.0001 });
    expect(response.status, response.text).toBe(200);
    const [event] = await sql.eventsOf(tenant.accountId, 'c-exact');
    expect(event.data.points).toBe(1.0001);
    expect((await sql.member(tenant.accountId, 'c-exact')).points).toBe('1.0001');
  });
});
