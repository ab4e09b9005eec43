import type { JsonObject } from '../../domain/types.js';
import type { CustomerEntity, CustomerEventEntity } from '../../persistence/entities/index.js';

export interface CustomerView {
  memberId: string;
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  labels: string[];
  points: number;
  optedOut: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerEventView {
  id: string;
  action: string;
  customerId: string;
  data: JsonObject;
  createdAt: Date;
  webhookId: string | null;
  requestLogId: string | null;
}

export function toCustomerView(c: CustomerEntity): CustomerView {
  return {
    memberId: c.id,
    id: c.externalId,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    labels: c.labels,
    points: Number(c.points),
    optedOut: c.optedOut,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function toCustomerEventView(e: CustomerEventEntity): CustomerEventView {
  const webhook = e.webhook as unknown as { id: string } | string | null;
  return {
    id: e.id,
    action: e.action,
    customerId: e.customerExternalId,
    data: e.data,
    createdAt: e.createdAt,
    webhookId: webhook === null ? null : typeof webhook === 'string' ? webhook : webhook.id,
    requestLogId: e.requestLogId,
  };
}
