import { isSecretCondition, REDACTED } from '../../domain/redaction.js';
import { decideEventEffect, duplicateTransaction, type MemberState } from '../../domain/event-rules.js';
import type { ConditionTrace } from '../../domain/filter.js';
import {
  answerOf,
  finishWithRule,
  runIngestionPipeline,
  type PipelineTrace,
  type RuleOutcome,
} from '../../domain/ingestion-pipeline.js';
import type { HttpMethod, JsonValue, RequestOutcome } from '../../domain/types.js';
import type { MappingTrace } from '../../domain/mapping.js';
import type { EventIssue } from '../../domain/conversion.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { getWebhook } from './get-webhook.js';

export interface TestRequest {
  method?: HttpMethod | null;
  headers?: Record<string, string> | null;
  body: string;
}

export interface WebhookTestResult {
  statusCode: number;
  outcome: RequestOutcome;
  errorCode: string | null;
  reason: string | null;
  responseBody: string;
  responseHeaders: Record<string, string>;
  filterPassed: boolean | null;
  conditions: ConditionTrace[];
  mapping: MappingTrace[];
  mappedEvent: JsonValue | null;
  convertedEvent: JsonValue | null;
  issues: EventIssue[];
}

/** The dry-run event id: the real one is known only once stored. */
export const DRY_RUN_EVENT_ID = 'dry-run';

/**
 * Runs the ingestion pipeline and the event rules on a sample request without storing anything, and returns
 * what the sender would get with a trace of every step. Works on inactive webhooks too, to test before activating.
 */
export async function testWebhook(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  request: TestRequest,
): Promise<WebhookTestResult> {
  const webhook = await getWebhook(deps, actor, webhookId);
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  headers['content-type'] ??= 'application/json';
  const result = runIngestionPipeline(webhook, {
    method: request.method ?? webhook.method,
    contentType: headers['content-type'],
    headers,
    rawBody: request.body,
  });
  const final =
    result.kind === 'accepted'
      ? finishWithRule(webhook, result, await dryRunRules(deps, actor.accountId, result.event))
      : result;
  const trace: PipelineTrace = final.trace;
  const { extraHeaders, ...answer } = answerOf(final);
  return {
    ...answer,
    responseHeaders: extraHeaders,
    filterPassed: trace.filter ? trace.filter.passed : null,
    // Readers may test, but not learn the tokens an admin configured.
    conditions: (trace.filter?.conditions ?? []).map((condition) =>
      actor.role !== 'ADMIN' && isSecretCondition(condition.attribute) && condition.expected !== undefined
        ? { ...condition, expected: REDACTED }
        : condition,
    ),
    mapping: trace.mapping ?? [],
    mappedEvent: (trace.mappedEvent as JsonValue | null) ?? null,
    convertedEvent: (trace.convertedEvent as JsonValue | null) ?? null,
    issues: trace.issues,
  };
}

/** The event rules against the member as stored now (read only), so the dry run predicts refusals too. */
async function dryRunRules(
  deps: Deps,
  accountId: string,
  event: { action: string; customer: string; data: Record<string, JsonValue> },
): Promise<RuleOutcome> {
  const member = await deps.customers.findByExternalId(accountId, event.customer);
  const state: MemberState | null = member && {
    externalId: member.externalId,
    email: member.email,
    firstName: member.firstName,
    lastName: member.lastName,
    labels: member.labels,
    points: member.points,
    optedOut: member.optedOut,
  };
  const decision = decideEventEffect(event.action, event, state);
  if (!decision.ok) return decision;
  const transactionId = decision.effect.transactionId;
  if (
    member &&
    event.action === 'checkout_accept' &&
    transactionId !== undefined &&
    (await deps.customers.hasAcceptedCheckout(accountId, member.internalId, transactionId))
  ) {
    return duplicateTransaction(transactionId, event.customer);
  }
  return { ok: true, eventId: DRY_RUN_EVENT_ID };
}
