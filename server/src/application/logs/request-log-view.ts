import type { JsonObject } from '../../domain/types.js';
import type { RequestLogEntity } from '../../persistence/entities/request-log.entity.js';
import type { RequestOutcome } from '../../domain/types.js';

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
}

export function toRequestLogView(log: RequestLogEntity): RequestLogView {
  return {
    id: log.id,
    webhookId: typeof log.webhook === 'string' ? log.webhook : log.webhook.id,
    receivedAt: log.receivedAt,
    method: log.method,
    path: log.path,
    query: log.query,
    statusCode: log.statusCode,
    durationMs: log.durationMs,
    outcome: log.outcome,
    errorCode: log.errorCode,
    error: log.error,
    requestHeaders: log.requestHeaders,
    requestBody: log.requestBody,
    bodyTruncated: log.bodyTruncated,
    responseBody: log.responseBody,
    responseHeaders: log.responseHeaders,
    eventId: log.eventId,
  };
}
