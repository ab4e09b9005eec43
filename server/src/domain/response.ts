/**
 * Response bodies for ingestion. A webhook's configured body is returned byte-for-byte; the defaults are
 * small JSON documents a sender's code can branch on.
 */

export interface ResponseBody {
  body: string;
}

function isConfigured(configured: string | null): configured is string {
  return configured !== null && configured.trim().length > 0;
}

/** The configured success body when there is one, else `{"ok":true,"eventId":"…"}`. */
export function successResponse(configured: string | null, eventId: string): ResponseBody {
  return { body: isConfigured(configured) ? configured : JSON.stringify({ ok: true, eventId }) };
}

/**
 * The body of an error response. `webhook` errors (400, 413, 415, 422) use the webhook's configured error body
 * when there is one; `generic` errors (404, 405, 503) never do, since they are not the webhook's to answer.
 * The default is `{"ok":false,"error":{"code":…,"message":…}}`, without `message` when it is empty.
 */
export function errorResponse(
  configured: string | null,
  code: string,
  message: string,
  kind: 'webhook' | 'generic',
): ResponseBody {
  if (kind === 'webhook' && isConfigured(configured)) return { body: configured };
  const error = message.length > 0 ? { code, message } : { code };
  return { body: JSON.stringify({ ok: false, error }) };
}
