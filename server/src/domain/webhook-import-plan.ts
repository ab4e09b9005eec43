import { ValidationError } from './errors.js';
import { transition } from './lifecycle.js';
import { isSecretCondition } from './redaction.js';
import type { FilterGroup, JsonValue, WebhookSettings, WebhookStatus } from './types.js';
import {
  documentPath,
  isSecretPlaceholder,
  mapSecretValues,
  readWebhookDocument,
  SECRET_PLACEHOLDER_KEY,
  type DocumentEntry,
} from './webhook-document.js';
import { diffWebhook, type FieldChange } from './webhook-history.js';
import { validateWebhookSettings } from './webhook-validation.js';

/**
 * What importing a webhooks document (webhook-document.ts) into an account would do: each webhook of the document
 * is matched by endpoint with the account's webhooks that are not archived, and becomes a creation, an update of
 * the fields that differ, or nothing. Pure: the use case loads the targets and writes the plan.
 */

/** An existing webhook of the account, as the plan compares with it. */
export interface ImportTarget extends WebhookSettings {
  id: string;
  status: WebhookStatus;
  version: number;
  /** Sender secrets live now: what activation needs when the webhook verifies its senders. */
  liveSecrets: number;
}

interface Planned {
  endpoint: string;
  /** What the admin should know: a status the document asked for but activation does not allow yet, secrets to add. */
  notes: string[];
}

export type PlannedChange =
  | (Planned & {
      kind: 'CREATE';
      settings: WebhookSettings;
      status: WebhookStatus;
      /** Every field set, with the status: the history entry. */
      changes: FieldChange[];
    })
  | (Planned & {
      kind: 'UPDATE';
      target: ImportTarget;
      settings: WebhookSettings;
      status: WebhookStatus;
      /** The fields that differ, status included; filter secrets redacted (`diffWebhook`). */
      changes: FieldChange[];
    })
  | (Planned & { kind: 'UNCHANGED'; target: ImportTarget });

/**
 * The plan of a whole document, or a ValidationError with every problem of it (format and version, structure,
 * each webhook's settings through the checks of createWebhook, endpoints given twice, secret placeholders the
 * target has no value for), at paths inside the document (`document.webhooks.2.mapping.0.to`).
 *
 * Status: a document's status is applied through the lifecycle: ACTIVE activates a webhook only when it has what
 * activation requires (scheme NONE, or a live secret — which a new webhook never has, since secrets are not
 * exported); otherwise it stays or is created INACTIVE, and a note says why. Absent: INACTIVE for a new webhook,
 * the current status for an existing one.
 */
export function planWebhookImport(
  document: unknown,
  targets: readonly ImportTarget[],
  prefix = 'document',
): PlannedChange[] {
  const { entries, issues } = readWebhookDocument(document, prefix);
  const byEndpoint = new Map(targets.map((target) => [target.endpoint, target]));
  const seen = new Map<string, string>();
  const changes: PlannedChange[] = [];
  for (const entry of entries) {
    const endpoint = entry.settings.endpoint;
    const first = seen.get(endpoint);
    if (first !== undefined) {
      issues.push({
        field: `${entry.at}.endpoint`,
        message: `The endpoint "${endpoint}" is already given at ${first}: webhooks are matched by endpoint, so each appears once.`,
      });
      continue;
    }
    seen.set(endpoint, entry.at);
    const target = byEndpoint.get(endpoint) ?? null;
    const before = issues.length;
    const filter = resolvePlaceholders(entry, target, issues);
    if (issues.length > before) continue;
    let settings: WebhookSettings;
    try {
      settings = validateWebhookSettings({ ...entry.settings, filter }, entry.at);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues.map((issue) => ({ ...issue, field: documentPath(issue.field) })));
      continue;
    }
    changes.push(target ? planUpdate(entry, settings, target) : planCreate(entry, settings));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return changes;
}

function planCreate(entry: DocumentEntry, settings: WebhookSettings): PlannedChange {
  const notes: string[] = [];
  const scheme = settings.verification.scheme;
  let status: WebhookStatus = 'INACTIVE';
  if (entry.status === 'ACTIVE') {
    if (scheme === 'NONE') status = transition('INACTIVE', 'ACTIVATE');
    else notes.push(`Created INACTIVE: ${scheme} needs a live secret before activation.`);
  }
  if (scheme !== 'NONE') {
    notes.push('No secret yet (secrets are not exported): add one here (addWebhookSecret) and give it to the sender.');
  }
  const after = { ...settings, status };
  return { kind: 'CREATE', endpoint: settings.endpoint, settings, status, changes: diffWebhook({}, after), notes };
}

function planUpdate(entry: DocumentEntry, settings: WebhookSettings, target: ImportTarget): PlannedChange {
  const notes: string[] = [];
  const wanted = entry.status ?? target.status;
  let status = target.status;
  if (wanted !== target.status) {
    if (wanted === 'INACTIVE') status = transition(target.status, 'DEACTIVATE');
    else if (settings.verification.scheme === 'NONE' || target.liveSecrets > 0)
      status = transition(target.status, 'ACTIVATE');
    else
      notes.push(
        `Stays ${target.status}: ${settings.verification.scheme} needs a live secret before activation; add one (addWebhookSecret), then activate.`,
      );
  }
  const changes = diffWebhook(target, { ...settings, status });
  if (changes.length === 0) return { kind: 'UNCHANGED', endpoint: target.endpoint, target, notes };
  return { kind: 'UPDATE', endpoint: target.endpoint, target, settings, status, changes, notes };
}

/**
 * The document's filter with each secret placeholder replaced by the target's value of the same condition: the
 * n-th placeholder of an attribute and operator takes the n-th value the target's filter holds for them (so
 * moving conditions around keeps their values). A placeholder the target has no value for is a problem: the
 * import cannot invent a sender's token, and dropping the condition would open the webhook.
 */
function resolvePlaceholders(
  entry: DocumentEntry,
  target: ImportTarget | null,
  issues: { field: string; message: string }[],
): FilterGroup | null {
  const filter = entry.settings.filter;
  if (!filter) return filter;
  const available = new Map<string, JsonValue[]>();
  mapSecretValues(target?.filter ?? null, (condition) => {
    const key = conditionKey(condition.attribute, condition.operator);
    available.set(key, [...(available.get(key) ?? []), condition.value!]);
    return condition.value!;
  });
  const resolve = (group: FilterGroup, at: string): FilterGroup => ({
    join: group.join,
    conditions: group.conditions.map((condition, i) => {
      if (!isSecretPlaceholder(condition.value)) return condition;
      const valueAt = `${at}.conditions.${i}.value`;
      if (!isSecretCondition(condition.attribute)) {
        issues.push({
          field: valueAt,
          message: `{"${SECRET_PLACEHOLDER_KEY}": …} stands for the value of a secret condition (a header, or a body path named like a secret); "${condition.attribute}" is not one: write its value.`,
        });
        return condition;
      }
      const value = available.get(conditionKey(condition.attribute, condition.operator))?.shift();
      if (value === undefined) {
        issues.push({
          field: valueAt,
          message: target
            ? `The secret value of this ${condition.attribute} condition was not exported, and the webhook at "${target.endpoint}" has no ${condition.operator} condition on ${condition.attribute} to keep it from: write the value in its place (it is stored encrypted, and never exported).`
            : `The secret value of this ${condition.attribute} condition was not exported, and this account has no webhook at this endpoint to keep it from: write the value in its place (it is stored encrypted, and never exported).`,
        });
        return condition;
      }
      return { ...condition, value };
    }),
    groups: group.groups.map((sub, i) => resolve(sub, `${at}.groups.${i}`)),
  });
  return resolve(filter, `${entry.at}.filter`);
}

function conditionKey(attribute: string, operator: string): string {
  return `${attribute}\u0000${operator}`;
}
