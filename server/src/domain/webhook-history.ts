import { WEBHOOK_SETTINGS_FIELDS } from '@intake/rules';
import { redactFilterSecrets } from './redaction.js';
import type { FilterGroup, JsonValue, WebhookSettings } from './types.js';
import type { WebhookSecretSummary } from './webhook-secrets.js';

export interface FieldChange {
  field: string;
  before: JsonValue;
  after: JsonValue;
}

const TRACKED_FIELDS: (keyof WebhookSettings | 'status')[] = [...WEBHOOK_SETTINGS_FIELDS, 'status'];

type Snapshot = Partial<Record<keyof WebhookSettings | 'status', unknown>>;

/** The fields whose value differs between two snapshots of a webhook, with before and after. */
export function diffWebhook(before: Snapshot, after: Snapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    const a = toJson(before[field]);
    const b = toJson(after[field]);
    if (canonicalText(a) === canonicalText(b)) continue;
    // The history is read by every admin for as long as the webhook exists: filter secrets (sender tokens) stay out.
    changes.push(
      field === 'filter'
        ? { field, before: redactFilterJson(a), after: redactFilterJson(b) }
        : { field, before: a, after: b },
    );
  }
  return changes;
}

/**
 * JSON text with object keys sorted: the stored side comes back from jsonb columns, which keep keys in an order of
 * their own, so the same settings must not read as a change.
 */
function canonicalText(value: JsonValue): string {
  return JSON.stringify(value, (_key, item: JsonValue) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function redactFilterJson(filter: JsonValue): JsonValue {
  return redactFilterSecrets(filter as unknown as FilterGroup | null) as unknown as JsonValue;
}

/**
 * A change of a webhook's live secrets as the history shows it: the list before and after, each secret by id, hint
 * and dates. The values never appear (they are not even at hand here).
 */
export function secretsChange(
  before: readonly WebhookSecretSummary[],
  after: readonly WebhookSecretSummary[],
): FieldChange {
  const list = (secrets: readonly WebhookSecretSummary[]): JsonValue =>
    secrets.map((secret) => ({
      id: secret.id,
      hint: secret.hint,
      createdAt: secret.createdAt.toISOString(),
      expiresAt: secret.expiresAt?.toISOString() ?? null,
    }));
  return { field: 'secrets', before: list(before), after: list(after) };
}
