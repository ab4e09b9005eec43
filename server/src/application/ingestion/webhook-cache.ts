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
  /** Entries kept at most (oldest dropped first); unknown addresses count too. */
  maxEntries?: number;
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
  private readonly entries = new Map<string, RoutedWebhook | null>();
  private readonly loading = new Map<string, Promise<RoutedWebhook | null>>();
  private readonly maxEntries: number;
  private generation = 0;
  private listening = false;

  constructor(private readonly options: WebhookCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /**
   * The webhook a request address resolves to (possibly inactive or archived), or null. `fresh` reads the
   * database even when an entry is cached (and caches what it reads).
   */
  async resolve(accountSlug: string, endpoint: string, fresh = false): Promise<RoutedWebhook | null> {
    const key = `${accountSlug}\u0000${endpoint}`;
    if (!fresh) {
      const cached = this.entries.get(key);
      if (cached !== undefined) return cached;
      const pending = this.loading.get(key);
      if (pending) return pending;
    }
    const generation = this.generation;
    const load = this.options.load(accountSlug, endpoint).then(
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

  /** A webhook changed (`null`: anything may have changed). */
  invalidate(webhookId: string | null): void {
    this.generation++;
    this.loading.clear();
    if (webhookId === null) {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) {
      if (entry === null || entry.id === webhookId) this.entries.delete(key);
    }
  }

  /** The listener's state: caching happens only while changes are being heard. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.invalidate(null);
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, routed: RoutedWebhook | null): void {
    if (this.entries.size >= this.maxEntries) {
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
