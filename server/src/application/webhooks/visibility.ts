import type { Role, WebhookStatus } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';

const ALL: readonly WebhookStatus[] = ['INACTIVE', 'ACTIVE', 'ARCHIVED'];
const ACTIVE_ONLY: readonly WebhookStatus[] = ['ACTIVE'];

/** Readers see active webhooks only, like the Display API, and only what hangs off them (logs); admins see all. */
export function webhookStatusesVisibleTo(role: Role): readonly WebhookStatus[] {
  return role === 'READER' ? ACTIVE_ONLY : ALL;
}

export function isVisibleTo(role: Role, webhook: WebhookRecord): boolean {
  return webhookStatusesVisibleTo(role).includes(webhook.status);
}
