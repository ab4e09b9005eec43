import { describe, expect, it } from 'vitest';
import { INGESTION_LIMITS } from './limits.js';
import {
  decideEventEffect,
  fillBalance,
  insufficientPoints,
  type EventRuleResult,
  type MemberState,
} from './event-rules.js';
import type { JsonObject } from './types.js';

const member = (changes: Partial<MemberState> = {}): MemberState => ({
  externalId: 'c-1',
  email: 'old@example.com',
  firstName: 'Old',
  lastName: 'Name',
  labels: ['existing'],
  points: 100,
  optedOut: false,
  ...changes,
});

const ok = (effect: Partial<Extract<EventRuleResult, { ok: true }>['effect']>): EventRuleResult => ({
  ok: true,
  effect: { createMember: false, pointsDelta: 0, setProfile: {}, addLabels: [], ...effect },
});

type Row = [name: string, action: string, data: JsonObject, state: MemberState | null, expected: EventRuleResult];

const NOT_ENROLLED = {
  ok: false,
  code: 'CUSTOMER_NOT_FOUND',
  message: 'customer "c-1" is not enrolled; send an opt_in event first',
} as const;

const rows: Row[] = [
  // opt_in
  [
    'opt_in enrols a new customer',
    'opt_in',
    { email: 'a@example.com', first_name: 'Ann', last_name: 'Lee', labels: ['vip', 'vip', 'new'] },
    null,
    ok({
      createMember: true,
      setProfile: { email: 'a@example.com', firstName: 'Ann', lastName: 'Lee' },
      addLabels: ['vip', 'new'],
      setOptedOut: false,
    }),
  ],
  ['opt_in without data enrols', 'opt_in', {}, null, ok({ createMember: true, setOptedOut: false })],
  [
    'opt_in updates an existing member, adding only new labels',
    'opt_in',
    { first_name: 'New', labels: ['existing', 'vip'] },
    member(),
    ok({ setProfile: { firstName: 'New' }, addLabels: ['vip'], setOptedOut: false }),
  ],
  ['opt_in re-enrols an opted-out member', 'opt_in', {}, member({ optedOut: true }), ok({ setOptedOut: false })],
  [
    'opt_in labels are case-sensitive, blank ones ignored',
    'opt_in',
    { labels: ['Existing', ' ', ''] },
    member(),
    ok({ addLabels: ['Existing'], setOptedOut: false }),
  ],
  [
    'opt_in accepts a single label',
    'opt_in',
    { labels: 'vip' },
    null,
    ok({ createMember: true, addLabels: ['vip'], setOptedOut: false }),
  ],
  ['opt_in null labels add nothing', 'opt_in', { labels: null }, member(), ok({ setOptedOut: false })],
  [
    'opt_in refuses labels that are not texts',
    'opt_in',
    { labels: [1] },
    null,
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.labels: [1] is not a list of texts' },
  ],
  [
    'opt_in never erases the profile with null or ""',
    'opt_in',
    { email: null, first_name: '', last_name: '  ' },
    member(),
    ok({ setOptedOut: false }),
  ],

  // profile
  [
    'profile updates given fields',
    'profile',
    { email: 'new@example.com', last_name: 'Smith', phone: '+36' },
    member(),
    ok({ setProfile: { email: 'new@example.com', lastName: 'Smith' } }),
  ],
  [
    'profile of an opted-out member still updates',
    'profile',
    { first_name: 'X' },
    member({ optedOut: true }),
    ok({ setProfile: { firstName: 'X' } }),
  ],
  ['profile needs a member', 'profile', { email: 'x@example.com' }, null, NOT_ENROLLED],
  ['profile does not add labels', 'profile', { labels: ['vip'] }, member(), ok({})],

  // opt_out
  ['opt_out marks the member', 'opt_out', {}, member(), ok({ setOptedOut: true })],
  ['opt_out needs a member', 'opt_out', {}, null, NOT_ENROLLED],

  // point_add
  ['point_add adds', 'point_add', { points: 50 }, member(), ok({ pointsDelta: 50 })],
  ['point_add adds fractions', 'point_add', { points: 0.5 }, member(), ok({ pointsDelta: 0.5 })],
  [
    'point_add works for an opted-out member',
    'point_add',
    { points: 5 },
    member({ optedOut: true }),
    ok({ pointsDelta: 5 }),
  ],
  ['point_add needs a member', 'point_add', { points: 5 }, null, NOT_ENROLLED],
  [
    'point_add refuses 0',
    'point_add',
    { points: 0 },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: 0 must be greater than 0' },
  ],
  [
    'point_add refuses negatives',
    'point_add',
    { points: -5 },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: -5 must be greater than 0' },
  ],
  ['point_add takes 4 decimals', 'point_add', { points: 12.3456 }, member(), ok({ pointsDelta: 12.3456 })],
  ['point_add takes the smallest unit', 'point_add', { points: 0.0001 }, member(), ok({ pointsDelta: 0.0001 })],
  [
    'point_add refuses a fifth decimal rather than rounding it',
    'point_add',
    { points: 1.00005 },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: 1.00005 has more than 4 decimals; points are counted in units of 0.0001',
    },
  ],
  [
    'point_add refuses less than the smallest unit',
    'point_add',
    { points: 0.00001 },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: 0.00001 has more than 4 decimals; points are counted in units of 0.0001',
    },
  ],
  [
    'point_sub refuses a fifth decimal too',
    'point_sub',
    { points: 0.12345 },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: 0.12345 has more than 4 decimals; points are counted in units of 0.0001',
    },
  ],
  [
    'point_add refuses non-numbers',
    'point_add',
    { points: '5' },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: "5" is not a number' },
  ],
  [
    'point_add refuses missing points',
    'point_add',
    {},
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: missing is not a number' },
  ],

  // point_sub
  ['point_sub subtracts', 'point_sub', { points: 30 }, member(), ok({ pointsDelta: -30 })],
  ['point_sub down to exactly zero', 'point_sub', { points: 100 }, member(), ok({ pointsDelta: -100 })],
  [
    'point_sub never below zero',
    'point_sub',
    { points: 101 },
    member(),
    { ok: false, code: 'INSUFFICIENT_POINTS', message: 'customer "c-1" has 100 points; cannot subtract 101' },
  ],
  [
    'point_sub from an empty balance',
    'point_sub',
    { points: 1 },
    member({ points: 0 }),
    { ok: false, code: 'INSUFFICIENT_POINTS', message: 'customer "c-1" has 0 points; cannot subtract 1' },
  ],
  [
    'point_sub refuses 0',
    'point_sub',
    { points: 0 },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: 0 must be greater than 0' },
  ],
  [
    'point_sub refuses negatives (no adding through point_sub)',
    'point_sub',
    { points: -10 },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: -10 must be greater than 0' },
  ],
  ['point_sub needs a member', 'point_sub', { points: 1 }, null, NOT_ENROLLED],

  // checkouts
  [
    'checkout_accept carries its transaction id',
    'checkout_accept',
    { transaction_id: 'T-1', total: 10 },
    member(),
    ok({ transactionId: 'T-1' }),
  ],
  [
    'checkout_accept needs a transaction id',
    'checkout_accept',
    { total: 10 },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.transaction_id: required to accept a checkout' },
  ],
  ['checkout_accept needs a member', 'checkout_accept', { transaction_id: 'T-1' }, null, NOT_ENROLLED],
  [
    'checkout_accept_item items share the id: not unique',
    'checkout_accept_item',
    { transaction_id: 'T-1' },
    member(),
    ok({}),
  ],
  // checkouts earning points
  [
    'checkout_accept earns its data.points',
    'checkout_accept',
    { transaction_id: 'T-1', points: 586 },
    member(),
    ok({ transactionId: 'T-1', pointsDelta: 586 }),
  ],
  [
    'checkout_accept earns fractions with 4 decimals',
    'checkout_accept',
    { transaction_id: 'T-1', points: 58.6912 },
    member(),
    ok({ transactionId: 'T-1', pointsDelta: 58.6912 }),
  ],
  [
    'checkout_accept with 0 points moves nothing',
    'checkout_accept',
    { transaction_id: 'T-1', points: 0 },
    member(),
    ok({ transactionId: 'T-1' }),
  ],
  [
    'checkout_accept with null points moves nothing',
    'checkout_accept',
    { transaction_id: 'T-1', points: null },
    member(),
    ok({ transactionId: 'T-1' }),
  ],
  [
    'checkout_accept refuses 5 decimals',
    'checkout_accept',
    { transaction_id: 'T-1', points: 58.69123 },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: 58.69123 has more than 4 decimals; points are counted in units of 0.0001',
    },
  ],
  [
    'checkout_accept refuses negative points',
    'checkout_accept',
    { transaction_id: 'T-1', points: -5 },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: -5 must be 0 or more; a checkout earns points, and point_sub takes them away',
    },
  ],
  [
    'checkout_accept refuses points that are not a number',
    'checkout_accept',
    { transaction_id: 'T-1', points: 'many' },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.points: "many" is not a number' },
  ],
  [
    'checkout_accept with points still needs a transaction id',
    'checkout_accept',
    { points: 5 },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.transaction_id: required to accept a checkout' },
  ],
  [
    'checkout_accept with points needs a member',
    'checkout_accept',
    { transaction_id: 'T-1', points: 5 },
    null,
    NOT_ENROLLED,
  ],
  [
    'checkout_accept_item earns its data.points (not unique per member)',
    'checkout_accept_item',
    { transaction_id: 'T-1', points: 12.5 },
    member(),
    ok({ pointsDelta: 12.5 }),
  ],
  [
    'checkout_accept_item refuses negative points',
    'checkout_accept_item',
    { transaction_id: 'T-1', points: -0.5 },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: 'data.points: -0.5 must be 0 or more; a checkout earns points, and point_sub takes them away',
    },
  ],
  [
    'checkout_accept_item needs a transaction id',
    'checkout_accept_item',
    { transaction_id: ' ' },
    member(),
    { ok: false, code: 'INVALID_ATTRIBUTE', message: 'data.transaction_id: required to accept a checkout' },
  ],

  // every other event
  ...['checkout', 'checkout_item', 'checkout_reject', 'refund', 'partial_refund', 'refund_item'].flatMap(
    (action): Row[] => [
      [`${action} with a member`, action, { transaction_id: 'T-1' }, member(), ok({})],
      // Only point events and accepted checkouts move the balance.
      [`${action} ignores data.points`, action, { transaction_id: 'T-1', points: 5 }, member(), ok({})],
      [`${action} needs a member`, action, { transaction_id: 'T-1' }, null, NOT_ENROLLED],
    ],
  ),
];

const labels = (count: number, prefix = 'l') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const { labelsPerEvent, labelsPerMember, labelLength, emailLength, nameLength } = INGESTION_LIMITS;

const limitRows: Row[] = [
  [
    'opt_in takes as many labels as an event may add',
    'opt_in',
    { labels: labels(labelsPerEvent) },
    null,
    ok({ createMember: true, addLabels: labels(labelsPerEvent), setOptedOut: false }),
  ],
  [
    'opt_in counts distinct labels against the limit',
    'opt_in',
    { labels: [...labels(labelsPerEvent), ...labels(labelsPerEvent)] },
    null,
    ok({ createMember: true, addLabels: labels(labelsPerEvent), setOptedOut: false }),
  ],
  [
    'opt_in refuses more labels than an event may add',
    'opt_in',
    { labels: labels(20_000) },
    null,
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: `data.labels: 20000 labels; an event adds at most ${labelsPerEvent}`,
    },
  ],
  [
    'opt_in refuses a label that is too long',
    'opt_in',
    { labels: ['ok', 'x'.repeat(labelLength + 1)] },
    null,
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: `data.labels: label "xxxxxxxxxxxxxxxxxxxxxxxxxxxx… is ${labelLength + 1} characters long; at most ${labelLength} are allowed`,
    },
  ],
  [
    'opt_in takes a label of the longest length',
    'opt_in',
    { labels: ['x'.repeat(labelLength)] },
    null,
    ok({ createMember: true, addLabels: ['x'.repeat(labelLength)], setOptedOut: false }),
  ],
  [
    'opt_in fills a member up to the label limit',
    'opt_in',
    { labels: labels(labelsPerEvent, 'new') },
    member({ labels: labels(labelsPerMember - labelsPerEvent) }),
    ok({ addLabels: labels(labelsPerEvent, 'new'), setOptedOut: false }),
  ],
  [
    'opt_in refuses labels past the member limit',
    'opt_in',
    { labels: ['one-more'] },
    member({ labels: labels(labelsPerMember) }),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: `data.labels: customer "c-1" would hold more than ${labelsPerMember} labels; a member holds at most ${labelsPerMember}`,
    },
  ],
  [
    'opt_in with labels the full member already has is fine',
    'opt_in',
    { labels: ['l1'] },
    member({ labels: labels(labelsPerMember) }),
    ok({ setOptedOut: false }),
  ],
  [
    'opt_in refuses an email that is too long',
    'opt_in',
    { email: `${'e'.repeat(emailLength)}@x` },
    null,
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: `data.email: "eeeeeeeeeeeeeeeeeeeeeeeeeeee… is ${emailLength + 2} characters long; at most ${emailLength} are allowed`,
    },
  ],
  [
    'profile refuses a first name that is too long',
    'profile',
    { first_name: 'n'.repeat(nameLength + 1) },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: `data.first_name: "nnnnnnnnnnnnnnnnnnnnnnnnnnnn… is ${nameLength + 1} characters long; at most ${nameLength} are allowed`,
    },
  ],
  [
    'profile refuses a last name that is too long',
    'profile',
    { last_name: 'n'.repeat(nameLength + 1) },
    member(),
    {
      ok: false,
      code: 'INVALID_ATTRIBUTE',
      message: `data.last_name: "nnnnnnnnnnnnnnnnnnnnnnnnnnnn… is ${nameLength + 1} characters long; at most ${nameLength} are allowed`,
    },
  ],
  [
    'profile takes names of the longest length',
    'profile',
    { first_name: 'n'.repeat(nameLength), last_name: 'm'.repeat(nameLength) },
    member(),
    ok({ setProfile: { firstName: 'n'.repeat(nameLength), lastName: 'm'.repeat(nameLength) } }),
  ],
];

describe('limits', () => {
  it.each(limitRows)('%s', (_name, action, data, state, expected) => {
    expect(decideEventEffect(action, { customer: 'c-1', data }, state)).toEqual(expected);
  });
});

describe('decideEventEffect', () => {
  it.each(rows)('%s', (_name, action, data, state, expected) => {
    expect(decideEventEffect(action, { customer: 'c-1', data }, state)).toEqual(expected);
  });

  it('does not change the member state it was given', () => {
    const state = member();
    decideEventEffect('opt_in', { customer: 'c-1', data: { labels: ['vip'] } }, state);
    expect(state).toEqual(member());
  });
});

describe('insufficientPoints', () => {
  it.each([
    ['c-1', 101, '100', 'customer "c-1" has 100 points; cannot subtract 101'],
    ['c-1', 1, '0', 'customer "c-1" has 0 points; cannot subtract 1'],
    ['c-1', 0.5, '0.25', 'customer "c-1" has 0.25 points; cannot subtract 0.5'],
    // Digits and quotes in the customer id are text, never mistaken for the balance's slot.
    ['a0 "-1"', 5, '3', 'customer "a0 "-1"" has 3 points; cannot subtract 5'],
  ])('%j subtracting %d from %s', (customer, points, balance, expected) => {
    const refusal = insufficientPoints(customer, points);
    expect(refusal.code).toBe('INSUFFICIENT_POINTS');
    expect(fillBalance(refusal.message, balance)).toBe(expected);
  });

  it('is what the rules say once the balance is known', () => {
    const refusal = insufficientPoints('c-1', 101);
    expect(decideEventEffect('point_sub', { customer: 'c-1', data: { points: 101 } }, member())).toEqual({
      ...refusal,
      message: fillBalance(refusal.message, '100'),
    });
  });
});
