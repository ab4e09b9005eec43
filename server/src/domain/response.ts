import type { BalanceTemplate } from './event-rules.js';

/**
 * Response bodies for ingestion. A webhook's configured body is returned byte-for-byte; the defaults are
 * small JSON documents a sender's code can branch on.
 */

function isConfigured(configured: string | null): configured is string {
  return configured !== null && configured.trim().length > 0;
}

/** The configured success body when there is one, else `{"ok":true,"eventId":"…"}`. */
export function successResponse(configured: string | null, eventId: string): string {
  return isConfigured(configured) ? configured : JSON.stringify({ ok: true, eventId });
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
): string {
  if (kind === 'webhook' && isConfigured(configured)) return configured;
  const error = message.length > 0 ? { code, message } : { code };
  return JSON.stringify({ ok: false, error });
}

/**
 * The body of a webhook error whose message quotes the member's balance: the configured body as it is, or the
 * default body as a template whose slot lies inside the message's JSON string. JSON escapes each character on
 * its own, so encoding the text before and after the slot apart gives, once filled with a balance (digits, a
 * sign, a point), exactly `errorResponse` of the filled message.
 */
export function errorResponseWithBalance(
  configured: string | null,
  code: string,
  message: BalanceTemplate,
): string | BalanceTemplate {
  if (isConfigured(configured)) return configured;
  const openString = JSON.stringify(message.before).slice(0, -1);
  const closeString = JSON.stringify(message.after).slice(1);
  return {
    before: `{"ok":false,"error":{"code":${JSON.stringify(code)},"message":${openString}`,
    after: `${closeString}}}`,
  };
}
