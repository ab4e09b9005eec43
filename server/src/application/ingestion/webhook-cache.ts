import { performance } from 'node:perf_hooks';
import type { PipelineSettings } from '../../domain/ingestion-pipeline.js';
import { filterHeaderNames } from '../../domain/redaction.js';
import type { WebhookStatus } from '../../domain/types.js';
import { signatureHeaders, type VerificationConfig } from '../../security/verification/index.js';
import { NO_CACHE_OBSERVER, type CacheObserver } from './observer.js';
import type { RouteSecret, WebhookRouteRow } from './ports.js';

/** A webhook as the ingestion route needs it, prepared once per configuration version. */
export interface RoutedWebhook {
  id: string;
  accountId: string;
  status: WebhookStatus;
  version: number;
  /** Shared by every request: the filter engine caches compiled conditions by these objects. */
  settings: PipelineSettings;
  /** How the sender is verified (never a secret). */
  verification: VerificationConfig;
  /** The webhook's secrets, opened once per configuration version; whether each is live is checked per request. */
  secrets: readonly RouteSecret[];
  /**
   * Lower-cased names of the headers redacted in stored logs beyond the usual ones: those the filter reads and
   * those that carry the sender's credential under the webhook's scheme.
   */
  secretHeaders: string[];
}

export interface WebhookCacheOptions {
  /** Loads the webhook a (slug, endpoint) resolves to, or null. */
  load(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null>;
  /** Told of hits, misses and invalidations (metrics). */
  observer?: CacheObserver;
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
  /** Reads waiting for their turn at most; past it, `resolve` throws ConfigurationReadsBusy at once. */
  maxQueuedLoads?: number;
  /** Milliseconds on a monotonic clock (tests may drive it). */
  now?: () => number;
}

/** Lists the endpoints (any status) of the account with this slug, or null when there is no such account. */
export type EndpointLister = (accountSlug: string) => Promise<readonly string[] | null>;

/** Too many configuration reads are waiting already: the request is answered 503 at once, not queued. */
export class ConfigurationReadsBusy extends Error {
  constructor() {
    super('Too many configuration reads are waiting.');
  }
}

/** A directory read that takes longer is not waited for: the address is read on its own instead. */
const DIRECTORY_WAIT_MS = 2_000;
/**
 * A fresh read may answer from a read that started this shortly before it: a flood of requests to an inactive
 * webhook then costs ten reads a second at most, while a webhook activated a moment ago is still found at once
 * (its notification takes longer than this to be missed).
 */
const FRESH_ENOUGH_MS = 100;

/**
 * Webhook configurations by (account slug, endpoint), cached per process.
 *
 * Every change to a webhook is announced by a trigger (`pg_notify('intake_webhook_changed', id)`); the listener
 * calls `invalidate(id)`, which drops the entries of that webhook and every "nothing here" entry (a new webhook,
 * or an endpoint renamed onto an unknown address, has no entry to find by id). A load that raced with a
 * notification is used for its request but not cached. While the listener is not connected, nothing is cached
 * and every request reads the configuration: a missed notification could otherwise serve a stale one.
 *
 * With a directory (`useDirectory`), the endpoints of each account are listed once (one read per account and
 * change): an address whose account or endpoint is not listed is unknown without a read of its own, so that a
 * flood of made-up addresses costs nothing once its account is listed. Reads run a few at a time, and past a
 * bounded queue the cache refuses rather than wait.
 */
export class WebhookCache {
  private readonly entries = new Map<string, RoutedWebhook>();
  /** When the read behind each cached webhook started. */
  private readonly readAt = new Map<string, number>();
  private readonly unknown = new Set<string>();
  private readonly loading = new Map<string, Promise<RoutedWebhook | null>>();
  /** Fresh reads waiting for the key's running read to finish: later fresh reads join them. */
  private readonly nextFresh = new Map<string, Promise<RoutedWebhook | null>>();
  private readonly maxEntries: number;
  private readonly maxConcurrentLoads: number;
  private readonly maxQueuedLoads: number;
  private loadsRunning = 0;
  private readonly waitingForLoad: (() => void)[] = [];
  private listEndpoints: EndpointLister | null = null;
  /** Endpoints by account slug (null: no such account). */
  private readonly directories = new Map<string, ReadonlySet<string> | null>();
  private readonly directoryLoading = new Map<string, Promise<ReadonlySet<string> | null | undefined>>();
  private generation = 0;
  private listening = false;
  private readonly now: () => number;
  private readonly observer: CacheObserver;

  constructor(private readonly options: WebhookCacheOptions) {
    this.observer = options.observer ?? NO_CACHE_OBSERVER;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxConcurrentLoads = options.maxConcurrentLoads ?? 4;
    this.maxQueuedLoads = options.maxQueuedLoads ?? 256;
    this.now = options.now ?? (() => performance.now());
  }

  /** Answers unknown addresses from a list of each account's endpoints (see the class comment). */
  useDirectory(listEndpoints: EndpointLister): void {
    this.listEndpoints = listEndpoints;
    this.invalidate(null);
  }

  /**
   * The webhook a request address resolves to (possibly inactive or archived), or null. `fresh` answers from a
   * read that started after the call, or at most FRESH_ENOUGH_MS before it (and caches what it reads);
   * concurrent fresh reads of one address share one such read.
   */
  async resolve(accountSlug: string, endpoint: string, fresh = false): Promise<RoutedWebhook | null> {
    const key = `${accountSlug}\u0000${endpoint}`;
    if (fresh) return this.freshLoad(key, accountSlug, endpoint);
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.observer.hit();
      return cached;
    }
    if (this.unknown.has(key)) {
      this.observer.hit();
      return null;
    }
    this.observer.miss();
    const pending = this.loading.get(key);
    if (pending) return pending;
    if (this.listEndpoints !== null && this.listening) {
      const endpoints = await this.endpointsOf(accountSlug);
      // undefined: the directory could not be read; the address is read on its own.
      if (endpoints === null || endpoints?.has(endpoint) === false) return null;
      const loaded = this.entries.get(key);
      if (loaded !== undefined) return loaded;
    }
    return this.loading.get(key) ?? this.load(key, accountSlug, endpoint);
  }

  /** A webhook changed (`null`: anything may have changed). */
  invalidate(webhookId: string | null): void {
    this.observer.invalidated();
    this.generation++;
    this.loading.clear();
    this.unknown.clear();
    this.directories.clear();
    this.directoryLoading.clear();
    if (webhookId === null) {
      this.entries.clear();
      this.readAt.clear();
      return;
    }
    // An archived webhook's address is free: the webhook that changed may have just taken it over.
    for (const [key, entry] of this.entries) {
      if (entry.id !== webhookId && entry.status !== 'ARCHIVED') continue;
      this.entries.delete(key);
      this.readAt.delete(key);
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
    const cached = this.entries.get(key);
    const readAt = this.readAt.get(key);
    if (cached !== undefined && readAt !== undefined && this.now() - readAt < FRESH_ENOUGH_MS) {
      return Promise.resolve(cached);
    }
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
    let startedAt = 0;
    const load = this.withLoadSlot(() => {
      startedAt = this.now();
      return this.options.load(accountSlug, endpoint);
    }).then(
      (row) => {
        const routed = row && prepare(row);
        if (this.loading.get(key) === load) this.loading.delete(key);
        if (this.listening && generation === this.generation) this.remember(key, routed, startedAt);
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

  private endpointsOf(accountSlug: string): Promise<ReadonlySet<string> | null | undefined> {
    const known = this.directories.get(accountSlug);
    if (known !== undefined) return Promise.resolve(known);
    const pending = this.directoryLoading.get(accountSlug);
    if (pending) return pending;
    const list = this.listEndpoints!;
    const generation = this.generation;
    const load = this.withLoadSlot(() => withinMs(DIRECTORY_WAIT_MS, list(accountSlug))).then(
      (endpoints) => {
        const directory = endpoints && new Set(endpoints);
        if (this.directoryLoading.get(accountSlug) === load) this.directoryLoading.delete(accountSlug);
        if (this.listening && generation === this.generation) this.rememberDirectory(accountSlug, directory);
        return directory;
      },
      (error: unknown) => {
        if (this.directoryLoading.get(accountSlug) === load) this.directoryLoading.delete(accountSlug);
        if (error instanceof ConfigurationReadsBusy) throw error;
        return undefined;
      },
    );
    this.directoryLoading.set(accountSlug, load);
    return load;
  }

  private rememberDirectory(accountSlug: string, directory: ReadonlySet<string> | null): void {
    if (!this.directories.has(accountSlug) && this.directories.size >= this.maxEntries) {
      const oldest = this.directories.keys().next().value;
      if (oldest !== undefined) this.directories.delete(oldest);
    }
    this.directories.set(accountSlug, directory);
  }

  private async withLoadSlot<T>(read: () => Promise<T>): Promise<T> {
    if (this.loadsRunning >= this.maxConcurrentLoads) {
      if (this.waitingForLoad.length >= this.maxQueuedLoads) throw new ConfigurationReadsBusy();
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

  private remember(key: string, routed: RoutedWebhook | null, readAt: number): void {
    if (routed === null) {
      this.entries.delete(key);
      this.readAt.delete(key);
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
      if (oldest !== undefined) {
        this.entries.delete(oldest);
        this.readAt.delete(oldest);
      }
    }
    this.entries.set(key, routed);
    this.readAt.set(key, readAt);
  }
}

/** Rejects when `promise` takes longer than `ms` (it keeps running; its outcome is then ignored). */
function withinMs<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function prepare(row: WebhookRouteRow): RoutedWebhook {
  const settings: PipelineSettings = {
    method: row.method,
    filter: row.filter,
    action: row.action,
    mapping: row.mapping,
    successResponse: row.successResponse,
    errorResponse: row.errorResponse,
    idempotency: row.idempotency ?? null,
    splitOn: row.splitOn ?? null,
  };
  const verification: VerificationConfig = row.verification ?? { scheme: 'NONE' };
  return {
    id: row.id,
    accountId: row.accountId,
    status: row.status,
    version: row.version,
    settings,
    verification,
    secrets: row.secrets ?? [],
    secretHeaders: [...new Set([...filterHeaderNames(row.filter), ...signatureHeaders(verification)])],
  };
}
