import type { WebhookStatus } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { toWebhookRecord } from '../../persistence/mappers.js';
import type { Page } from '../../persistence/pagination.js';
import { listWebhooksForAccount } from '../../persistence/webhook-repository.js';
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';

export interface ListWebhooksInput {
  status?: WebhookStatus | null;
  search?: string | null;
  first?: number | null;
  after?: string | null;
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
  const page = await listWebhooksForAccount(deps.orm.em.fork(), actor.accountId, { ...input, statuses });
  return { ...page, nodes: page.nodes.map(toWebhookRecord) };
}
