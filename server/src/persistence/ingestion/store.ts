import pg from 'pg';
import type {
  Enrolment,
  EventFields,
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
  enrolMemberQuery,
  findRouteQuery,
  insertLogQuery,
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
  /** Opens the sealed filter tokens of the routes it loads; without one, a route with a sealed token fails to load. */
  secretBox?: SecretBox;
}

/**
 * The ingestion store on PostgreSQL: its own `pg` pool (the hot path bypasses the ORM's unit of work), the
 * statements of `statements.ts`, and group commit for `write`, so that concurrent requests share one statement,
 * one round trip and one durable commit, and each is answered only once its batch has committed.
 */
export class PgIngestionStore implements IngestionStore {
  private readonly pool: pg.Pool;
  private readonly batches: GroupCommit<WriteJob, StoredResult>;
  private readonly secretBox: SecretBox | undefined;

  constructor(connectionString: string, options: IngestionStoreOptions, logger: Logger) {
    this.secretBox = options.secretBox;
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
  }

  /** Group commit at work since the store opened (the benchmark prints it). */
  get stats(): GroupCommitStats {
    return this.batches.stats;
  }

  write(job: WriteJob): Promise<StoredResult> {
    return this.batches.submit(job);
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
  ): Promise<StoredResult> {
    const { rows } = await this.pool.query<ReturnedLog>(enrolMemberQuery(log, event, enrolment, response));
    if (!rows[0]) throw new Error('The enrolment statement stored no request log.');
    return toStored(rows[0], 'PROCESSED');
  }

  async findRoute(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null> {
    const { rows } = await this.pool.query<ReturnedRoute>(findRouteQuery(accountSlug, endpoint));
    if (!rows[0]) return null;
    const route = toRoute(rows[0]);
    return { ...route, filter: openFilterSecrets(route.filter, (sealed) => this.openSecret(sealed)) };
  }

  private openSecret(sealed: string): string {
    if (!this.secretBox) throw new Error('The ingestion store has no secret key to open sealed filter tokens.');
    return this.secretBox.open(sealed);
  }

  async close(): Promise<void> {
    this.batches.close();
    await this.pool.end();
  }

  private async writeBatch(jobs: WriteJob[]): Promise<StoredResult[]> {
    const { rows } = await this.pool.query<ReturnedBatchRow>(writeBatchQuery(jobs));
    // One log per request, or the statement did not do what it must: nothing of it is trusted (it committed,
    // but cannot have: every job yields exactly one row of `logged`).
    if (rows.length !== jobs.length)
      throw new Error(`The ingestion batch stored ${rows.length} request logs for ${jobs.length} requests.`);
    const results: StoredResult[] = new Array(jobs.length);
    for (const row of rows) results[row.idx] = toStored(row, row.verdict);
    return results;
  }
}
