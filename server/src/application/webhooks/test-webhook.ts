import { createHash } from 'node:crypto';
import { isSecretCondition, REDACTED } from '../../domain/redaction.js';
import { decideEventEffect, duplicateTransaction, type MemberState } from '../../domain/event-rules.js';
import { Errors } from '../../domain/errors.js';
import type { ConditionTrace } from '../../domain/filter.js';
import { dryRunFilterTrace, type FilterTrace } from '../../domain/filter-trace.js';
import {
  answerOf,
  finishWithRule,
  type IdempotencyTrace,
  type ItemTrace,
  type PipelineAnswer,
  type PipelineTrace,
  type RuleOutcome,
  type VerificationTrace,
} from '../../domain/ingestion-pipeline.js';
import { parseFilterAttribute } from '../../domain/paths.js';
import type { HttpMethod, JsonValue, RequestOutcome, WebhookStatus } from '../../domain/types.js';
import { settingsOf, type WebhookRecord } from '../../domain/webhook.js';
import { applyPatch, type WebhookPatch } from '../../domain/webhook-patch.js';
import { normalise, validateWebhookPatch } from '../../domain/webhook-validation.js';
import { transition } from '../../domain/lifecycle.js';
import type { MappingTrace } from '../../domain/mapping.js';
import type { EventIssue } from '../../domain/conversion.js';
import { signatureHeaders, signForTest, verifySender, type LiveSecret } from '../../security/verification/index.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { expressionProgram, runPipelineWithExpressions } from '../ingestion/evaluate-pipeline.js';
import { getWebhook } from './get-webhook.js';
import { liveSecretValues } from './webhook-secrets.js';

export interface TestRequest {
  method?: HttpMethod | null;
  headers?: Record<string, string> | null;
  body: string;
  /**
   * Sign the sample server-side with the webhook's newest live secret, as a correct sender would (the signature
   * headers given are replaced). The secret and the signature never leave the server. Admins only.
   */
  signWithSecret?: boolean | null;
}

/** The verification step: verified, or which check failed (never the expected value). */
export interface VerificationStep extends VerificationTrace {
  /** The sample was signed server-side with the newest live secret. */
  signed: boolean;
}

/** The idempotency step: where the delivery id is read, what was found, and whether it was processed already. */
export interface IdempotencyStep extends IdempotencyTrace {
  /** Null when no delivery id was found. */
  alreadyProcessed: boolean | null;
  /** The request that processed it, while the key is remembered. */
  originalRequestId: string | null;
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
  /** The filter with its groups; NOT_EVALUATED with the reason when refused before it; null without a filter. */
  filterTrace: FilterTrace | null;
  mapping: MappingTrace[];
  mappedEvent: JsonValue | null;
  convertedEvent: JsonValue | null;
  issues: EventIssue[];
  /** A split sample: each item's mapping and conversion, up to the one refused; empty without splitOn. */
  items: ItemTrace[];
  /** The events the sample would register, in item order: none when refused. */
  events: JsonValue[];
  /** Null when the request was refused before its sender was checked (405, 413). */
  verification: VerificationStep | null;
  /** Null when the webhook has no idempotency or the request was refused before the delivery id was read. */
  idempotency: IdempotencyStep | null;
}

/** The dry-run event id: the real one is known only once stored. */
export const DRY_RUN_EVENT_ID = 'dry-run';

const EVERY_STATUS: readonly WebhookStatus[] = ['ACTIVE', 'INACTIVE', 'ARCHIVED'];

/**
 * Runs the ingestion pipeline and the event rules on a sample request without storing anything, and returns
 * what the sender would get with a trace of every step: the sender's verification with the webhook's live secrets
 * (optionally signing the sample with the newest one first), the delivery id and whether it was processed already
 * (a read-only look-up; a processed one predicts the DUPLICATE answer), filter, mapping (each expression with what
 * it computed), conversion and rules.
 * Works on inactive webhooks too, to test before activating.
 *
 * With a `draft` (an update's patch, admins only), the settings the patch would give are tested instead of the
 * saved ones: checked like an update (the same errors, under `draft.…`), and nothing is saved — so an active webhook
 * can be tested before its changes go live. The webhook's secrets stay the saved ones.
 */
export async function testWebhook(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  request: TestRequest,
  draft?: WebhookPatch | null,
): Promise<WebhookTestResult> {
  const saved = await getWebhook(deps, actor, webhookId);
  const webhook = draft ? withDraft(actor, saved, draft) : saved;
  const sign = request.signWithSecret === true;
  if (sign && actor.role !== 'ADMIN')
    throw Errors.forbidden("Only admins may sign a sample with the webhook's secret.");
  const now = new Date();
  const nowSeconds = now.getTime() / 1000;
  const config = webhook.verification;
  const secrets: LiveSecret[] =
    config.scheme === 'NONE' ? [] : await liveSecretValues(deps, actor.accountId, webhook.id, now);
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  headers['content-type'] ??= 'application/json';
  const rawBody = Buffer.from(request.body, 'utf8');
  const signed = sign && config.scheme !== 'NONE';
  // A delivery id the admin gave is kept (the idempotency step reads it); Standard Webhooks signs it.
  const id = headers['webhook-id'] ?? headers['svix-id'];
  if (signed) Object.assign(headers, signatureOf(webhook, secrets, rawBody, nowSeconds, id));

  // Expressions run in the same worker threads as ingestion's: an admin's runaway one stalls nothing either.
  const program = draft ? draftProgram(webhook) : expressionProgram(webhook);
  const result = await runPipelineWithExpressions(deps.expressions, program, webhook, {
    method: request.method ?? webhook.method,
    contentType: headers['content-type'],
    headers,
    rawBody: request.body,
    sender: {
      scheme: config.scheme,
      verify: () => verifySender(config, secrets, { headers, rawBody }, nowSeconds),
    },
  });
  const idempotency =
    result.trace.idempotency && (await idempotencyStep(deps, actor, webhook, result.trace.idempotency, now));
  let answer: DryRunAnswer;
  let trace: PipelineTrace = result.trace;
  const original = result.kind === 'accepted' && idempotency?.originalRequestId;
  if (original) {
    answer = await duplicateAnswer(deps, actor, original);
  } else {
    const final =
      result.kind === 'accepted'
        ? finishWithRule(webhook, result, await dryRunRules(deps, actor.accountId, result.event))
        : result;
    trace = final.trace;
    answer = answerOf(final);
  }
  const { extraHeaders, ...rest } = answer;
  // Headers that carry the credential: what the server signed with must not come back through the trace.
  const credentialHeaders = new Set(signatureHeaders(config));
  const shown = (condition: ConditionTrace) =>
    hideSecrets(condition, actor, signed && readsHeaderIn(condition.attribute, credentialHeaders));
  const filterTrace = dryRunFilterTrace(webhook.filter, trace.filter, answer.errorCode);
  return {
    ...rest,
    responseHeaders: extraHeaders,
    filterPassed: trace.filter ? trace.filter.passed : null,
    conditions: (trace.filter?.conditions ?? []).map(shown),
    filterTrace: filterTrace && { ...filterTrace, conditions: filterTrace.conditions.map(shown) },
    mapping: trace.mapping ?? [],
    mappedEvent: (trace.mappedEvent as JsonValue | null) ?? null,
    convertedEvent: (trace.convertedEvent as JsonValue | null) ?? null,
    issues: trace.issues,
    items: trace.items ?? [],
    // The rules are run on the first item only (its member's stored state); the others are shown converted.
    events:
      answer.outcome === 'PROCESSED' && result.kind === 'accepted' ? (result.events as unknown as JsonValue[]) : [],
    verification: trace.verification && { ...trace.verification, signed },
    idempotency,
  };
}

/** The saved webhook with an unsaved draft applied, refused as an update with the same patch would be. */
function withDraft(actor: Actor, webhook: WebhookRecord, draft: WebhookPatch): WebhookRecord {
  requireAdmin(actor);
  validateWebhookPatch(draft, 'draft');
  transition(webhook.status, 'EDIT');
  return { ...webhook, ...normalise(applyPatch(settingsOf(webhook), draft)) };
}

/**
 * Expressions are compiled once per program and row: a draft's program is named by its expressions, so that a
 * draft never runs what the saved version compiled, and the same draft tested again reuses its compilation.
 */
function draftProgram(webhook: WebhookRecord): string {
  const expressions = JSON.stringify(webhook.mapping.map((rule) => rule.expression ?? null));
  return `${webhook.id}@draft-${createHash('sha256').update(expressions).digest('base64url')}`;
}

/** The headers a correct sender would add, signed with the newest live secret. */
function signatureOf(
  webhook: WebhookRecord,
  secrets: readonly LiveSecret[],
  rawBody: Buffer,
  nowSeconds: number,
  id: string | undefined,
): Record<string, string> {
  const newest = secrets[0];
  if (!newest) {
    throw Errors.badInput(
      'request.signWithSecret',
      'This webhook has no live secret to sign the sample with; add one, or send your own signature headers.',
    );
  }
  try {
    const added = signForTest(webhook.verification, newest.value, rawBody, nowSeconds, id ? { id } : {});
    return Object.fromEntries(Object.entries(added).map(([name, value]) => [name.toLowerCase(), value]));
  } catch {
    // The message could quote the configuration's state, never the secret; still, say it in our own words.
    throw Errors.badInput(
      'request.signWithSecret',
      `The sample cannot be signed with this webhook's ${webhook.verification.scheme} settings and newest secret.`,
    );
  }
}

/**
 * Readers may test, but not learn the tokens an admin configured; a header the server signed the sample with is
 * shown to nobody (for BASIC_AUTH and API_KEY it is the secret itself).
 */
function hideSecrets(condition: ConditionTrace, actor: Actor, signedHeader: boolean): ConditionTrace {
  let shown = condition;
  if (actor.role !== 'ADMIN' && isSecretCondition(condition.attribute) && condition.expected !== undefined) {
    shown = { ...shown, expected: REDACTED };
  }
  if (signedHeader && shown.actual !== undefined && shown.actual !== null) shown = { ...shown, actual: REDACTED };
  return shown;
}

function readsHeaderIn(attribute: string, names: ReadonlySet<string>): boolean {
  const parsed = parseFilterAttribute(attribute);
  return parsed?.source === 'headers' && names.has(parsed.name);
}

/** Whether the delivery id found was processed already, while remembered: a read, nothing reserved. */
async function idempotencyStep(
  deps: Deps,
  actor: Actor,
  webhook: WebhookRecord,
  trace: IdempotencyTrace,
  now: Date,
): Promise<IdempotencyStep> {
  if (trace.value === null) return { ...trace, alreadyProcessed: null, originalRequestId: null };
  const processed = await deps.webhooks.findProcessedDelivery(actor.accountId, webhook.id, trace.value, now);
  return { ...trace, alreadyProcessed: processed !== null, originalRequestId: processed?.requestLogId ?? null };
}

/** An answer of the pipeline, or the repeated answer to a duplicate (which only storage gives in ingestion). */
type DryRunAnswer = Omit<PipelineAnswer, 'outcome' | 'errorCode'> & {
  outcome: RequestOutcome;
  errorCode: string | null;
};

/** What ingestion would answer: the original request's answer again, marked as a duplicate. */
async function duplicateAnswer(deps: Deps, actor: Actor, originalId: string): Promise<DryRunAnswer> {
  const [original] = await deps.requestLogs.findManyForAccount(actor.accountId, [originalId], EVERY_STATUS);
  const headers = {
    'X-Webhook-Error': 'DUPLICATE',
    'X-Webhook-Duplicate': 'true',
    'X-Webhook-Original-Request-Id': originalId,
  };
  return {
    statusCode: original?.statusCode ?? 200,
    outcome: 'DUPLICATE',
    errorCode: 'DUPLICATE',
    reason: `This delivery id was processed by request ${originalId}${original ? ` at ${original.receivedAt.toISOString()}` : ''}: a request with it registers nothing and gets that answer again.`,
    responseBody: original?.responseBody ?? '',
    extraHeaders: headers,
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
