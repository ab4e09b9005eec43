import type { FieldChange } from '../../domain/webhook-history.js';
import { WebhookChangeEntity } from '../../persistence/entities/index.js';
import { decodeCursor, pageSize, toPage, type Page } from '../../persistence/pagination.js';
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
  deps: Deps, webhookId: string, first?: number | null, after?: string | null,
): Promise<Page<WebhookChangeView>> {
  const limit = pageSize(first);
  const cursor = decodeCursor(after);
  const qb = deps.orm.em.fork().createQueryBuilder(WebhookChangeEntity, 'c')
    .where({ webhook: webhookId })
    .orderBy({ changedAt: 'desc', id: 'desc' })
    .limit(limit + 1);
  if (cursor) qb.andWhere('(c.changed_at, c.id) < (?, ?)', [cursor.at, cursor.id]);
  const rows = await qb.getResultList();
  return toPage(rows, limit, (c) => ({ at: c.changedAt.toISOString(), id: c.id }), (c) => ({
    id: c.id, changedAt: c.changedAt, actor: c.actor, kind: c.kind, version: c.version, changes: c.changes,
  }));
}
