import { previewValue } from '@intake/rules';
import { INGESTION_LIMITS } from './limits.js';
import type { JsonObject, JsonValue } from './types.js';

/**
 * Event rules: what a valid event does to a loyalty member, decided from the member's current state.
 * Persistence applies the effect and re-checks what concurrency can break (the balance never below zero, a
 * transaction id once per member) with conditional updates and a unique index.
 *
 * Decisions where the contract is silent:
 * - Opted-out members keep receiving point, checkout and refund events: a purchase made before opting out
 *   still counts, and refusing would silently drop loyalty history. `opt_in` re-enrols them.
 * - Profile fields change only when the event carries a non-empty text: a sender's null or "" never erases what
 *   the program knows about a member (clearing is a console action, not a webhook one).
 * - Labels are added, never removed, compared exactly (case matters), blank ones ignored.
 * - Texts and label lists are bounded (INGESTION_LIMITS): a value past a limit refuses the whole event
 *   (INVALID_ATTRIBUTE naming the attribute and the limit) rather than being cut or partly applied.
 * - Points have at most 4 decimals, what the balance stores: more is refused, not rounded, so that the event's
 *   data and the balance always say the same amount.
 * - A checkout_accept or checkout_accept_item may earn points: `data.points`, when present, is added to the balance
 *   with the event, as point_add adds it (same decimals, same balance limit). It must be 0 or more: a purchase
 *   earns, and taking points away is point_sub's job, which checks the balance. Absent (or null) moves nothing.
 *   A checkout_accept refused as a duplicate transaction moves nothing either (storage skips its event, and only
 *   members whose event went in are updated).
 */

/** The largest balance a member may hold: what the balance column (numeric(18,4)) stores. */
export const MAX_BALANCE = '99999999999999.9999';

export interface MemberState {
  externalId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  labels: string[];
  points: number;
  optedOut: boolean;
}

export interface ProfileChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
}

export interface MemberEffect {
  /** True when the member does not exist yet and the event enrols them. */
  createMember: boolean;
  /** Added to the balance (negative for point_sub). */
  pointsDelta: number;
  setProfile: ProfileChanges;
  /** Labels the member does not have yet, without duplicates. */
  addLabels: string[];
  setOptedOut?: boolean;
  /** For checkout_accept: persistence refuses a second acceptance of it (DUPLICATE_TRANSACTION). */
  transactionId?: string;
}

export type EventRuleRefusalCode = 'CUSTOMER_NOT_FOUND' | 'INSUFFICIENT_POINTS' | 'INVALID_ATTRIBUTE';
export type EventRuleResult =
  { ok: true; effect: MemberEffect } | { ok: false; code: EventRuleRefusalCode; message: string };

export interface RuleEvent {
  customer: string;
  data: JsonObject;
}

function effect(changes: Partial<MemberEffect>): EventRuleResult {
  return { ok: true, effect: { createMember: false, pointsDelta: 0, setProfile: {}, addLabels: [], ...changes } };
}

function refuse(code: EventRuleRefusalCode, message: string): EventRuleResult {
  return { ok: false, code, message };
}

function customerNotFound(customer: string): EventRuleResult {
  return refuse('CUSTOMER_NOT_FOUND', `customer "${customer}" is not enrolled; send an opt_in event first`);
}

/**
 * Decides what an event does to the member it names, given the member's current state (null when there is
 * none). `opt_in` enrols or updates; `profile` and `opt_out` need an enrolled member; `point_add`/`point_sub`
 * need `data.points` > 0, and `point_sub` never takes the balance below zero; `checkout_accept` and
 * `checkout_accept_item` add their optional `data.points` (0 or more); every other event needs an enrolled member.
 * Assumes the event passed `convertEvent` but re-checks the values it relies on.
 */
export function decideEventEffect(action: string, event: RuleEvent, member: MemberState | null): EventRuleResult {
  if (action === 'opt_in') return optIn(event, member);
  if (member === null) return customerNotFound(event.customer);
  switch (action) {
    case 'profile':
      return profile(event);
    case 'opt_out':
      return effect({ setOptedOut: true });
    case 'point_add':
      return pointAdd(event);
    case 'point_sub':
      return pointSub(event, member);
    case 'checkout_accept':
      return checkoutAccept(event, true);
    case 'checkout_accept_item':
      return checkoutAccept(event, false);
    default:
      return effect({});
  }
}

function optIn(event: RuleEvent, member: MemberState | null): EventRuleResult {
  const labels = labelsOf(event.data.labels);
  if (typeof labels === 'string') return refuse('INVALID_ATTRIBUTE', labels);
  const profile = profileChanges(event.data);
  if (typeof profile === 'string') return refuse('INVALID_ATTRIBUTE', profile);
  const current = new Set(member?.labels ?? []);
  const addLabels = labels.filter((label) => !current.has(label));
  if (addLabels.length > 0 && current.size + addLabels.length > INGESTION_LIMITS.labelsPerMember) {
    return tooManyLabels(event.customer);
  }
  return effect({ createMember: member === null, setProfile: profile, addLabels, setOptedOut: false });
}

/**
 * The refusal of an opt_in that would give its member more than INGESTION_LIMITS.labelsPerMember labels (the
 * storing statement detects it when the member's labels are not known beforehand).
 */
export function tooManyLabels(customer: string) {
  const limit = INGESTION_LIMITS.labelsPerMember;
  return {
    ok: false as const,
    code: 'INVALID_ATTRIBUTE' as const,
    message: `data.labels: customer "${customer}" would hold more than ${limit} labels; a member holds at most ${limit}`,
  };
}

/**
 * The distinct non-blank labels of a value (none for no value), or why they cannot be taken: not a list of
 * texts, too many, or one too long.
 */
function labelsOf(value: JsonValue | undefined): string[] | string {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((label) => typeof label === 'string')) {
    return `data.labels: ${previewValue(value)} is not a list of texts`;
  }
  const labels = [...new Set((list as string[]).filter((label) => label.trim().length > 0))];
  if (labels.length > INGESTION_LIMITS.labelsPerEvent) {
    return `data.labels: ${labels.length} labels; an event adds at most ${INGESTION_LIMITS.labelsPerEvent}`;
  }
  const tooLong = labels.findIndex((label) => label.length > INGESTION_LIMITS.labelLength);
  if (tooLong !== -1) {
    const label = labels[tooLong];
    return `data.labels: label ${previewValue(label, 30)} is ${label.length} characters long; at most ${INGESTION_LIMITS.labelLength} are allowed`;
  }
  return labels;
}

const PROFILE_TEXTS = [
  ['email', 'email', INGESTION_LIMITS.emailLength],
  ['first_name', 'firstName', INGESTION_LIMITS.nameLength],
  ['last_name', 'lastName', INGESTION_LIMITS.nameLength],
] as const;

/** The profile texts an event sets, or why one cannot be taken (too long). */
function profileChanges(data: JsonObject): ProfileChanges | string {
  const changes: ProfileChanges = {};
  for (const [attribute, field, limit] of PROFILE_TEXTS) {
    const text = textOf(data[attribute]);
    if (text === undefined) continue;
    if (text.length > limit) {
      return `data.${attribute}: ${previewValue(text, 30)} is ${text.length} characters long; at most ${limit} are allowed`;
    }
    changes[field] = text;
  }
  return changes;
}

function textOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value : undefined;
}

const SMALLEST_POINTS = 1 / 10 ** INGESTION_LIMITS.pointsDecimals;

/** `data.points` of a point_add/point_sub (required, > 0), or why it cannot be taken. */
function pointsOf(event: RuleEvent): number | string {
  const points = event.data.points;
  if (typeof points !== 'number' || !Number.isFinite(points)) {
    return `data.points: ${points === undefined ? 'missing' : previewValue(points)} is not a number`;
  }
  if (points <= 0) return `data.points: ${points} must be greater than 0`;
  return decimalsProblem(points) ?? points;
}

/** `data.points` a checkout earns (optional: 0 without; never negative), or why it cannot be taken. */
function checkoutPointsOf(event: RuleEvent): number | string {
  const points = event.data.points;
  if (points === undefined || points === null) return 0;
  if (typeof points !== 'number' || !Number.isFinite(points)) {
    return `data.points: ${previewValue(points)} is not a number`;
  }
  if (points < 0) {
    return `data.points: ${points} must be 0 or more; a checkout earns points, and point_sub takes them away`;
  }
  return decimalsProblem(points) ?? points;
}

function decimalsProblem(points: number): string | null {
  if (Number(points.toFixed(INGESTION_LIMITS.pointsDecimals)) === points) return null;
  return `data.points: ${points} has more than ${INGESTION_LIMITS.pointsDecimals} decimals; points are counted in units of ${SMALLEST_POINTS}`;
}

function profile(event: RuleEvent): EventRuleResult {
  const changes = profileChanges(event.data);
  return typeof changes === 'string' ? refuse('INVALID_ATTRIBUTE', changes) : effect({ setProfile: changes });
}

function pointAdd(event: RuleEvent): EventRuleResult {
  const points = pointsOf(event);
  if (typeof points === 'string') return refuse('INVALID_ATTRIBUTE', points);
  return effect({ pointsDelta: points });
}

function pointSub(event: RuleEvent, member: MemberState): EventRuleResult {
  const points = pointsOf(event);
  if (typeof points === 'string') return refuse('INVALID_ATTRIBUTE', points);
  if (points > member.points) {
    const refusal = insufficientPoints(event.customer, points);
    return refuse(refusal.code, fillBalance(refusal.message, String(member.points)));
  }
  return effect({ pointsDelta: -points });
}

// Items share their transaction's id, so only the checkout_accept itself is unique per member.
function checkoutAccept(event: RuleEvent, uniquePerMember: boolean): EventRuleResult {
  const transactionId = event.data.transaction_id;
  if (typeof transactionId !== 'string' || transactionId.trim().length === 0) {
    return refuse('INVALID_ATTRIBUTE', 'data.transaction_id: required to accept a checkout');
  }
  const points = checkoutPointsOf(event);
  if (typeof points === 'string') return refuse('INVALID_ATTRIBUTE', points);
  return effect(uniquePerMember ? { transactionId, pointsDelta: points } : { pointsDelta: points });
}

/** The refusal of a checkout_accept whose transaction the member already has (storage detects it). */
export function duplicateTransaction(transactionId: string, customer: string) {
  return {
    ok: false as const,
    code: 'DUPLICATE_TRANSACTION' as const,
    message: `transaction "${transactionId}" was already accepted for customer "${customer}"`,
  };
}

/**
 * A text that quotes the member's balance: `before`, the balance, `after`. Where the balance is not known when
 * the text is made (the storing statement reads it under the member's row lock), the slot is filled by whoever
 * reads it: the statement, or the dry run with the stored balance.
 */
export interface BalanceTemplate {
  before: string;
  after: string;
}

export function fillBalance(template: BalanceTemplate, balance: string): string {
  return template.before + balance + template.after;
}

/** A refusal whose message quotes the member's balance. */
export interface BalanceRefusal {
  ok: false;
  code: 'INSUFFICIENT_POINTS';
  message: BalanceTemplate;
}

/** The refusal of a point_sub of `points` larger than the member's balance, which is left as a slot. */
export function insufficientPoints(customer: string, points: number): BalanceRefusal {
  return {
    ok: false,
    code: 'INSUFFICIENT_POINTS',
    message: { before: `customer "${customer}" has `, after: ` points; cannot subtract ${points}` },
  };
}

/**
 * The refusal of a point_add (or a checkout earning points) of `points` that would take the balance past
 * MAX_BALANCE (storage detects it).
 */
export function balanceLimitExceeded(customer: string, points: number) {
  return {
    ok: false as const,
    code: 'INVALID_ATTRIBUTE' as const,
    message: `data.points: adding ${points} would take the balance of customer "${customer}" above ${MAX_BALANCE}`,
  };
}
