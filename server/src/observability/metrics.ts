import { REQUEST_OUTCOMES } from '@intake/rules';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheObserver, IngestionObserver } from '../application/ingestion/observer.js';
import type { RoutedWebhook } from '../application/ingestion/webhook-cache.js';

/** The `account` and `endpoint` of ingestion requests whose address resolved to no webhook. */
export const UNKNOWN_LABEL = '(unknown)';
/** The `outcome` of ingestion requests refused before a request log was written (unknown address, 429, busy). */
export const NOT_LOGGED = 'NOT_LOGGED';
/** GraphQL operation names get their own label value up to this many distinct ones per process. */
export const MAX_OPERATION_NAMES = 100;
export const OTHER_OPERATION = '(other)';
export const ANONYMOUS_OPERATION = '(anonymous)';
/** The `error_code` of GraphQL operations answered without errors. */
export const NO_ERROR = 'none';

/** A connection pool's state at one moment. */
export interface PoolReading {
  inUse: number;
  waiting: number;
}

/** What the gauges read on each scrape. */
export interface MetricsSources {
  /** Connection pools by name (`api`, `ingestion`). */
  pools: Record<string, () => PoolReading>;
  /** Whether the LISTEN connection is up. */
  listening(): boolean;
  /** Live tail subscriptions open on this instance. */
  liveSubscriptions?(): number;
}

const OUTCOME_LABELS: readonly string[] = [...REQUEST_OUTCOMES, NOT_LOGGED];
const OUTCOME_INDEX = new Map<string, number>(OUTCOME_LABELS.map((outcome, i) => [outcome, i]));
const NOT_LOGGED_INDEX = OUTCOME_LABELS.length - 1;
const OUTCOME_SLOTS = 16;

/** The request counter's children for one address, pre-bound per (status, outcome) as they are first met. */
class AddressSeries {
  private readonly children = new Map<number, Counter.Internal>();

  constructor(
    private readonly counter: Counter<'account' | 'endpoint' | 'outcome' | 'status'>,
    private readonly account: string,
    private readonly endpoint: string,
  ) {}

  inc(outcomeIndex: number, statusCode: number): void {
    const key = statusCode * OUTCOME_SLOTS + outcomeIndex;
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.counter.labels(this.account, this.endpoint, OUTCOME_LABELS[outcomeIndex]!, String(statusCode));
      this.children.set(key, child);
    }
    child.inc();
  }
}

/**
 * Intake's Prometheus metrics, in a registry of their own (one per app, so several apps in one process — tests —
 * do not mix). The observers it hands out are what ingestion, the webhook cache, group commit and GraphQL report
 * to; gauges are read from `sources` when scraped. Label values are bounded (README, "Operating Intake").
 */
export class IntakeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'account' | 'endpoint' | 'outcome' | 'status'>;
  private readonly duration: Histogram;
  private readonly batchSize: Histogram;
  private readonly commitDuration: Histogram<'result'>;
  private readonly cacheHits: Counter;
  private readonly cacheMisses: Counter;
  private readonly cacheInvalidations: Counter;
  private readonly operations: Counter<'operation' | 'error_code'>;
  /** Label children per webhook configuration version (a changed webhook is prepared anew, with its address). */
  private readonly byWebhook = new WeakMap<RoutedWebhook, AddressSeries>();
  private readonly unknownAddress: AddressSeries;
  private readonly operationNames = new Set<string>();
  private sources: MetricsSources = { pools: {}, listening: () => false };

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'intake_ingestion_requests_total',
      help: 'Ingestion requests answered, by account, endpoint, outcome and HTTP status; addresses that resolve to no webhook count as account and endpoint "(unknown)".',
      labelNames: ['account', 'endpoint', 'outcome', 'status'],
      registers,
    });
    this.unknownAddress = new AddressSeries(this.requests, UNKNOWN_LABEL, UNKNOWN_LABEL);
    this.duration = new Histogram({
      name: 'intake_ingestion_duration_seconds',
      help: 'Time from an ingestion request’s arrival to its answer.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'intake_group_commit_batch_size',
      help: 'Ingestion requests written by one group-commit batch.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
      registers,
    });
    this.commitDuration = new Histogram({
      name: 'intake_group_commit_duration_seconds',
      help: 'Time one group-commit batch took to write and commit (result: committed or failed).',
      labelNames: ['result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const read = () => this.sources;
    new Gauge({
      name: 'intake_db_pool_connections_in_use',
      help: 'Database connections checked out, by pool (api: GraphQL and console; ingestion: the hot path).',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [pool, reading] of Object.entries(read().pools)) this.set({ pool }, reading().inUse);
      },
    });
    new Gauge({
      name: 'intake_db_pool_waiting',
      help: 'Callers waiting for a database connection, by pool.',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [pool, reading] of Object.entries(read().pools)) this.set({ pool }, reading().waiting);
      },
    });
    new Gauge({
      name: 'intake_listen_connection_up',
      help: '1 while the LISTEN connection that keeps the webhook cache current is connected, else 0.',
      registers,
      collect() {
        this.set(read().listening() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'intake_live_subscriptions',
      help: 'Live tail subscriptions (requestLogged) open on this instance.',
      registers,
      collect() {
        this.set(read().liveSubscriptions?.() ?? 0);
      },
    });
    this.cacheHits = new Counter({
      name: 'intake_webhook_cache_hits_total',
      help: 'Webhook look-ups answered from the configuration cache.',
      registers,
    });
    this.cacheMisses = new Counter({
      name: 'intake_webhook_cache_misses_total',
      help: 'Webhook look-ups not answered from the configuration cache.',
      registers,
    });
    this.cacheInvalidations = new Counter({
      name: 'intake_webhook_cache_invalidations_total',
      help: 'Times cached webhook configurations were dropped (a webhook changed, or the LISTEN connection reconnected).',
      registers,
    });
    this.operations = new Counter({
      name: 'intake_graphql_operations_total',
      help: `GraphQL operations answered, by operation name (the first ${MAX_OPERATION_NAMES} distinct names, then "${OTHER_OPERATION}") and the code of the first error ("${NO_ERROR}").`,
      labelNames: ['operation', 'error_code'],
      registers,
    });
  }

  /** Where the gauges read pools and the listener from (app.ts, once they exist). */
  readFrom(sources: MetricsSources): void {
    this.sources = sources;
  }

  readonly ingestion: IngestionObserver = {
    answered: (webhook, account, endpoint, outcome, statusCode, durationMs) => {
      this.duration.observe(durationMs / 1000);
      let series = this.unknownAddress;
      if (webhook !== null) {
        const known = this.byWebhook.get(webhook);
        if (known !== undefined) series = known;
        else {
          series = new AddressSeries(this.requests, account, endpoint);
          this.byWebhook.set(webhook, series);
        }
      }
      series.inc(outcome === null ? NOT_LOGGED_INDEX : (OUTCOME_INDEX.get(outcome) ?? NOT_LOGGED_INDEX), statusCode);
    },
  };

  readonly cache: CacheObserver = {
    hit: () => this.cacheHits.inc(),
    miss: () => this.cacheMisses.inc(),
    invalidated: () => this.cacheInvalidations.inc(),
  };

  /** A group-commit batch ran: its size, how long it took, whether it committed. */
  readonly batch = (size: number, durationMs: number, committed: boolean): void => {
    this.batchSize.observe(size);
    this.commitDuration.observe({ result: committed ? 'committed' : 'failed' }, durationMs / 1000);
  };

  /**
   * A GraphQL operation answered. `name` takes a label value of its own only when `validated` (the document
   * passed validation) and fewer than MAX_OPERATION_NAMES names have; `errorCode` is the first error's code.
   */
  readonly graphqlOperation = (name: string | null, validated: boolean, errorCode: string | null): void => {
    let operation = name ?? ANONYMOUS_OPERATION;
    if (name !== null && !this.operationNames.has(name)) {
      if (validated && this.operationNames.size < MAX_OPERATION_NAMES) this.operationNames.add(name);
      else operation = OTHER_OPERATION;
    }
    this.operations.inc({ operation, error_code: errorCode ?? NO_ERROR });
  };

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
