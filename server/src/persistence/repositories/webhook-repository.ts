import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Page, PageRequest } from '../../application/page.js';
import type {
  WebhookChangeEntry,
  WebhookChangeView,
  WebhookListQuery,
  WebhookRepository,
  WebhookWrite,
} from '../../application/webhooks/webhook-repository.js';
import { Errors } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import type { WebhookSettings, WebhookStatus } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { AccountEntity, WebhookChangeEntity, WebhookEntity } from '../entities/index.js';
import { emptyPage, fetchKeysetPage } from '../pagination.js';
import { likePattern } from './like.js';

export function webhookRepository(orm: MikroORM): WebhookRepository {
  return {
    async findForAccount(accountId, id) {
      if (!isUuid(id)) return null;
      const webhook = await orm.em.fork().findOne(WebhookEntity, { id, account: accountId });
      return webhook && toWebhookRecord(webhook);
    },

    async findManyForAccount(accountId, ids) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const webhooks = await orm.em.fork().find(WebhookEntity, { id: { $in: valid }, account: accountId });
      return webhooks.map(toWebhookRecord);
    },

    async listForAccount(accountId, query: WebhookListQuery): Promise<Page<WebhookRecord>> {
      const qb = orm.em
        .fork()
        .createQueryBuilder(WebhookEntity, 'w')
        .where({ account: accountId, status: { $in: query.statuses } });
      const search = query.search?.trim();
      if (search) {
        const like = likePattern(search);
        qb.andWhere({ $or: [{ name: { $ilike: like } }, { endpoint: { $ilike: like } }] });
      }
      const sort = { property: 'createdAt', column: 'w.created_at', valueOf: (w: WebhookEntity) => w.createdAt };
      return fetchKeysetPage(qb, sort, query, toWebhookRecord);
    },

    async listChangesForAccount(accountId, webhookId, page: PageRequest): Promise<Page<WebhookChangeView>> {
      if (!isUuid(webhookId)) return emptyPage();
      const qb = orm.em
        .fork()
        .createQueryBuilder(WebhookChangeEntity, 'c')
        .join('c.webhook', 'w')
        .where({ 'w.id': webhookId, 'w.account': accountId });
      const sort = { property: 'changedAt', column: 'c.changed_at', valueOf: (c: WebhookChangeEntity) => c.changedAt };
      return fetchKeysetPage(qb, sort, page, toChangeView);
    },

    async create(accountId, settings: WebhookSettings & { status: WebhookStatus }, entry) {
      const em = orm.em.fork();
      const webhook = em.create(WebhookEntity, { ...settings, account: em.getReference(AccountEntity, accountId) });
      em.create(WebhookChangeEntity, { webhook, version: webhook.version, ...historyRow(entry) });
      try {
        await em.flush();
      } catch (error) {
        throw translateWriteError(error, settings.endpoint);
      }
      return toWebhookRecord(webhook);
    },

    async updateIfUnchanged(accountId, write: WebhookWrite) {
      const version = write.version + 1;
      try {
        return await orm.em.fork().transactional(async (tx) => {
          const updated = await tx.nativeUpdate(
            WebhookEntity,
            { id: write.id, account: accountId, version: write.version, status: { $in: write.statuses } },
            { ...write.set, version, updatedAt: write.updatedAt },
          );
          if (updated === 0) return false;
          tx.create(WebhookChangeEntity, {
            webhook: tx.getReference(WebhookEntity, write.id),
            version,
            ...historyRow(write.entry),
          });
          return true;
        });
      } catch (error) {
        throw translateWriteError(error, write.set.endpoint);
      }
    },
  };
}

function historyRow(entry: WebhookChangeEntry) {
  return { actor: entry.actor, kind: entry.kind, changes: entry.changes };
}

/** The partial unique index on (account, endpoint) of live webhooks is the only constraint a webhook write can hit. */
function translateWriteError(error: unknown, endpoint: string | undefined): unknown {
  if (error instanceof UniqueConstraintViolationException) {
    const which = endpoint === undefined ? 'This endpoint' : `The endpoint "${endpoint}"`;
    return Errors.conflict(`${which} is already used by another webhook of this account.`, 'input.endpoint');
  }
  return error;
}

function toWebhookRecord(w: WebhookEntity): WebhookRecord {
  return {
    id: w.id,
    accountId: w.account.id,
    name: w.name,
    method: w.method,
    endpoint: w.endpoint,
    status: w.status,
    filter: w.filter,
    action: w.action,
    mapping: w.mapping,
    successResponse: w.successResponse,
    errorResponse: w.errorResponse,
    version: w.version,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

function toChangeView(c: WebhookChangeEntity): WebhookChangeView {
  return { id: c.id, changedAt: c.changedAt, actor: c.actor, kind: c.kind, version: c.version, changes: c.changes };
}
