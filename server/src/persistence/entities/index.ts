import { AccountEntity } from './account.entity.js';
import { AdminUserEntity } from './admin-user.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { CustomerEventEntity } from './customer-event.entity.js';
import { CustomerEntity } from './customer.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { RequestLogEntity } from './request-log.entity.js';
import { SecretKeyCheckEntity } from './secret-key-check.entity.js';
import { SessionEntity } from './session.entity.js';
import { WebhookChangeEntity } from './webhook-change.entity.js';
import { WebhookSecretEntity } from './webhook-secret.entity.js';
import { WebhookEntity } from './webhook.entity.js';

export {
  AccountEntity,
  AdminUserEntity,
  ApiKeyEntity,
  CustomerEventEntity,
  CustomerEntity,
  IdempotencyKeyEntity,
  RequestLogEntity,
  SecretKeyCheckEntity,
  SessionEntity,
  WebhookChangeEntity,
  WebhookEntity,
  WebhookSecretEntity,
};

export const ENTITIES = [
  AccountEntity,
  AdminUserEntity,
  ApiKeyEntity,
  SessionEntity,
  WebhookEntity,
  WebhookChangeEntity,
  CustomerEntity,
  CustomerEventEntity,
  RequestLogEntity,
  WebhookSecretEntity,
  IdempotencyKeyEntity,
  SecretKeyCheckEntity,
];
