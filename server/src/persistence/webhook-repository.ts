import type { EntityManager } from '@mikro-orm/postgresql';
import type { WebhookStatus } from '../domain/types.js';
import { isUuid } from '../application/actor.js';
import { WebhookEntity } from './entities/index.js';
import { decodeCursor, pageSize, toPage, type Page } from './pagination.js';

/** Finders take the account first: a webhook of another account is simply not found. */
export async function findWebhookForAccount(em: EntityManager, accountId: string, id: string): Promise<WebhookEntity | null> {
  if (!isUuid(id)) return null;
  return em.findOne(WebhookEntity, { id, account: accountId });
}

export interface WebhookListQuery {
  statuses: WebhookStatus[];
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

export async function listWebhooksForAccount(em: EntityManager, accountId: string, query: WebhookListQuery): Promise<Page<WebhookEntity>> {
  const limit = pageSize(query.first);
  const cursor = decodeCursor(query.after);
  const qb = em.createQueryBuilder(WebhookEntity, 'w')
    .where({ account: accountId, status: { $in: query.statuses } })
    .orderBy({ createdAt: 'desc', id: 'desc' })
    .limit(limit + 1);
  const search = query.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere({ $or: [{ name: { $ilike: like } }, { endpoint: { $ilike: like } }] });
  }
  if (cursor) {
    qb.andWhere('(w.created_at, w.id) < (?, ?)', [cursor.at, cursor.id]);
  }
  const rows = await qb.getResultList();
  return toPage(rows, limit, (w) => ({ at: w.createdAt.toISOString(), id: w.id }), (w) => w);
}
