import type { WebhookRecord } from '../domain/webhook.js';
import type { WebhookEntity } from './entities/index.js';

export function toWebhookRecord(w: WebhookEntity): WebhookRecord {
  return {
    id: w.id,
    accountId: typeof w.account === 'string' ? w.account : w.account.id,
    name: w.name,
    method: w.method,
    endpoint: w.endpoint,
    status: w.status,
    filter: w.filter,
    action: w.action,
    mapping: w.mapping,
    successResponse: w.successResponse,
    errorResponse: w.errorResponse,
    version: w.version,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

export function settingsOf(w: WebhookEntity) {
  const {
    id: _id,
    accountId: _a,
    status: _s,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    ...settings
  } = toWebhookRecord(w);
  return settings;
}
