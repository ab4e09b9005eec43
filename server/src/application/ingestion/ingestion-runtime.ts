import {
  IngestionStore,
  listenForWebhookChanges,
  type ChangeListener,
  type IngestionStoreOptions,
} from '../../persistence/ingestion-store.js';
import type { Deps } from '../deps.js';
import { WebhookCache } from './webhook-cache.js';

/**
 * What ingestion keeps per process: its own connection pool for the hot path, the webhook configuration cache
 * and the connection that keeps the cache honest. One per `Deps`; the HTTP route, and later the dry run and
 * replay, share it through `ingestionRuntimeFor(deps)`.
 */
export interface IngestionRuntime {
  store: IngestionStore;
  cache: WebhookCache;
  /** Requests to addresses without a webhook: answered 404 and counted, not logged. */
  stats: { unrouted: number };
  /** Resolves once the change listener has first connected (or failed to, and is retrying). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface IngestionRuntimeOptions extends IngestionStoreOptions {
  /** Cached configurations at most. */
  cacheEntries?: number;
}

/** Starts a runtime over the PostgreSQL at `connectionString`. */
export function createIngestionRuntime(
  connectionString: string,
  options: IngestionRuntimeOptions = {},
): IngestionRuntime {
  const store = new IngestionStore(connectionString, options);
  const cache = new WebhookCache({
    load: (slug, endpoint) => store.findRoute(slug, endpoint),
    maxEntries: options.cacheEntries,
  });
  const { ready, listener } = listenForWebhookChanges(connectionString, {
    onChange: (webhookId) => cache.invalidate(webhookId),
    onState: (listening) => cache.setListening(listening),
  });
  return {
    store,
    cache,
    stats: { unrouted: 0 },
    ready,
    close: async () => {
      await closeQuietly(listener);
      await store.close();
    },
  };
}

async function closeQuietly(listener: ChangeListener): Promise<void> {
  await listener.close().catch(() => {});
}

const runtimes = new WeakMap<Deps, IngestionRuntime>();

/** The runtime of an application (created on first use from the ORM's connection URL). */
export function ingestionRuntimeFor(deps: Deps, options: IngestionRuntimeOptions = {}): IngestionRuntime {
  let runtime = runtimes.get(deps);
  if (!runtime) {
    const url = deps.orm.config.get('clientUrl');
    if (!url) throw new Error('Ingestion needs the database URL (clientUrl) of the ORM configuration.');
    runtime = createIngestionRuntime(url, options);
    runtimes.set(deps, runtime);
  }
  return runtime;
}

/** Stops the application's runtime, if it has one. */
export async function closeIngestionRuntime(deps: Deps): Promise<void> {
  const runtime = runtimes.get(deps);
  runtimes.delete(deps);
  await runtime?.close();
}

/**
 * Drops a webhook from this process's cache right after a change committed, so the next request here sees it
 * (read-your-writes) without waiting for the notification, which still reaches every other process.
 */
export function forgetCachedWebhook(deps: Deps, webhookId: string): void {
  runtimes.get(deps)?.cache.invalidate(webhookId);
}
