import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Page, PageRequest } from '../../application/page.js';
import type { SecretBox } from '../../application/secrets/secret-box.js';
import type {
  SecretChange,
  WebhookBatch,
  WebhookChangeEntry,
  WebhookChangeView,
  WebhookListQuery,
  WebhookRepository,
  WebhookSecretOf,
  WebhookWrite,
} from '../../application/webhooks/webhook-repository.js';
import { Errors } from '../../domain/errors.js';
import { openFilterSecrets, sealFilterSecrets } from '../../domain/filter-secrets.js';
import { isUuid } from '../../domain/ids.js';
import type { FilterGroup, WebhookSettings, WebhookStatus } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { AccountEntity, WebhookChangeEntity, WebhookEntity, WebhookSecretEntity } from '../entities/index.js';
import { emptyPage, fetchKeysetPage } from '../pagination.js';
import { likePattern } from './like.js';

/**
 * Webhooks over MikroORM. Filter tokens are sealed on the way in and opened on the way out (`secretBox`), so the
 * `filter` column never holds one in plain text and the application never sees a sealed one.
 */
export function webhookRepository(orm: MikroORM, secretBox: SecretBox): WebhookRepository {
  const seal = (filter: FilterGroup | null) => sealFilterSecrets(filter, (plain) => secretBox.seal(plain));
  const toWebhookRecord = (w: WebhookEntity): WebhookRecord => ({
    ...toRecordFields(w),
    filter: openFilterSecrets(w.filter, (sealed) => secretBox.open(sealed)),
  });
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

    async listLiveForAccount(accountId) {
      const webhooks = await orm.em
        .fork()
        .find(
          WebhookEntity,
          { account: accountId, status: { $ne: 'ARCHIVED' } },
          { orderBy: { createdAt: 'asc', id: 'asc' } },
        );
      return webhooks.map(toWebhookRecord);
    },

    async countLive(accountId) {
      return orm.em.fork().count(WebhookEntity, { account: accountId, status: { $ne: 'ARCHIVED' } });
    },

    async countLiveMatchesConditions(accountId, exceptWebhookId) {
      // Operators are stored in plain text (only secret values are sealed), so the count is one statement that
      // walks every group as `matchesConditionCount` (@intake/rules) does: conditions of a group, then its groups.
      const rows = await orm.em.getConnection().execute<{ count: number }[]>(
        `WITH RECURSIVE filter_groups (node) AS (
           SELECT w.filter FROM webhooks w
           WHERE w.account_id = ? AND w.status <> 'ARCHIVED' AND w.id IS DISTINCT FROM ?::uuid
             AND jsonb_typeof(w.filter) = 'object'
           UNION ALL
           SELECT sub FROM filter_groups, jsonb_array_elements(${arrayAt('node', 'groups')}) AS sub
           WHERE jsonb_typeof(sub) = 'object'
         )
         SELECT count(*)::int AS count
         FROM filter_groups, jsonb_array_elements(${arrayAt('node', 'conditions')}) AS c
         WHERE c ->> 'operator' = 'MATCHES'`,
        [accountId, exceptWebhookId && isUuid(exceptWebhookId) ? exceptWebhookId : null],
      );
      return rows[0]?.count ?? 0;
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
      const webhook = em.create(WebhookEntity, {
        ...settings,
        filter: seal(settings.filter),
        account: em.getReference(AccountEntity, accountId),
      });
      em.create(WebhookChangeEntity, { webhook, version: webhook.version, ...historyRow(entry) });
      try {
        await em.flush();
      } catch (error) {
        throw translateWriteError(error, settings.endpoint);
      }
      // The entity holds the sealed filter; the caller gave the plain one.
      return { ...toRecordFields(webhook), filter: settings.filter };
    },

    async updateIfUnchanged(accountId, write: WebhookWrite) {
      const version = write.version + 1;
      const set = write.set.filter === undefined ? write.set : { ...write.set, filter: seal(write.set.filter) };
      try {
        return await orm.em.fork().transactional(async (tx) => {
          const updated = await tx.nativeUpdate(
            WebhookEntity,
            { id: write.id, account: accountId, version: write.version, status: { $in: write.statuses } },
            { ...set, version, updatedAt: write.updatedAt },
          );
          if (updated === 0) return false;
          if (write.secrets) await applySecretChange(tx, accountId, write.id, write.secrets);
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

    async applyBatch(accountId, batch: WebhookBatch) {
      try {
        return await orm.em.fork().transactional(async (tx) => {
          for (const write of batch.updates) {
            const version = write.version + 1;
            const set = write.set.filter === undefined ? write.set : { ...write.set, filter: seal(write.set.filter) };
            const updated = await tx.nativeUpdate(
              WebhookEntity,
              { id: write.id, account: accountId, version: write.version, status: { $in: write.statuses } },
              { ...set, version, updatedAt: write.updatedAt },
            );
            // Thrown to roll back what this transaction wrote so far.
            if (updated === 0) throw new StaleBatch();
            tx.create(WebhookChangeEntity, {
              webhook: tx.getReference(WebhookEntity, write.id),
              version,
              ...historyRow(write.entry),
            });
          }
          const created = batch.creates.map(({ settings, status, entry }) => {
            const webhook = tx.create(WebhookEntity, {
              ...settings,
              status,
              filter: seal(settings.filter),
              account: tx.getReference(AccountEntity, accountId),
            });
            tx.create(WebhookChangeEntity, { webhook, version: webhook.version, ...historyRow(entry) });
            return { webhook, filter: settings.filter };
          });
          await tx.flush();
          return created.map(({ webhook, filter }) => ({ ...toRecordFields(webhook), filter }));
        });
      } catch (error) {
        if (error instanceof StaleBatch) return null;
        if (error instanceof UniqueConstraintViolationException) {
          throw Errors.conflict(
            'An endpoint of the document was taken meanwhile by another webhook of this account: run the import again.',
            'document.webhooks',
          );
        }
        throw error;
      }
    },

    async listLiveSecrets(accountId, webhookIds, at): Promise<WebhookSecretOf[]> {
      const valid = webhookIds.filter(isUuid);
      if (valid.length === 0) return [];
      const secrets = await orm.em
        .fork()
        .find(
          WebhookSecretEntity,
          { account: accountId, webhook: { $in: valid }, $or: [{ expiresAt: null }, { expiresAt: { $gt: at } }] },
          { orderBy: { createdAt: 'desc', id: 'desc' } },
        );
      return secrets.map((secret) => ({ ...toSecretSummary(secret), webhookId: secret.webhook.id }));
    },

    async findSecret(accountId, webhookId, secretId) {
      if (!isUuid(webhookId) || !isUuid(secretId)) return null;
      const secret = await orm.em
        .fork()
        .findOne(WebhookSecretEntity, { id: secretId, webhook: webhookId, account: accountId });
      return secret && toSecretSummary(secret);
    },

    async findLiveSealedSecrets(accountId, webhookId, at) {
      if (!isUuid(webhookId)) return [];
      const secrets = await orm.em
        .fork()
        .find(
          WebhookSecretEntity,
          { account: accountId, webhook: webhookId, $or: [{ expiresAt: null }, { expiresAt: { $gt: at } }] },
          { orderBy: { createdAt: 'desc', id: 'desc' }, fields: ['id', 'ciphertext'] },
        );
      return secrets.map((secret) => ({ id: secret.id, sealed: secret.ciphertext }));
    },

    async findProcessedDelivery(accountId, webhookId, key, at) {
      if (!isUuid(webhookId)) return null;
      const rows = await orm.em.getConnection().execute<{ request_log_id: string; expires_at: Date }[]>(
        `SELECT k.request_log_id, k.expires_at
         FROM idempotency_keys k
         JOIN webhooks w ON w.id = k.webhook_id
         JOIN request_logs l ON l.id = k.request_log_id AND l.outcome = 'PROCESSED'
         WHERE w.account_id = ? AND k.webhook_id = ? AND k.key = ? AND k.expires_at > ?`,
        [accountId, webhookId, key, at],
      );
      const row = rows[0];
      return row ? { requestLogId: row.request_log_id, expiresAt: new Date(row.expires_at) } : null;
    },
  };
}

/** A batch's update found its webhook changed: the transaction is rolled back. */
class StaleBatch extends Error {}

/**
 * A secret added or removed in the transaction that bumped the webhook's version. On a rotation the older live
 * secrets keep verifying until `expireOthersAt`, or their own earlier expiry.
 */
async function applySecretChange(
  tx: EntityManager,
  accountId: string,
  webhookId: string,
  change: SecretChange,
): Promise<void> {
  if (change.kind === 'remove') {
    await tx.nativeDelete(WebhookSecretEntity, { id: change.secretId, webhook: webhookId, account: accountId });
    return;
  }
  await tx.nativeUpdate(
    WebhookSecretEntity,
    {
      webhook: webhookId,
      account: accountId,
      $or: [{ expiresAt: null }, { expiresAt: { $gt: change.expireOthersAt } }],
    },
    { expiresAt: change.expireOthersAt },
  );
  tx.create(WebhookSecretEntity, {
    id: change.secret.id,
    account: tx.getReference(AccountEntity, accountId),
    webhook: tx.getReference(WebhookEntity, webhookId),
    ciphertext: change.secret.sealed,
    hint: change.secret.hint,
    createdAt: change.secret.createdAt,
  });
}

/** The array under `key` of a JSON object, or an empty one when it is absent or not an array (SQL text). */
function arrayAt(node: string, key: 'groups' | 'conditions'): string {
  return `CASE WHEN jsonb_typeof(${node} -> '${key}') = 'array' THEN ${node} -> '${key}' ELSE '[]'::jsonb END`;
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

/** Every field but the filter, which is opened with the repository's SecretBox. */
function toRecordFields(w: WebhookEntity): Omit<WebhookRecord, 'filter'> {
  return {
    id: w.id,
    accountId: w.account.id,
    name: w.name,
    method: w.method,
    endpoint: w.endpoint,
    status: w.status,
    action: w.action,
    mapping: w.mapping,
    successResponse: w.successResponse,
    errorResponse: w.errorResponse,
    verification: w.verification,
    idempotency: w.idempotency,
    splitOn: w.splitOn,
    version: w.version,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

function toChangeView(c: WebhookChangeEntity): WebhookChangeView {
  return { id: c.id, changedAt: c.changedAt, actor: c.actor, kind: c.kind, version: c.version, changes: c.changes };
}

function toSecretSummary(secret: WebhookSecretEntity) {
  return { id: secret.id, hint: secret.hint, createdAt: secret.createdAt, expiresAt: secret.expiresAt };
}
