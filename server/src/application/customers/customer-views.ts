import type { JsonObject } from '../../domain/types.js';

/** A loyalty member. Senders and admins know it by `externalId`; `internalId` only links rows inside Intake. */
export interface CustomerView {
  internalId: string;
  externalId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  labels: string[];
  /** The balance as a number (what most clients want; it may round the last decimals of very large balances). */
  points: number;
  /** The balance exactly, as a decimal string with four decimals as stored (e.g. "12.5000"). */
  pointsExact: string;
  optedOut: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerEventView {
  id: string;
  action: string;
  /** The member's external id, as the event carried it. */
  customerId: string;
  data: JsonObject;
  createdAt: Date;
  webhookId: string | null;
  requestLogId: string | null;
}
