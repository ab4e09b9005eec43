import type { WebhookSettings, WebhookStatus } from './types.js';

/** A stored webhook as the application hands it around. */
export interface WebhookRecord extends WebhookSettings {
  id: string;
  accountId: string;
  status: WebhookStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The ingestion URL shown to admins and senders. */
export function ingestionUrl(publicUrl: string, accountSlug: string, endpoint: string): string {
  return `${publicUrl}/webhooks/custom/${encodeURIComponent(accountSlug)}/${encodeURIComponent(endpoint)}`;
}
