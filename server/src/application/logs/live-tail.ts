import { Errors } from '../../domain/errors.js';
import type { WebhookStatus } from '../../domain/types.js';
import type { Actor } from '../actor.js';
import { webhookStatusesVisibleTo } from '../webhooks/visibility.js';
import type { Logger } from '../ingestion/ports.js';
import type { RequestLogRepository } from './request-log-repository.js';
import type { RequestLogView } from './request-log-view.js';

/** What one notification announces: the logs one statement committed, by webhook (see the change listener). */
export interface LoggedNotice {
  from: Date;
  to: Date;
  /** Per webhook, its new log ids, or null: "read its newest logs in the range" (too many to list). */
  webhooks: ReadonlyMap<string, readonly string[] | null>;
}

export interface LiveTailLimits {
  /** Live subscriptions of one account on one instance at most (each holds a socket and a queue). */
  perAccount: number;
  /** Logs waiting for a slow subscriber at most; older ones are dropped (the Logs list keeps them all). */
  queued: number;
  /** Logs read for a webhook whose notification listed no ids (a bulk insert): its newest this many. */
  unlisted: number;
}

export const DEFAULT_LIVE_TAIL_LIMITS: LiveTailLimits = { perAccount: 100, queued: 1_000, unlisted: 100 };

/**
 * The live tail on this instance: who follows which webhook, and the delivery of committed logs to them. Logs are
 * read only for webhooks someone here follows — one account-scoped query per account per notification — so that
 * instances without followers pay nothing but the notification. Deliveries run one after another, in the order
 * the notifications arrived.
 */
export class LiveTail {
  private readonly followers = new Map<string, Set<Follower>>();
  private readonly perAccount = new Map<string, number>();
  private delivering: Promise<void> = Promise.resolve();

  constructor(
    private readonly requestLogs: Pick<RequestLogRepository, 'findLoggedForWebhooks'>,
    private readonly logger: Logger,
    private readonly limits: LiveTailLimits = DEFAULT_LIVE_TAIL_LIMITS,
  ) {}

  /**
   * Starts following `webhookId` for `actor` (whose right to see it the caller checked): the logs committed from
   * now on, oldest first, until the iterator's `return()`.
   */
  follow(actor: Actor, webhookId: string): AsyncIterableIterator<RequestLogView> {
    const count = this.perAccount.get(actor.accountId) ?? 0;
    if (count >= this.limits.perAccount) {
      throw Errors.limitReached(
        `This account already has ${this.limits.perAccount} live subscriptions on this server; end one first.`,
        'webhookId',
      );
    }
    this.perAccount.set(actor.accountId, count + 1);
    const follower = new Follower(actor.accountId, webhookStatusesVisibleTo(actor.role), this.limits.queued, () => {
      const set = this.followers.get(webhookId);
      set?.delete(follower);
      if (set?.size === 0) this.followers.delete(webhookId);
      const left = (this.perAccount.get(actor.accountId) ?? 1) - 1;
      if (left > 0) this.perAccount.set(actor.accountId, left);
      else this.perAccount.delete(actor.accountId);
    });
    let set = this.followers.get(webhookId);
    if (!set) this.followers.set(webhookId, (set = new Set()));
    set.add(follower);
    return follower;
  }

  /** Whether any subscription on this instance follows a webhook now. */
  get following(): boolean {
    return this.followers.size > 0;
  }

  /** Live subscriptions on this instance (metrics, tests). */
  get size(): number {
    let total = 0;
    for (const set of this.followers.values()) total += set.size;
    return total;
  }

  /** Hands a notification's logs to their followers; resolves once delivered (tests await it). */
  deliver(notice: LoggedNotice): Promise<void> {
    this.delivering = this.delivering.then(() =>
      this.deliverNow(notice).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'live tail: new request logs could not be read; their followers miss them'),
      ),
    );
    return this.delivering;
  }

  /** Ends every subscription (the server closes). */
  close(): void {
    for (const set of [...this.followers.values()]) for (const follower of [...set]) follower.end();
  }

  private async deliverNow(notice: LoggedNotice): Promise<void> {
    // Followers see what their role may see (readers: active webhooks only, checked at each delivery, so that a
    // webhook deactivated meanwhile goes quiet for them). Per account and visibility, the webhooks followed here:
    // listed ids in one query, each unlisted webhook in one of its own.
    const listed = new Map<string, Audience & { webhookIds: string[]; ids: string[] }>();
    const unlisted: (Audience & { webhookId: string })[] = [];
    for (const [webhookId, ids] of notice.webhooks) {
      const set = this.followers.get(webhookId);
      if (!set) continue;
      const audiences = new Map<string, Audience>();
      for (const { accountId, statuses } of set)
        audiences.set(audienceKey(accountId, statuses), { accountId, statuses });
      for (const [key, audience] of audiences) {
        if (ids === null) {
          unlisted.push({ ...audience, webhookId });
          continue;
        }
        let entry = listed.get(key);
        if (!entry) listed.set(key, (entry = { ...audience, webhookIds: [], ids: [] }));
        entry.webhookIds.push(webhookId);
        entry.ids.push(...ids);
      }
    }
    const range = { from: notice.from, to: notice.to };
    const reads = [
      ...[...listed.values()].map(({ accountId, statuses, webhookIds, ids }) =>
        this.requestLogs
          .findLoggedForWebhooks(accountId, webhookIds, statuses, range, ids, ids.length)
          .then((logs) => ({ key: audienceKey(accountId, statuses), logs })),
      ),
      ...unlisted.map(({ accountId, statuses, webhookId }) =>
        this.requestLogs
          .findLoggedForWebhooks(accountId, [webhookId], statuses, range, null, this.limits.unlisted)
          .then((logs) => ({ key: audienceKey(accountId, statuses), logs })),
      ),
    ];
    for (const { key, logs } of await Promise.all(reads)) {
      // Read newest first; followers get them in the order they arrived.
      for (const log of logs.reverse()) {
        for (const follower of this.followers.get(log.webhookId) ?? []) {
          if (audienceKey(follower.accountId, follower.statuses) === key) follower.push(log);
        }
      }
    }
  }
}

/** Who may see what: followers of one account and one visibility share their reads. */
interface Audience {
  accountId: string;
  statuses: readonly WebhookStatus[];
}

const audienceKey = (accountId: string, statuses: readonly WebhookStatus[]) => `${accountId}:${statuses.join(',')}`;

/** Ids of the logs a follower was given lately, so that a range read (unlisted ids) repeats none of them. */
const REMEMBERED = 1_000;

/** One subscription: a bounded queue read as an async iterator. */
class Follower implements AsyncIterableIterator<RequestLogView> {
  private readonly queue: RequestLogView[] = [];
  private readonly given = new Set<string>();
  private waiting: ((result: IteratorResult<RequestLogView>) => void) | null = null;
  private ended = false;

  constructor(
    readonly accountId: string,
    /** The webhook statuses the follower's role sees. */
    readonly statuses: readonly WebhookStatus[],
    private readonly maxQueued: number,
    private readonly onEnd: () => void,
  ) {}

  push(log: RequestLogView): void {
    if (this.ended || this.given.has(log.id)) return;
    this.given.add(log.id);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.given.size > REMEMBERED) this.given.delete(this.given.values().next().value!);
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: log, done: false });
      return;
    }
    this.queue.push(log);
    if (this.queue.length > this.maxQueued) this.queue.shift();
  }

  next(): Promise<IteratorResult<RequestLogView>> {
    const log = this.queue.shift();
    if (log) return Promise.resolve({ value: log, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<RequestLogView>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    this.onEnd();
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RequestLogView> {
    return this;
  }
}
