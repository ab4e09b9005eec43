import type { PipelineSettings } from '../../domain/ingestion-pipeline.js';
import { filterHeaderNames } from '../../domain/redaction.js';
import type { WebhookStatus } from '../../domain/types.js';
import type { WebhookRouteRow } from './ports.js';

/** A webhook as the ingestion route needs it, prepared once per configuration version. */
export interface RoutedWebhook {
  id: string;
  accountId: string;
  status: WebhookStatus;
  version: number;
  /** Shared by every request: the filter engine caches compiled conditions by these objects. */
  settings: PipelineSettings;
  /** Lower-cased names of the headers the filter reads: redacted in stored logs. */
  filterHeaders: string[];
}

export interface WebhookCacheOptions {
  /** Loads the webhook a (slug, endpoint) resolves to, or null. */
  load(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null>;
  /**
   * Webhooks kept at most (oldest dropped first); as many unknown addresses are remembered apart, so that a
   * flood of made-up addresses cannot push real webhooks out of the cache.
   */
  maxEntries?: number;
  /**
   * Configuration reads running at once at most; more wait their turn. Reads share the ingestion pool with the
   * writes: a flood of addresses that miss the cache must not take every connection.
   */
  maxConcurrentLoads?: number;
}

/**
 * Webhook configurations by (account slug, endpoint), cached per process.
 *
 * Every change to a webhook is announced by a trigger (`pg_notify('intake_webhook_changed', id)`); the listener
 * calls `invalidate(id)`, which drops the entries of that webhook and every "nothing here" entry (a new webhook,
 * or an endpoint renamed onto an unknown address, has no entry to find by id). A load that raced with a
 * notification is used for its request but not cached. While the listener is not connected, nothing is cached
 * and every request reads the configuration: a missed notification could otherwise serve a stale one.
 */
export class WebhookCache {
  private readonly entries = new Map<string, RoutedWebhook>();
  private readonly unknown = new Set<string>();
  private readonly loading = new Map<string, Promise<RoutedWebhook | null>>();
  /** Fresh reads waiting for the key's running read to finish: later fresh reads join them. */
  private readonly nextFresh = new Map<string, Promise<RoutedWebhook | null>>();
  private readonly maxEntries: number;
  private readonly maxConcurrentLoads: number;
  private loadsRunning = 0;
  private readonly waitingForLoad: (() => void)[] = [];
  private generation = 0;
  private listening = false;

  constructor(private readonly options: WebhookCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxConcurrentLoads = options.maxConcurrentLoads ?? 4;
  }

  /**
   * The webhook a request address resolves to (possibly inactive or archived), or null. `fresh` answers from a
   * read that started after the call (and caches what it reads); concurrent fresh reads of one address share
   * one such read, so a flood of them costs one read at a time.
   */
  async resolve(accountSlug: string, endpoint: string, fresh = false): Promise<RoutedWebhook | null> {
    const key = `${accountSlug}\u0000${endpoint}`;
    if (fresh) return this.freshLoad(key, accountSlug, endpoint);
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    if (this.unknown.has(key)) return null;
    return this.loading.get(key) ?? this.load(key, accountSlug, endpoint);
  }

  /** A webhook changed (`null`: anything may have changed). */
  invalidate(webhookId: string | null): void {
    this.generation++;
    this.loading.clear();
    this.unknown.clear();
    if (webhookId === null) {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) {
      if (entry.id === webhookId) this.entries.delete(key);
    }
  }

  /** The listener's state: caching happens only while changes are being heard. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.invalidate(null);
  }

  /** Entries cached: webhooks and unknown addresses. */
  get size(): number {
    return this.entries.size + this.unknown.size;
  }

  private freshLoad(key: string, accountSlug: string, endpoint: string): Promise<RoutedWebhook | null> {
    const queued = this.nextFresh.get(key);
    if (queued) return queued;
    const running = this.loading.get(key);
    if (!running) return this.load(key, accountSlug, endpoint);
    const next = running
      .catch(() => null)
      .then(() => {
        this.nextFresh.delete(key);
        return this.load(key, accountSlug, endpoint);
      });
    this.nextFresh.set(key, next);
    return next;
  }

  private load(key: string, accountSlug: string, endpoint: string): Promise<RoutedWebhook | null> {
    const generation = this.generation;
    const load = this.withLoadSlot(() => this.options.load(accountSlug, endpoint)).then(
      (row) => {
        const routed = row && prepare(row);
        if (this.loading.get(key) === load) this.loading.delete(key);
        if (this.listening && generation === this.generation) this.remember(key, routed);
        return routed;
      },
      (error: unknown) => {
        if (this.loading.get(key) === load) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, load);
    return load;
  }

  private async withLoadSlot<T>(read: () => Promise<T>): Promise<T> {
    if (this.loadsRunning >= this.maxConcurrentLoads) {
      await new Promise<void>((resolve) => this.waitingForLoad.push(resolve));
    } else {
      this.loadsRunning++;
    }
    try {
      return await read();
    } finally {
      // The slot passes to the next waiting read, or is freed.
      const next = this.waitingForLoad.shift();
      if (next) next();
      else this.loadsRunning--;
    }
  }

  private remember(key: string, routed: RoutedWebhook | null): void {
    if (routed === null) {
      this.entries.delete(key);
      if (this.unknown.size >= this.maxEntries) {
        const oldest = this.unknown.values().next().value;
        if (oldest !== undefined) this.unknown.delete(oldest);
      }
      this.unknown.add(key);
      return;
    }
    this.unknown.delete(key);
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, routed);
  }
}

function prepare(row: WebhookRouteRow): RoutedWebhook {
  const settings: PipelineSettings = {
    method: row.method,
    filter: row.filter,
    action: row.action,
    mapping: row.mapping,
    successResponse: row.successResponse,
    errorResponse: row.errorResponse,
  };
  return {
    id: row.id,
    accountId: row.accountId,
    status: row.status,
    version: row.version,
    settings,
    filterHeaders: filterHeaderNames(row.filter),
  };
}
