import type { JsonObject, RequestOutcome } from '../../domain/types.js';

export interface RequestLogView {
  id: string;
  webhookId: string;
  receivedAt: Date;
  method: string;
  path: string;
  query: string | null;
  statusCode: number;
  durationMs: number;
  outcome: RequestOutcome;
  errorCode: string | null;
  error: string | null;
  requestHeaders: JsonObject;
  requestBody: string | null;
  bodyTruncated: boolean;
  responseBody: string;
  responseHeaders: JsonObject;
  eventId: string | null;
  /** The sender's delivery id (when the webhook has an idempotency key and the request carried it). */
  idempotencyKey: string | null;
  /** For a DUPLICATE: the log of the request that was processed. */
  duplicateOfId: string | null;
  /** The customer the request was mapped to, when it got that far (refusals by event rules too). */
  customerExternalId: string | null;
  /** For a replay: the log it replayed, and who replayed it. */
  replayOfId?: string | null;
  replayedBy?: string | null;
}
