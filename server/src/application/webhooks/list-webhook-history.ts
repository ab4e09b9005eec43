import type { FieldChange } from '../../domain/webhook-history.js';
import { WebhookChangeEntity } from '../../persistence/entities/index.js';
import { fetchKeysetPage, type Page } from '../../persistence/pagination.js';
import type { Deps } from '../deps.js';

export interface WebhookChangeView {
  id: string;
  changedAt: Date;
  actor: string;
  kind: string;
  version: number;
  changes: FieldChange[];
}

/** The change history of a webhook the caller already holds (so it is already scoped to the account). */
export async function listWebhookHistory(
  deps: Deps,
  webhookId: string,
  first?: number | null,
  after?: string | null,
): Promise<Page<WebhookChangeView>> {
  const qb = deps.orm.em.fork().createQueryBuilder(WebhookChangeEntity, 'c').where({ webhook: webhookId });
  const sort = { property: 'changedAt', column: 'c.changed_at', valueOf: (c: WebhookChangeEntity) => c.changedAt };
  return fetchKeysetPage(qb, sort, { first, after }, (c) => ({
    id: c.id,
    changedAt: c.changedAt,
    actor: c.actor,
    kind: c.kind,
    version: c.version,
    changes: c.changes,
  }));
}
