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

/** The settings of a stored webhook: what a patch applies to. */
export function settingsOf(webhook: WebhookRecord): WebhookSettings {
  const { name, method, endpoint, filter, action, mapping, successResponse, errorResponse } = webhook;
  const { verification, idempotency, splitOn } = webhook;
  return {
    name,
    method,
    endpoint,
    filter,
    action,
    mapping,
    successResponse,
    errorResponse,
    verification,
    idempotency,
    splitOn: splitOn ?? null,
  };
}
