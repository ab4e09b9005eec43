import { Errors } from './errors.js';
import type { VerificationScheme, WebhookStatus } from './types.js';

export const WEBHOOK_ACTIONS = ['EDIT', 'ACTIVATE', 'DEACTIVATE', 'ARCHIVE'] as const;
export type WebhookAction = (typeof WEBHOOK_ACTIONS)[number];

/** The whole lifecycle: what each status allows, and where each action leads. */
const TRANSITIONS: Record<WebhookStatus, Partial<Record<WebhookAction, WebhookStatus>>> = {
  INACTIVE: { EDIT: 'INACTIVE', ACTIVATE: 'ACTIVE', ARCHIVE: 'ARCHIVED' },
  ACTIVE: { EDIT: 'ACTIVE', DEACTIVATE: 'INACTIVE' },
  ARCHIVED: {},
};

const VERBS: Record<WebhookAction, string> = {
  EDIT: 'edit',
  ACTIVATE: 'activate',
  DEACTIVATE: 'deactivate',
  ARCHIVE: 'archive',
};

export function allowedActions(status: WebhookStatus): WebhookAction[] {
  return WEBHOOK_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
}

/** The status an action leads to, or INVALID_TRANSITION saying what the current status allows. */
export function transition(status: WebhookStatus, action: WebhookAction): WebhookStatus {
  const next = TRANSITIONS[status][action];
  if (next !== undefined) return next;
  const allowed = allowedActions(status).map((a) => VERBS[a]);
  const options =
    allowed.length === 0
      ? 'an archived webhook is final: nothing can be changed (its logs stay readable)'
      : `from ${status} you may ${joinWords(allowed)} it`;
  throw Errors.invalidTransition(`Cannot ${VERBS[action]} a webhook that is ${status}: ${options}.`);
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * Fail closed: a webhook that verifies its senders is activated only with a live secret to verify them with
 * (INVALID_TRANSITION otherwise, saying what to do). NONE is an explicit choice and needs none.
 */
export function assertActivatable(scheme: VerificationScheme, liveSecrets: number): void {
  if (scheme === 'NONE' || liveSecrets > 0) return;
  throw Errors.invalidTransition(
    `Cannot activate a webhook that verifies its senders with ${scheme} but has no live secret: every request would be refused. Add a secret (addWebhookSecret) and give it to the sender, or choose the scheme NONE to accept unverified requests, then activate.`,
  );
}
