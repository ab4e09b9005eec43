import type { WebhookSettings, WebhookStatus } from '../../domain/types.js';
import type { FieldChange } from '../../domain/webhook-history.js';
import type { WebhookSecretSummary } from '../../domain/webhook-secrets.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import type { Page, PageRequest } from '../page.js';

export type WebhookChangeKind =
  | 'CREATED'
  | 'UPDATED'
  | 'ACTIVATED'
  | 'DEACTIVATED'
  | 'ARCHIVED'
  | 'SECRET_ADDED'
  | 'SECRET_REMOVED'
  /** Created or changed (settings and status in one entry) by importWebhooks. */
  | 'IMPORTED'
  /** Not changes of the configuration: a request replayed (replayRequest), a bulk replay started (replayRequests). */
  | 'REPLAYED'
  | 'REPLAY_STARTED';

/** A change-history entry. It is stored in the transaction of the change it describes, with the version it made. */
export interface WebhookChangeEntry {
  /** "user:<email>" or "api-key:<name>" */
  actor: string;
  kind: WebhookChangeKind;
  changes: FieldChange[];
}

export interface WebhookChangeView {
  id: string;
  changedAt: Date;
  actor: string;
  kind: string;
  version: number;
  changes: FieldChange[];
}

export interface WebhookListQuery extends PageRequest {
  statuses: WebhookStatus[];
  /** Part of the name or endpoint, case-insensitively. */
  search?: string | null;
}

/** A secret as the use case hands it to storage: already sealed (`SecretBox`), never the value. */
export interface NewWebhookSecret {
  id: string;
  sealed: string;
  hint: string;
  createdAt: Date;
}

/** What a write does to the webhook's secrets, in the transaction of its version bump. */
export type SecretChange =
  | {
      kind: 'add';
      secret: NewWebhookSecret;
      /** The older secrets still live then expire at this time at the latest (a rotation's grace period). */
      expireOthersAt: Date;
    }
  | { kind: 'remove'; secretId: string };

/** A live secret of one of several webhooks (`listLiveSecrets`). */
export interface WebhookSecretOf extends WebhookSecretSummary {
  webhookId: string;
}

/**
 * A compare-and-set write: it applies only while the stored webhook is still at `version` and in one of
 * `statuses`, and then makes version + 1 and stores `entry` in the same transaction.
 */
export interface WebhookWrite {
  id: string;
  version: number;
  statuses: WebhookStatus[];
  set: Partial<WebhookSettings> & { status?: WebhookStatus; archivedAt?: Date };
  updatedAt: Date;
  entry: WebhookChangeEntry;
  secrets?: SecretChange;
}

/** A webhook an import creates, with its history entry. */
export interface NewImportedWebhook {
  settings: WebhookSettings;
  status: WebhookStatus;
  entry: WebhookChangeEntry;
}

/** What an import writes: all of it in one transaction, or nothing. */
export interface WebhookBatch {
  creates: NewImportedWebhook[];
  updates: WebhookWrite[];
}

/**
 * Webhooks and their change history. Every finder and list takes the account first: another account's webhook is
 * simply not found. Writes that would give two live webhooks of an account the same endpoint throw CONFLICT.
 */
export interface WebhookRepository {
  findForAccount(accountId: string, id: string): Promise<WebhookRecord | null>;
  /** The webhooks among `ids` that exist in the account, in any order. */
  findManyForAccount(accountId: string, ids: readonly string[]): Promise<WebhookRecord[]>;
  /** Every webhook of the account that is not archived, oldest first (at most MAX_LIVE_WEBHOOKS of them). */
  listLiveForAccount(accountId: string): Promise<WebhookRecord[]>;
  /** How many webhooks of the account are not archived. */
  countLive(accountId: string): Promise<number>;
  /**
   * How many MATCHES conditions (nested groups included) the account's webhooks that are not archived hold in
   * their filters, leaving out `exceptWebhookId` (the webhook being updated) when given.
   */
  countLiveMatchesConditions(accountId: string, exceptWebhookId?: string): Promise<number>;
  /** Newest first, by keyset. */
  listForAccount(accountId: string, query: WebhookListQuery): Promise<Page<WebhookRecord>>;
  /** A webhook's change history, newest first. */
  listChangesForAccount(accountId: string, webhookId: string, page: PageRequest): Promise<Page<WebhookChangeView>>;
  /** Stores a new webhook at version 1 with its CREATED entry, in one transaction. */
  create(
    accountId: string,
    webhook: WebhookSettings & { status: WebhookStatus },
    entry: WebhookChangeEntry,
  ): Promise<WebhookRecord>;
  /** Applies a compare-and-set write; false (and nothing written) when the webhook changed meanwhile. */
  updateIfUnchanged(accountId: string, write: WebhookWrite): Promise<boolean>;
  /**
   * Creates and compare-and-set updates in one transaction. Returns the created webhooks, or null — and nothing
   * written — when a webhook to update changed meanwhile; an endpoint taken meanwhile is a CONFLICT.
   */
  applyBatch(accountId: string, batch: WebhookBatch): Promise<WebhookRecord[] | null>;
  /** The secrets of the webhooks among `webhookIds` that are live at `at`, newest first; never their values. */
  listLiveSecrets(accountId: string, webhookIds: readonly string[], at: Date): Promise<WebhookSecretOf[]>;
  /** One secret of a webhook, live or expired; null when the webhook or the secret is not in the account. */
  findSecret(accountId: string, webhookId: string, secretId: string): Promise<WebhookSecretSummary | null>;
  /** A webhook's secrets live at `at`, sealed, newest first: for signing a dry run's sample server-side. */
  findLiveSealedSecrets(accountId: string, webhookId: string, at: Date): Promise<{ id: string; sealed: string }[]>;
  /**
   * The request that processed the delivery id `key` on the webhook, while the key is still remembered at `at`;
   * null otherwise. Read only: the dry run's idempotency step (ingestion decides in its storing statement).
   */
  findProcessedDelivery(
    accountId: string,
    webhookId: string,
    key: string,
    at: Date,
  ): Promise<{ requestLogId: string; expiresAt: Date } | null>;
}
