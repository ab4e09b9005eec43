import type { WebhookStatus } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import type { Page, PageRequest } from '../page.js';

export interface ListWebhooksInput extends PageRequest {
  status?: WebhookStatus | null;
  search?: string | null;
}

/** Admins see INACTIVE and ACTIVE unless they ask for a status; readers see ACTIVE only, whatever they ask. */
export async function listWebhooks(deps: Deps, actor: Actor, input: ListWebhooksInput): Promise<Page<WebhookRecord>> {
  const statuses: WebhookStatus[] =
    actor.role === 'READER'
      ? input.status && input.status !== 'ACTIVE'
        ? []
        : ['ACTIVE']
      : input.status
        ? [input.status]
        : ['INACTIVE', 'ACTIVE'];
  return deps.webhooks.listForAccount(actor.accountId, { ...input, statuses });
}
