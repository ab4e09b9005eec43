import type { EntityManager } from '@mikro-orm/postgresql';
import type { WebhookStatus } from '../domain/types.js';
import { isUuid } from '../application/actor.js';
import { WebhookEntity } from './entities/index.js';
import { fetchKeysetPage, type Page } from './pagination.js';

/** Finders take the account first: a webhook of another account is simply not found. */
export async function findWebhookForAccount(
  em: EntityManager,
  accountId: string,
  id: string,
): Promise<WebhookEntity | null> {
  if (!isUuid(id)) return null;
  return em.findOne(WebhookEntity, { id, account: accountId });
}

export interface WebhookListQuery {
  statuses: WebhookStatus[];
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

export async function listWebhooksForAccount(
  em: EntityManager,
  accountId: string,
  query: WebhookListQuery,
): Promise<Page<WebhookEntity>> {
  const qb = em.createQueryBuilder(WebhookEntity, 'w').where({ account: accountId, status: { $in: query.statuses } });
  const search = query.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere({ $or: [{ name: { $ilike: like } }, { endpoint: { $ilike: like } }] });
  }
  return fetchKeysetPage(
    qb,
    { property: 'createdAt', column: 'w.created_at', valueOf: (w) => w.createdAt },
    query,
    (w) => w,
  );
}
