import type { JsonValue, WebhookSettings } from './types.js';

export interface FieldChange {
  field: string;
  before: JsonValue;
  after: JsonValue;
}

const TRACKED_FIELDS: (keyof WebhookSettings | 'status')[] = [
  'name', 'method', 'endpoint', 'filter', 'action', 'mapping', 'successResponse', 'errorResponse', 'status',
];

type Snapshot = Partial<Record<keyof WebhookSettings | 'status', unknown>>;

/** The fields whose value differs between two snapshots of a webhook, with before and after. */
export function diffWebhook(before: Snapshot, after: Snapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    const a = toJson(before[field]);
    const b = toJson(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
