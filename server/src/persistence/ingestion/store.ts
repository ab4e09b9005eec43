import pg from 'pg';
import type {
  Enrolment,
  EventFields,
  IdempotencyReservation,
  IngestionStore,
  LogFields,
  LoggedResponse,
  Logger,
  StoredResult,
  WebhookRouteRow,
  WriteJob,
} from '../../application/ingestion/ports.js';
import type { SecretBox } from '../../application/secrets/secret-box.js';
import { openFilterSecrets } from '../../domain/filter-secrets.js';
import { GroupCommit, type GroupCommitStats } from './group-commit.js';
import {
  duplicateLogQuery,
  enrolMemberQuery,
  findRouteQuery,
  insertLogQuery,
  purgeKeysQuery,
  toRoute,
  toStored,
  writeBatchQuery,
  type ReturnedBatchRow,
  type ReturnedLog,
  type ReturnedRoute,
} from './statements.js';

export interface IngestionStoreOptions {
  /** Pooled connections for ingestion, apart from the ORM's. */
  poolSize: number;
  /** Server-side statement timeout: a stuck statement (a long lock wait) becomes a 503, not a hung sender. */
  statementTimeoutMs: number;
  /** Requests committed together at most (group commit). */
  maxBatch: number;
  /**
   * Batches written at the same time at most. One is the rule (the largest batches, and no two of our
   * transactions share the webhook's and account's foreign-key locks); another starts only when the running
   * ones have taken longer than `overlapAfterMs` (a batch waiting on a member's lock must not stall the rest).
   */
  batchesInFlight: number;
  overlapAfterMs?: number;
  /** How long to wait for a pooled connection before answering 503. */
  connectionTimeoutMs?: number;
  applicationName?: string;
  /**
   * Opens the sealed filter tokens and sender secrets of the routes it loads; without one, a route with a sealed
   * token or a verified sender fails to load.
   */
  secretBox?: SecretBox;
  /** Milliseconds since the epoch: when delivery ids are reserved, expire and are purged (tests may freeze it). */
  clock?: () => number;
  /** How often expired delivery ids are deleted (every instance purges; 0 = never, for tests that purge by hand). */
  keyPurgeIntervalMs?: number;
}

/** A batch's verdict for a job whose delivery id was processed already: `write` logs it as DUPLICATE. */
const DUPLICATE = Symbol('duplicate');
type BatchResult = StoredResult | typeof DUPLICATE;

/**
 * A duplicate whose key is then found neither expired nor held by a processed request (the request holding it was
 * refused after all, or the key expired meanwhile) is written again: at most this many times in all.
 */
const WRITE_ATTEMPTS = 3;
const PURGE_CHUNK = 1_000;
const DEFAULT_KEY_PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * The ingestion store on PostgreSQL: its own `pg` pool (the hot path bypasses the ORM's unit of work), the
 * statements of `statements.ts`, and group commit for `write`, so that concurrent requests share one statement,
 * one round trip and one durable commit, and each is answered only once its batch has committed.
 */
export class PgIngestionStore implements IngestionStore {
  private readonly pool: pg.Pool;
  private readonly batches: GroupCommit<WriteJob, BatchResult>;
  private readonly secretBox: SecretBox | undefined;
  private readonly clock: () => number;
  private readonly purgeTimer: NodeJS.Timeout | null;

  constructor(connectionString: string, options: IngestionStoreOptions, logger: Logger) {
    this.secretBox = options.secretBox;
    this.clock = options.clock ?? Date.now;
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 2_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs,
      // The client-side bound covers a server that stopped answering altogether.
      query_timeout: options.statementTimeoutMs + 1_000,
      application_name: options.applicationName ?? 'intake-ingestion',
      keepAlive: true,
    });
    // An idle pooled connection that dies (a server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', (error) =>
      logger.warn({ err: error }, 'ingestion: an idle database connection failed; the pool replaces it'),
    );
    this.batches = new GroupCommit((jobs) => this.writeBatch(jobs), {
      maxBatch: options.maxBatch,
      batchesInFlight: options.batchesInFlight,
      overlapAfterMs: options.overlapAfterMs ?? 25,
      // A batch holds at most one job per member: the statement locks each member once, in key order.
      keyOf: (job) => (job.kind === 'member' ? `${job.log.accountId}\u0000${job.event.customerExternalId}` : null),
      // Only an error PostgreSQL reported means the statement certainly rolled back. A lost connection may hide
      // a commit, and a retry would store the requests twice: they fail (503) instead.
      isSafeToRetry: (error) => error instanceof pg.DatabaseError,
    });
    const purgeEvery = options.keyPurgeIntervalMs ?? DEFAULT_KEY_PURGE_INTERVAL_MS;
    this.purgeTimer =
      purgeEvery > 0
        ? setInterval(() => {
            this.purgeExpiredKeys().catch((error: unknown) =>
              logger.warn({ err: error }, 'ingestion: expired delivery ids could not be purged; retrying later'),
            );
          }, purgeEvery).unref()
        : null;
  }

  /** Group commit at work since the store opened (the benchmark prints it). */
  get stats(): GroupCommitStats {
    return this.batches.stats;
  }

  /**
   * Group-committed. A job whose delivery id the batch found processed already stored nothing there; its
   * DUPLICATE log (with the original answer) is written by a statement of its own, which can see the original.
   */
  async write(job: WriteJob): Promise<StoredResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.batches.submit(job);
      if (result !== DUPLICATE) return result;
      const duplicate = await this.logDuplicate(job.log, job.kind === 'member' ? job.idempotency : null);
      if (duplicate) return duplicate;
      if (attempt >= WRITE_ATTEMPTS)
        throw new Error('The delivery id stayed reserved by a request that was not processed.');
    }
  }

  async writeLog(log: LogFields, response: LoggedResponse): Promise<void> {
    await this.pool.query(insertLogQuery(log, response));
  }

  /**
   * In one statement of its own, not batched: an upsert locks its row otherwise than the batch's ordered
   * locking.
   */
  async enrolMember(
    log: LogFields,
    event: EventFields,
    enrolment: Enrolment,
    response: LoggedResponse,
    idempotency: IdempotencyReservation | null,
  ): Promise<StoredResult> {
    for (let attempt = 1; ; attempt++) {
      const now = new Date(this.clock());
      const { rows } = await this.pool.query<ReturnedLog>(
        enrolMemberQuery(log, event, enrolment, response, idempotency, now),
      );
      if (rows[0]) return toStored(rows[0], 'PROCESSED');
      // No log: the delivery id was processed already (nothing else leaves the statement without one).
      if (!idempotency) throw new Error('The enrolment statement stored no request log.');
      const duplicate = await this.logDuplicate(log, idempotency);
      if (duplicate) return duplicate;
      if (attempt >= WRITE_ATTEMPTS)
        throw new Error('The delivery id stayed reserved by a request that was not processed.');
    }
  }

  /** Logs a DUPLICATE with the original's answer; null when no processed request holds the key any more. */
  private async logDuplicate(log: LogFields, idempotency: IdempotencyReservation | null): Promise<StoredResult | null> {
    if (!idempotency) throw new Error('A request without a delivery id cannot be a duplicate.');
    const now = new Date(this.clock());
    const { rows } = await this.pool.query<ReturnedLog>(duplicateLogQuery(log, idempotency.key, now));
    return rows[0] ? toStored(rows[0], 'DUPLICATE') : null;
  }

  /** Deletes the delivery ids whose window has passed, a chunk at a time; resolves with how many. */
  async purgeExpiredKeys(): Promise<number> {
    const now = new Date(this.clock());
    let purged = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(purgeKeysQuery(now, PURGE_CHUNK));
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < PURGE_CHUNK) return purged;
    }
  }

  async findRoute(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null> {
    const { rows } = await this.pool.query<ReturnedRoute>(findRouteQuery(accountSlug, endpoint));
    if (!rows[0]) return null;
    const route = toRoute(rows[0]);
    // Opened once per configuration version (the cache keeps the route until the webhook changes).
    const secrets =
      route.verification?.scheme === 'NONE'
        ? []
        : rows[0].secrets.map(({ id, sealed, expiresAt }) => ({
            id,
            value: this.openSecret(sealed),
            expiresAt: expiresAt === null ? null : new Date(expiresAt),
          }));
    return { ...route, filter: openFilterSecrets(route.filter, (sealed) => this.openSecret(sealed)), secrets };
  }

  private openSecret(sealed: string): string {
    if (!this.secretBox) throw new Error('The ingestion store has no secret key to open sealed secrets.');
    return this.secretBox.open(sealed);
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.batches.close();
    await this.pool.end();
  }

  private async writeBatch(jobs: WriteJob[]): Promise<BatchResult[]> {
    const { rows } = await this.pool.query<ReturnedBatchRow>(writeBatchQuery(jobs, new Date(this.clock())));
    // One row per request, or the statement did not do what it must: nothing of it is trusted (it committed,
    // but cannot have: every job yields exactly one row, with its log unless it is a duplicate).
    if (rows.length !== jobs.length)
      throw new Error(`The ingestion batch answered ${rows.length} rows for ${jobs.length} requests.`);
    const results: BatchResult[] = new Array(jobs.length);
    for (const row of rows) {
      if (row.verdict === 'DUPLICATE') results[row.idx] = DUPLICATE;
      else if (row.status_code === undefined || row.status_code === null)
        throw new Error(`The ingestion batch stored no request log for a ${row.verdict} request.`);
      else results[row.idx] = toStored(row as ReturnedLog, row.verdict);
    }
    return results;
  }
}
