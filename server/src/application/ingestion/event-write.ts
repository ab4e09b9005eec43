import { timeOrderedUuid } from '../../domain/ids.js';
import {
  balanceLimitExceeded,
  decideEventEffect,
  duplicateTransaction,
  insufficientPoints,
  tooManyLabels,
  type MemberState,
} from '../../domain/event-rules.js';
import {
  answerOf,
  answerWithBalance,
  finishWithRule,
  type AcceptedRequest,
  type PipelineAnswer,
  type PipelineEvent,
  type PipelineSettings,
  type ProcessedRequest,
  type RejectedRequest,
  type RuleOutcome,
} from '../../domain/ingestion-pipeline.js';
import type { JsonValue } from '../../domain/types.js';
import type { AnswerText, Enrolment, EventFields, MemberChange, MemberVerdict, ResponseVariant } from './ports.js';

/**
 * Turns an accepted event into what storage must do, deciding with the pure event rules everything that does
 * not depend on the member's stored state. What does (is the member enrolled, is the balance enough, was the
 * transaction accepted already) is decided by the storing statement itself, under the member's row lock, among
 * responses prepared here from the same rules — so the stored log and the answer agree, and no request needs a
 * second round trip whatever its outcome.
 */
export type EventWrite =
  | { kind: 'rejected'; rejection: RejectedRequest }
  | {
      kind: 'enrol';
      event: EventFields;
      enrolment: Omit<Enrolment, 'tooManyLabels'>;
      processed: ProcessedRequest;
      /** The answer when the member would hold too many labels (the statement knows the member's labels). */
      tooManyLabels: RejectedRequest;
    }
  | { kind: 'member'; event: EventFields; change: MemberChange; outcomes: MemberOutcomes };

/** The possible answers for an event on an existing member, by verdict; the balance is known only in SQL. */
export type MemberOutcomes = Partial<Record<MemberVerdict, PipelineAnswer<AnswerText>>>;

/** A member with room for anything: refusals the rules give it do not depend on the stored state. */
export function unboundedMember(customer: string): MemberState {
  return {
    externalId: customer,
    email: null,
    firstName: null,
    lastName: null,
    labels: [],
    points: Number.MAX_VALUE,
    optedOut: false,
  };
}

/** Plans the write of an accepted event. */
export function planEventWrite(settings: PipelineSettings, accepted: AcceptedRequest): EventWrite {
  const { action, customer, data } = accepted.event;
  const storable = unstorableProblem(customer, data);
  if (storable) return refuse(settings, accepted, { ok: false, code: 'INVALID_ATTRIBUTE', message: storable });

  const isOptIn = action === 'opt_in';
  const decision = decideEventEffect(action, accepted.event, isOptIn ? null : unboundedMember(customer));
  if (!decision.ok) return refuse(settings, accepted, decision);
  const effect = decision.effect;

  const delta = pointsDeltaText(effect.pointsDelta);

  const transactionId = data.transaction_id;
  const event: EventFields = {
    id: timeOrderedUuid(),
    customerExternalId: customer,
    action,
    data,
    transactionId: typeof transactionId === 'string' ? transactionId : null,
  };

  if (isOptIn) {
    return {
      kind: 'enrol',
      event,
      enrolment: {
        memberId: timeOrderedUuid(),
        email: effect.setProfile.email ?? null,
        firstName: effect.setProfile.firstName ?? null,
        lastName: effect.setProfile.lastName ?? null,
        labels: effect.addLabels,
      },
      processed: finishWithRule(settings, accepted, { ok: true, eventId: event.id }) as ProcessedRequest,
      tooManyLabels: finishWithRule(settings, accepted, tooManyLabels(customer)) as RejectedRequest,
    };
  }

  const outcomes: MemberOutcomes = {
    PROCESSED: answerOf(finishWithRule(settings, accepted, { ok: true, eventId: event.id })),
  };
  outcomes.CUSTOMER_NOT_FOUND = answerOf(finishWithRule(settings, accepted, customerNotFound(accepted.event)));
  if (effect.pointsDelta < 0) {
    outcomes.INSUFFICIENT_POINTS = answerWithBalance(settings, insufficientPoints(customer, -effect.pointsDelta));
  }
  if (effect.pointsDelta > 0) {
    outcomes.BALANCE_LIMIT = answerOf(
      finishWithRule(settings, accepted, balanceLimitExceeded(customer, effect.pointsDelta)),
    );
  }
  if (effect.transactionId !== undefined) {
    outcomes.DUPLICATE_TRANSACTION = answerOf(
      finishWithRule(settings, accepted, duplicateTransaction(effect.transactionId, customer)),
    );
  }
  return {
    kind: 'member',
    event,
    change: {
      pointsDelta: delta,
      email: effect.setProfile.email ?? null,
      firstName: effect.setProfile.firstName ?? null,
      lastName: effect.setProfile.lastName ?? null,
      optedOut: effect.setOptedOut ?? null,
    },
    outcomes,
  };
}

/** The balance change as the statement takes it: the rules refuse more than 4 decimals, so this is exact. */
export function pointsDeltaText(pointsDelta: number): string {
  return pointsDelta === 0 ? '0' : pointsDelta.toFixed(4);
}

/** The refusal of an event whose member is not enrolled (the rules' own, or the generic one). */
export function customerNotFound(event: PipelineEvent): Extract<RuleOutcome, { ok: false }> {
  const notFound = decideEventEffect(event.action, event, null);
  return notFound.ok
    ? { ok: false, code: 'CUSTOMER_NOT_FOUND', message: `customer "${event.customer}" is not enrolled` }
    : notFound;
}

/** The response variants as the statement takes them, with the headers every answer carries. */
export function responseVariants(
  outcomes: MemberOutcomes,
  headers: Record<string, string>,
): Partial<Record<MemberVerdict, ResponseVariant>> {
  const variants: Partial<Record<MemberVerdict, ResponseVariant>> = {};
  for (const [verdict, pending] of Object.entries(outcomes) as [MemberVerdict, PipelineAnswer<AnswerText>][]) {
    variants[verdict] = {
      statusCode: pending.statusCode,
      outcome: pending.outcome,
      errorCode: pending.errorCode,
      error: pending.reason,
      responseBody: pending.responseBody,
      responseHeaders: { ...headers, ...lowerCaseKeys(pending.extraHeaders) },
    };
  }
  return variants;
}

function refuse(settings: PipelineSettings, accepted: AcceptedRequest, outcome: RuleOutcome): EventWrite {
  return { kind: 'rejected', rejection: finishWithRule(settings, accepted, outcome) as RejectedRequest };
}

export function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  return lowered;
}

/**
 * Why an event cannot be stored as it is, or null: PostgreSQL text and jsonb hold neither NUL characters nor
 * unpaired surrogates (`"\u0000"`, `"\ud800"` are valid JSON escapes).
 */
export function unstorableProblem(customer: string, data: JsonValue): string | null {
  if (!storableText(customer))
    return 'customer: contains a NUL character or an unpaired surrogate, which cannot be stored';
  const path = unstorablePath(data, 'data');
  return path === null ? null : `${path}: contains a NUL character or an unpaired surrogate, which cannot be stored`;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL can store the text (no NUL character, no unpaired surrogate). */
export function storableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

function unstorablePath(value: JsonValue, path: string): string | null {
  if (typeof value === 'string') return storableText(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!storableText(key)) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
    const found = unstorablePath(value[key], `${path}.${key}`);
    if (found) return found;
  }
  return null;
}
