import { timeOrderedUuid } from '../../domain/ids.js';
import {
  balanceLimitExceeded,
  decideEventEffect,
  duplicateTransaction,
  fillBalance,
  insufficientPoints,
  tooManyLabels,
} from '../../domain/event-rules.js';
import {
  finishWithRule,
  splitPathOf,
  type AcceptedRequest,
  type PipelineEvent,
  type PipelineSettings,
  type ProcessedRequest,
  type RejectedRequest,
  type RuleOutcome,
} from '../../domain/ingestion-pipeline.js';
import { customerNotFound, pointsDeltaText, unboundedMember, unstorableProblem } from './event-write.js';
import type { FanOutItem, FanOutResult } from './ports.js';

/**
 * The write of a split request (fan-out): every item planned with the pure event rules, as `planEventWrite` plans
 * one event; what depends on the members' stored state is decided by the store's transaction, item by item, and
 * turned back into the answer here. A refusal of any item refuses the whole request (422), its reason prefixed
 * with the item ("events[2]: …"). Two checkout_accept items of one member with one transaction id refuse it too.
 */
export type FanOutWrite =
  | { kind: 'rejected'; rejection: RejectedRequest }
  | { kind: 'fan-out'; items: FanOutItem[]; processed: ProcessedRequest };

/** Plans the items of an accepted split request (`accepted.events`, in item order). */
export function planFanOut(settings: PipelineSettings, accepted: AcceptedRequest): FanOutWrite {
  const refuse = (index: number, outcome: Refusal): FanOutWrite => ({
    kind: 'rejected',
    rejection: refuseItem(settings, accepted, index, outcome),
  });
  const items: FanOutItem[] = [];
  const transactions = new Set<string>();
  for (let index = 0; index < accepted.events.length; index++) {
    const { action, customer, data } = accepted.events[index];
    const storable = unstorableProblem(customer, data);
    if (storable) return refuse(index, { ok: false, code: 'INVALID_ATTRIBUTE', message: storable });
    const isOptIn = action === 'opt_in';
    const decision = decideEventEffect(action, { customer, data }, isOptIn ? null : unboundedMember(customer));
    if (!decision.ok) return refuse(index, decision);
    const effect = decision.effect;
    if (effect.transactionId !== undefined) {
      const key = `${customer}\u0000${effect.transactionId}`;
      if (transactions.has(key)) return refuse(index, duplicateTransaction(effect.transactionId, customer));
      transactions.add(key);
    }
    const transactionId = data.transaction_id;
    items.push({
      index,
      event: {
        id: timeOrderedUuid(),
        customerExternalId: customer,
        action,
        data,
        transactionId: typeof transactionId === 'string' ? transactionId : null,
      },
      pointsDelta: pointsDeltaText(effect.pointsDelta),
      email: effect.setProfile.email ?? null,
      firstName: effect.setProfile.firstName ?? null,
      lastName: effect.setProfile.lastName ?? null,
      optedOut: isOptIn ? false : (effect.setOptedOut ?? null),
      enrol: isOptIn ? { memberId: timeOrderedUuid(), labels: effect.addLabels } : null,
    });
  }
  const processed = finishWithRule(settings, accepted, { ok: true, eventId: items[0].event.id }) as ProcessedRequest;
  return { kind: 'fan-out', items, processed };
}

/** The answer to an item the store's transaction refused: the rule's refusal, named by its item. */
export function fanOutRefusal(
  settings: PipelineSettings,
  accepted: AcceptedRequest,
  items: readonly FanOutItem[],
  result: Extract<FanOutResult, { kind: 'refused' }>,
): RejectedRequest {
  const item = items.find((candidate) => candidate.index === result.index) ?? items[0];
  const event: PipelineEvent = accepted.events[item.index];
  const customer = event.customer;
  const points = Math.abs(Number(item.pointsDelta));
  let outcome: Refusal;
  switch (result.refusal) {
    case 'CUSTOMER_NOT_FOUND':
      outcome = customerNotFound(event);
      break;
    case 'INSUFFICIENT_POINTS': {
      const refusal = insufficientPoints(customer, points);
      outcome = { ok: false, code: refusal.code, message: fillBalance(refusal.message, result.balance) };
      break;
    }
    case 'BALANCE_LIMIT':
      outcome = balanceLimitExceeded(customer, points);
      break;
    case 'DUPLICATE_TRANSACTION':
      outcome = duplicateTransaction(item.event.transactionId ?? '', customer);
      break;
    case 'TOO_MANY_LABELS':
      outcome = tooManyLabels(customer);
      break;
  }
  return refuseItem(settings, accepted, item.index, outcome);
}

type Refusal = Extract<RuleOutcome, { ok: false }>;

/** The whole request refused for one item, the reason named by the item ("events[2]: …"). */
function refuseItem(
  settings: PipelineSettings,
  accepted: AcceptedRequest,
  index: number,
  outcome: Refusal,
): RejectedRequest {
  const path = splitPathOf(settings.splitOn ?? '');
  return finishWithRule(settings, accepted, {
    ...outcome,
    message: `${path}[${index}]: ${outcome.message}`,
  }) as RejectedRequest;
}
