import type { QueryConfig } from 'pg';
import type {
  FanOutItem,
  FanOutRefusal,
  IdempotencyReservation,
  LogFields,
  LoggedResponse,
} from '../../application/ingestion/ports.js';
import { MAX_BALANCE } from '../../domain/event-rules.js';
import { INGESTION_LIMITS } from '../../domain/limits.js';
import { LOG_COLUMNS, LOG_EXTRA_COLUMNS, logExtras, logExtraValues, reserveKeys } from './statements.js';

/**
 * The statements of a split request's transaction (fan-out), apart from the group-commit batch, which assumes one
 * event per request and member. In one transaction, in this order:
 *
 * 1. the delivery id is reserved (`reserveKeys`, as the batch does: before any member lock);
 * 2. the members the items name are locked FOR UPDATE in (account_id, external_id COLLATE "C") order — the batch's
 *    order, so the two never deadlock;
 * 3. members an opt_in item enrols and that do not exist are inserted (in the same order), bare, and locked;
 * 4. the checkout_accept transactions already stored for those members are read;
 * 5. the items are decided one by one in item order (`decideItems`, exact decimal arithmetic on scaled BigInts);
 * 6. the members are updated, the events inserted with their item index, and the log inserted with the first
 *    event's id.
 *
 * A refusal at step 5 rolls everything back, the reserved key included.
 */

/** Reserves the request's delivery id; no row: another processed request holds it (a DUPLICATE). */
export function reserveKeyQuery(log: LogFields, idempotency: IdempotencyReservation, now: Date): QueryConfig {
  return {
    text: reserveKeys(
      `SELECT $1::uuid, $2::text, $3::uuid, $4::timestamptz + make_interval(hours => $5::int)`,
      '$4::timestamptz',
    ),
    values: [log.webhookId, idempotency.key, log.id, now, idempotency.windowHours],
  };
}

/** A member row as the transaction reads it, locked. */
export interface LockedMember {
  id: string;
  external_id: string;
  points: string;
  labels: string[];
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  opted_out: boolean;
}

const MEMBER_COLUMNS = 'id, external_id, points::text AS points, labels, email, first_name, last_name, opted_out';

export function lockMembersQuery(accountId: string, externalIds: readonly string[]): QueryConfig {
  return {
    text: `SELECT ${MEMBER_COLUMNS} FROM customers
      WHERE account_id = $1 AND external_id = ANY($2::text[])
      ORDER BY external_id COLLATE "C"
      FOR UPDATE`,
    values: [accountId, externalIds],
  };
}

/**
 * Inserts the members opt_in items enrol that were not found, bare (the items fill them in), in key order. One
 * created meanwhile by another transaction is locked and returned instead (DO UPDATE waits for it and locks it).
 */
export function insertMembersQuery(
  accountId: string,
  members: readonly { id: string; externalId: string }[],
): QueryConfig {
  return {
    text: `INSERT INTO customers AS c (id, account_id, external_id)
      SELECT n.id, $1::uuid, n.external_id
      FROM unnest($2::uuid[], $3::text[]) AS n(id, external_id)
      ORDER BY n.external_id COLLATE "C"
      ON CONFLICT (account_id, external_id) DO UPDATE SET updated_at = c.updated_at
      RETURNING ${MEMBER_COLUMNS}, (xmax = 0) AS created`,
    values: [accountId, members.map((m) => m.id), members.map((m) => m.externalId)],
  };
}

export function storedTransactionsQuery(memberIds: readonly string[], transactionIds: readonly string[]): QueryConfig {
  return {
    text: `SELECT customer_id, transaction_id FROM customer_events
      WHERE customer_id = ANY($1::uuid[]) AND action = 'checkout_accept' AND transaction_id = ANY($2::text[])`,
    values: [memberIds, transactionIds],
  };
}

/** A member's state while the items are decided; `enrolled` is false for a row inserted for a later opt_in. */
export interface MemberDraft {
  id: string;
  enrolled: boolean;
  points: bigint;
  labels: string[];
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  optedOut: boolean;
  touched: boolean;
}

const SCALE = 10_000n;
const MAX_SCALED = toScaled(MAX_BALANCE);

/** A decimal text with at most 4 decimals as an integer of ten-thousandths (exact). */
export function toScaled(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const value = BigInt(whole || '0') * SCALE + BigInt((fraction + '0000').slice(0, 4));
  return negative ? -value : value;
}

/** Ten-thousandths as the shortest decimal text (as `trim_scale(points)::text` prints it). */
export function fromScaled(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / SCALE}${fraction ? `.${fraction}` : ''}`;
}

export type ItemsDecision = { ok: true } | { ok: false; index: number; refusal: FanOutRefusal; balance: string };

/**
 * Decides every item in item order against the members' locked state, changing the drafts as each item would:
 * the same rules as the batch statement (a member must be enrolled, a balance stays within 0 and MAX_BALANCE, a
 * checkout_accept transaction is accepted once per member, also within the request) and as the enrolment (labels
 * within the limit). The first refusal ends it.
 */
export function decideItems(
  items: readonly FanOutItem[],
  members: Map<string, MemberDraft>,
  storedTransactions: Set<string>,
): ItemsDecision {
  for (const item of items) {
    const member = members.get(item.event.customerExternalId);
    const balance = member ? fromScaled(member.points) : '0';
    const refuse = (refusal: FanOutRefusal): ItemsDecision => ({ ok: false, index: item.index, refusal, balance });
    if (item.enrol) {
      if (!member) throw new Error(`The member of item ${item.index} was neither found nor inserted.`);
      const held = new Set(member.labels);
      const added = item.enrol.labels.filter((label) => !held.has(label));
      if (added.length > 0 && held.size + added.length > INGESTION_LIMITS.labelsPerMember)
        return refuse('TOO_MANY_LABELS');
      member.labels = [...member.labels, ...added];
      member.enrolled = true;
      member.optedOut = false;
    } else {
      if (!member || !member.enrolled) return refuse('CUSTOMER_NOT_FOUND');
      const points = member.points + toScaled(item.pointsDelta);
      if (points < 0n) return refuse('INSUFFICIENT_POINTS');
      if (points > MAX_SCALED) return refuse('BALANCE_LIMIT');
      if (item.event.action === 'checkout_accept' && item.event.transactionId !== null) {
        const key = `${member.id}\u0000${item.event.transactionId}`;
        if (storedTransactions.has(key)) return refuse('DUPLICATE_TRANSACTION');
        storedTransactions.add(key);
      }
      member.points = points;
      if (item.optedOut !== null) member.optedOut = item.optedOut;
    }
    member.email = item.email ?? member.email;
    member.firstName = item.firstName ?? member.firstName;
    member.lastName = item.lastName ?? member.lastName;
    member.touched = true;
  }
  return { ok: true };
}

export function updateMembersQuery(members: readonly MemberDraft[]): QueryConfig {
  const rows = members.map((m) => ({
    id: m.id,
    points: fromScaled(m.points),
    labels: m.labels,
    email: m.email,
    first_name: m.firstName,
    last_name: m.lastName,
    opted_out: m.optedOut,
  }));
  return {
    text: `UPDATE customers c SET points = u.points, labels = ARRAY(SELECT jsonb_array_elements_text(u.labels)),
        email = u.email, first_name = u.first_name, last_name = u.last_name, opted_out = u.opted_out,
        updated_at = now()
      FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, points numeric, labels jsonb, email text, first_name text,
        last_name text, opted_out boolean)
      WHERE c.id = u.id`,
    values: [JSON.stringify(rows)],
  };
}

export function insertEventsQuery(
  log: LogFields,
  items: readonly FanOutItem[],
  memberIds: Map<string, string>,
): QueryConfig {
  const rows = items.map((item) => ({
    id: item.event.id,
    customer_id: memberIds.get(item.event.customerExternalId),
    external_id: item.event.customerExternalId,
    action: item.event.action,
    data: item.event.data,
    transaction_id: item.event.transactionId,
    item_index: item.index,
  }));
  return {
    text: `INSERT INTO customer_events (id, account_id, customer_id, customer_external_id, action, data, transaction_id,
        webhook_id, request_log_id, created_at, item_index)
      SELECT e.id, $2::uuid, e.customer_id, e.external_id, e.action, e.data, e.transaction_id, $3::uuid, $4::uuid, now(),
        e.item_index
      FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, customer_id uuid, external_id text, action text, data jsonb,
        transaction_id text, item_index smallint)
      ORDER BY e.item_index`,
    values: [JSON.stringify(rows), log.accountId, log.webhookId, log.id],
  };
}

export function insertLogQuery(log: LogFields, response: LoggedResponse, eventId: string): QueryConfig {
  return {
    text: `INSERT INTO request_logs (${LOG_COLUMNS}, ${LOG_EXTRA_COLUMNS})
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19, $20,
        ${logExtraValues('$21')})
      RETURNING status_code, outcome, error_code, error, response_body, response_headers, event_id`,
    values: [
      log.id,
      log.accountId,
      log.webhookId,
      log.receivedAt,
      log.method,
      log.path,
      log.query,
      JSON.stringify(log.requestHeaders),
      log.requestBody,
      log.bodyTruncated,
      log.durationMs,
      response.statusCode,
      response.responseBody,
      JSON.stringify(response.responseHeaders),
      response.outcome,
      response.errorCode,
      response.error,
      eventId,
      log.idempotencyKey,
      log.customerExternalId ?? null,
      logExtras(log),
    ],
  };
}
