import net from 'node:net';
import { performance } from 'node:perf_hooks';
import pg, { type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';
import {
  StorageOutcomeUnknown,
  type FanOutItem,
  type FanOutResult,
  type Enrolment,
  type EventFields,
  type IdempotencyReservation,
  type IngestionStore,
  type LogFields,
  type LoggedResponse,
  type Logger,
  type StoredResult,
  type WebhookRouteRow,
  type WriteJob,
} from '../../application/ingestion/ports.js';
import type { SecretBox } from '../../application/secrets/secret-box.js';
import { openFilterSecrets } from '../../domain/filter-secrets.js';
import {
  decideItems,
  insertEventsQuery,
  insertLogQuery,
  insertMembersQuery,
  lockMembersQuery,
  reserveKeyQuery,
  storedTransactionsQuery,
  toScaled,
  updateMembersQuery,
  type LockedMember,
  type MemberDraft,
} from './fan-out-statements.js';
import { GroupCommit, type GroupCommitStats } from './group-commit.js';
import {
  duplicateLogQuery,
  enrolMemberQuery,
  findLogQuery,
  findRouteQuery,
  insertFailedLogQuery,
  purgeKeysQuery,
  storedFromLog,
  toRoute,
  toStored,
  writeBatchQuery,
  type ReturnedBatchRow,
  type ReturnedLog,
  type ReturnedRoute,
} from './statements.js';

/**
 * A statement whose time is up is asked to cancel; if it has not answered this long after, its connection is
 * dropped and its outcome is unknown (the request's FAILED log then finds out, `writeFailedLog`).
 */
const CANCEL_GRACE_MS = 500;
/** Between attempts of `writeFailedLog` when the database could not be reached. */
const FAILED_LOG_RETRY_MS = 200;

export interface IngestionStoreOptions {
  /** Pooled connections for ingestion, apart from the ORM's. */
  poolSize: number;
  /**
   * How long a write may take from the moment it is handed over (waiting for its batch included): past it, its
   * statement is cancelled on the server. PostgreSQL's own `statement_timeout` is set to it as well.
   */
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
  /** Told of every group-commit batch: its size, duration (ms) and whether it committed (metrics). */
  onBatch?(size: number, durationMs: number, committed: boolean): void;
}

/** A connection pool's state at one moment. */
export interface PoolState {
  /** Connections checked out. */
  inUse: number;
  /** Open connections nobody uses. */
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
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
 *
 * Every statement is bounded by its request's deadline (the statement timeout from when the write was handed
 * over): past it, the statement is cancelled on the server and its answer awaited briefly — a commit that beat
 * the cancel is still reported as stored, a rollback as failed. When no answer comes (or the connection is
 * lost mid-statement), the write rejects with `StorageOutcomeUnknown` and the request's FAILED log settles it.
 */
export class PgIngestionStore implements IngestionStore {
  private readonly pool: pg.Pool;
  private readonly batches: GroupCommit<WriteJob, BatchResult>;
  private readonly secretBox: SecretBox | undefined;
  private readonly clock: () => number;
  private readonly purgeTimer: NodeJS.Timeout | null;
  private readonly statementTimeoutMs: number;

  constructor(
    connectionString: string,
    options: IngestionStoreOptions,
    private readonly logger: Logger,
  ) {
    this.secretBox = options.secretBox;
    this.clock = options.clock ?? Date.now;
    this.statementTimeoutMs = options.statementTimeoutMs;
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 2_000,
      idleTimeoutMillis: 30_000,
      // The server's own bound, for a statement whose client is gone; the client's is the request's deadline.
      statement_timeout: options.statementTimeoutMs,
      application_name: options.applicationName ?? 'intake-ingestion',
      keepAlive: true,
    });
    // An idle pooled connection that dies (a server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', (error) =>
      logger.warn({ err: error }, 'ingestion: an idle database connection failed; the pool replaces it'),
    );
    this.batches = new GroupCommit((jobs, deadline) => this.writeBatch(jobs, deadline), {
      maxBatch: options.maxBatch,
      batchesInFlight: options.batchesInFlight,
      overlapAfterMs: options.overlapAfterMs ?? 25,
      // A batch holds at most one job per member: the statement locks each member once, in key order.
      keyOf: (job) => (job.kind === 'member' ? `${job.log.accountId}\u0000${job.event.customerExternalId}` : null),
      isSafeToRetry: mayBeOneRequestsFault,
      onBatch: options.onBatch,
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
  /** The ingestion pool's connections now. */
  poolState(): PoolState {
    const { totalCount, idleCount, waitingCount } = this.pool;
    return { inUse: totalCount - idleCount, idle: idleCount, waiting: waitingCount };
  }

  get stats(): GroupCommitStats {
    return this.batches.stats;
  }

  /**
   * Group-committed. A job whose delivery id the batch found processed already stored nothing there; its
   * DUPLICATE log (with the original answer) is written by a statement of its own, which can see the original.
   */
  async write(job: WriteJob): Promise<StoredResult> {
    const deadline = this.deadline();
    for (let attempt = 1; ; attempt++) {
      const result = await this.batches.submit(job, deadline);
      if (result !== DUPLICATE) return result;
      const duplicate = await this.logDuplicate(job.log, job.kind === 'member' ? job.idempotency : null);
      if (duplicate) return duplicate;
      if (attempt >= WRITE_ATTEMPTS)
        throw new Error('The delivery id stayed reserved by a request that was not processed.');
    }
  }

  async writeFailedLog(log: LogFields, response: LoggedResponse, waitMs: number): Promise<StoredResult | null> {
    const deadline = performance.now() + waitMs;
    for (;;) {
      try {
        const inserted = await this.run(insertFailedLogQuery(log, response), deadline);
        if (inserted.rows.length > 0) return null;
        const { rows } = await this.run<ReturnedLog>(findLogQuery(log), deadline);
        if (!rows[0]) throw new Error(`A request log ${log.id} exists but cannot be read.`);
        this.logger.warn(
          { logId: log.id },
          'ingestion: a write whose outcome was unknown had been stored; the sender gets the stored answer',
        );
        return storedFromLog(rows[0]);
      } catch (error) {
        if (!mayPassOnRetry(error) || performance.now() + FAILED_LOG_RETRY_MS >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, FAILED_LOG_RETRY_MS));
      }
    }
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
    const deadline = this.deadline();
    for (let attempt = 1; ; attempt++) {
      const now = new Date(this.clock());
      const { rows } = await this.run<ReturnedLog>(
        enrolMemberQuery(log, event, enrolment, response, idempotency, now),
        deadline,
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

  /**
   * A split request in a transaction of its own (see fan-out-statements.ts), bounded by the statement timeout
   * like any write: a statement past it is cancelled and the transaction rolled back; only a COMMIT without an
   * answer leaves the outcome unknown (`StorageOutcomeUnknown`, settled by the FAILED log).
   */
  async writeFanOut(
    log: LogFields,
    items: readonly FanOutItem[],
    response: LoggedResponse,
    idempotency: IdempotencyReservation | null,
  ): Promise<FanOutResult> {
    const deadline = this.deadline();
    for (let attempt = 1; ; attempt++) {
      const now = new Date(this.clock());
      const result = await this.transaction(deadline, async (query) => {
        if (idempotency) {
          const reserved = await query(reserveKeyQuery(log, idempotency, now));
          if (reserved.rows.length === 0) return 'duplicate' as const;
        }
        const members = new Map<string, MemberDraft>();
        const draft = (row: LockedMember, enrolled: boolean): MemberDraft => ({
          id: row.id,
          enrolled,
          points: toScaled(row.points),
          labels: row.labels,
          email: row.email,
          firstName: row.first_name,
          lastName: row.last_name,
          optedOut: row.opted_out,
          touched: false,
        });
        const externalIds = [...new Set(items.map((item) => item.event.customerExternalId))];
        const locked = await query<LockedMember>(lockMembersQuery(log.accountId, externalIds));
        for (const row of locked.rows) members.set(row.external_id, draft(row, true));
        const missing = new Map<string, string>();
        for (const item of items) {
          const external = item.event.customerExternalId;
          if (item.enrol && !members.has(external) && !missing.has(external))
            missing.set(external, item.enrol.memberId);
        }
        if (missing.size > 0) {
          const inserted = await query<LockedMember & { created: boolean }>(
            insertMembersQuery(
              log.accountId,
              [...missing].map(([externalId, id]) => ({ id, externalId })),
            ),
          );
          for (const row of inserted.rows) members.set(row.external_id, draft(row, !row.created));
        }
        const transactionIds = items
          .filter((item) => item.event.action === 'checkout_accept' && item.event.transactionId !== null)
          .map((item) => item.event.transactionId as string);
        const stored = new Set<string>();
        if (transactionIds.length > 0) {
          const memberIds = [...members.values()].map((member) => member.id);
          const found = await query<{ customer_id: string; transaction_id: string }>(
            storedTransactionsQuery(memberIds, transactionIds),
          );
          for (const row of found.rows) stored.add(`${row.customer_id}\u0000${row.transaction_id}`);
        }
        const decision = decideItems(items, members, stored);
        if (!decision.ok) return decision;
        const touched = [...members.values()].filter((member) => member.touched);
        await query(updateMembersQuery(touched));
        const ids = new Map([...members].map(([external, member]) => [external, member.id]));
        await query(insertEventsQuery(log, items, ids));
        const logged = await query<ReturnedLog>(insertLogQuery(log, response, items[0].event.id));
        return toStored(logged.rows[0], 'PROCESSED');
      });
      if (result === 'duplicate') {
        const duplicate = await this.logDuplicate(log, idempotency);
        if (duplicate) return { kind: 'stored', stored: duplicate };
        if (attempt >= WRITE_ATTEMPTS)
          throw new Error('The delivery id stayed reserved by a request that was not processed.');
        continue;
      }
      if ('ok' in result)
        return { kind: 'refused', index: result.index, refusal: result.refusal, balance: result.balance };
      return { kind: 'stored', stored: result };
    }
  }

  /**
   * Runs `work` in a transaction on one pooled connection, every statement settled by `deadline`. `work`'s
   * result commits, unless it is a refusal (an object with `ok: false`) or 'duplicate': those roll back. A
   * statement that fails or outlives the deadline rolls the transaction back (the connection is dropped when it
   * does not answer the cancel: PostgreSQL then aborts the transaction); only a COMMIT without an answer rejects
   * with `StorageOutcomeUnknown`.
   */
  private async transaction<T>(
    deadline: number,
    work: (query: <Row extends QueryResultRow>(config: QueryConfig) => Promise<QueryResult<Row>>) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect(deadline);
    client.on('error', ignoreError);
    let broken: Error | undefined;
    const send = async <Row extends QueryResultRow>(config: QueryConfig | string): Promise<QueryResult<Row>> => {
      const answer = client.query<Row>(config as QueryConfig).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      let settled = await settleBy(answer, deadline);
      if (settled === undefined) {
        requestCancel(client);
        settled = await settleBy(answer, performance.now() + CANCEL_GRACE_MS);
      }
      if (settled === undefined) {
        broken = new Error('dropped: no answer to a statement of a fan-out transaction nor to its cancel request');
        throw broken;
      }
      if ('error' in settled) {
        if (!rolledBack(settled.error)) broken = settled.error instanceof Error ? settled.error : new Error('lost');
        throw settled.error;
      }
      return settled.result;
    };
    try {
      await send('BEGIN');
      let result: T;
      try {
        result = await work(send);
      } catch (error) {
        if (!broken) await send('ROLLBACK').catch(() => {});
        throw error;
      }
      const refused =
        result === 'duplicate' ||
        (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false);
      if (refused) {
        await send('ROLLBACK');
        return result;
      }
      try {
        await send('COMMIT');
      } catch (error) {
        if (broken)
          throw new StorageOutcomeUnknown('The database did not confirm the commit of a fan-out request.', {
            cause: error,
          });
        throw error;
      }
      return result;
    } finally {
      client.removeListener('error', ignoreError);
      client.release(broken);
    }
  }

  /** Logs a DUPLICATE with the original's answer; null when no processed request holds the key any more. */
  private async logDuplicate(log: LogFields, idempotency: IdempotencyReservation | null): Promise<StoredResult | null> {
    if (!idempotency) throw new Error('A request without a delivery id cannot be a duplicate.');
    const now = new Date(this.clock());
    const { rows } = await this.run<ReturnedLog>(duplicateLogQuery(log, idempotency.key, now), this.deadline());
    return rows[0] ? toStored(rows[0], 'DUPLICATE') : null;
  }

  /** Deletes the delivery ids whose window has passed, a chunk at a time; resolves with how many. */
  async purgeExpiredKeys(): Promise<number> {
    const now = new Date(this.clock());
    let purged = 0;
    for (;;) {
      const { rowCount } = await this.run(purgeKeysQuery(now, PURGE_CHUNK), this.deadline());
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < PURGE_CHUNK) return purged;
    }
  }

  async findRoute(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null> {
    const { rows } = await this.run<ReturnedRoute>(findRouteQuery(accountSlug, endpoint), this.deadline());
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

  /** When a write handed over now must be settled by (performance.now() clock). */
  private deadline(): number {
    return performance.now() + this.statementTimeoutMs;
  }

  private async writeBatch(jobs: WriteJob[], deadline: number): Promise<BatchResult[]> {
    const { rows } = await this.run<ReturnedBatchRow>(writeBatchQuery(jobs, new Date(this.clock())), deadline);
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

  /**
   * Runs one statement on a pooled connection, settled by `deadline`. Past it, the statement is cancelled on the
   * server (as psql's Ctrl-C does) and its answer awaited for `CANCEL_GRACE_MS`: a success then means it
   * committed before the cancel took, an error that it rolled back. Without an answer, the connection is dropped
   * and the outcome is unknown. Rejects with PostgreSQL's error when the statement rolled back, with the pool's
   * when it never ran, and with `StorageOutcomeUnknown` otherwise.
   */
  private async run<Row extends QueryResultRow>(query: QueryConfig, deadline: number): Promise<QueryResult<Row>> {
    const client = await this.connect(deadline);
    // A connection lost under the statement is reported by the statement itself; the client also emits 'error',
    // which must not go unheard (an unheard 'error' event ends the process).
    client.on('error', ignoreError);
    const release = (error?: Error) => {
      client.removeListener('error', ignoreError);
      client.release(error);
    };
    const answer = client.query<Row>(query).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    let settled = await settleBy(answer, deadline);
    if (settled === undefined) {
      requestCancel(client);
      settled = await settleBy(answer, performance.now() + CANCEL_GRACE_MS);
    }
    if (settled === undefined) {
      release(new Error('dropped: no answer to the statement nor to its cancel request'));
      throw new StorageOutcomeUnknown(
        'The database answered neither the statement within its time nor the request to cancel it.',
      );
    }
    if ('result' in settled) {
      release();
      return settled.result;
    }
    const { error } = settled;
    if (rolledBack(error)) {
      release();
      throw error;
    }
    // A connection that failed under a statement is not reused; whether the statement committed is unknown.
    release(error instanceof Error ? error : new Error(String(error)));
    throw new StorageOutcomeUnknown('The database connection failed while a statement ran.', { cause: error });
  }

  /** A pooled connection by `deadline`, else a rejection (nothing was sent). */
  private async connect(deadline: number): Promise<pg.PoolClient> {
    if (deadline - performance.now() <= 0)
      throw new Error('The request ran out of time (statement timeout) before it could be stored.');
    const connecting = this.pool.connect();
    const connected = await settleBy(
      connecting.then(
        (client) => ({ client }),
        (error: unknown) => ({ error }),
      ),
      deadline,
    );
    if (connected === undefined) {
      connecting.then((client) => client.release()).catch(() => {});
      throw new Error('No database connection became free within the statement timeout.');
    }
    if ('error' in connected) throw connected.error;
    return connected.client;
  }
}

const ignoreError = () => {};

/**
 * Whether a statement certainly rolled back: PostgreSQL answered it with an ERROR. A FATAL that ends the
 * connection (an administrator's or a crash shutdown, class 57P) may come after the commit, and so may a lost
 * connection (class 08, or no DatabaseError at all).
 */
function rolledBack(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return false;
  if (error.severity === 'FATAL' || error.severity === 'PANIC') return false;
  return !/^(08|57P|58|XX)/.test(error.code ?? '');
}

/**
 * Whether a batch's failure may be one request's fault, so that its requests are retried one by one: it rolled
 * back, with an error about the data (class 22), a constraint (23) or a trigger's refusal (P0). A timeout, a
 * lock or a resource shortage is nobody's fault: a retry would only wait again.
 */
function mayBeOneRequestsFault(error: unknown): boolean {
  return rolledBack(error) && /^(22|23|P0)/.test((error as pg.DatabaseError).code ?? '');
}

/**
 * Whether a statement that failed may succeed when tried again: the database could not be reached or did not
 * answer, or the statement waited too long (PostgreSQL's statement timeout, e.g. behind a write of the same
 * request still committing) or lost a lock conflict.
 */
function mayPassOnRetry(error: unknown): boolean {
  return !rolledBack(error) || /^(57014|55P03|40)/.test((error as pg.DatabaseError).code ?? '');
}

/** The promise's value, or undefined when `deadline` (performance.now() clock) passes first. */
function settleBy<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  const remaining = deadline - performance.now();
  if (remaining === Infinity) return promise;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, remaining));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Asks the server to cancel what a connection runs: PostgreSQL's CancelRequest (the connection's process id and
 * secret key), sent over a socket of its own, so it needs no free connection slot. The server answers nothing;
 * the cancelled statement answers with an error on its own connection (or with its result, if it was done).
 */
function requestCancel(client: pg.PoolClient): void {
  const { processID, secretKey, host, port } = client as unknown as {
    processID: number | null;
    secretKey: number | null;
    host: string;
    port: number;
  };
  if (processID === null || secretKey === null) return;
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  const socket = host.startsWith('/') ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
  socket.setTimeout(CANCEL_GRACE_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('connect', () => socket.end(packet));
}
