import type { JsonObject, RequestOutcome, WebhookStatus } from '../../domain/types.js';
import type { WebhookChangeKind } from '../webhooks/webhook-repository.js';

/** A logged request as replay reads it: its stored copy, its sealed original, and where it goes now. */
export interface ReplaySource {
  id: string;
  webhookId: string;
  receivedAt: Date;
  method: string;
  path: string;
  query: string | null;
  requestHeaders: JsonObject;
  requestBody: string | null;
  outcome: RequestOutcome;
  /** The sealed original ('' = the stored copy is it); null when it was not kept. */
  original: string | null;
  /** When this log is itself a replay: the log it replayed. */
  replayOf: string | null;
  /** For a DUPLICATE: the log of the request that was processed. */
  duplicateOf: string | null;
  /** The sender's delivery id, when one was read. */
  idempotencyKey: string | null;
  webhook: { status: WebhookStatus; endpoint: string; version: number; accountSlug: string };
}

/** Which logs a bulk replay takes (LogSelectionInput). */
export interface LogSelection {
  webhookId: string;
  outcome?: RequestOutcome | null;
  statusCode?: number | null;
  receivedAfter?: Date | null;
  receivedBefore?: Date | null;
}

export type ReplayJobStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'CANCELLED';

export interface ReplayJobView {
  id: string;
  webhookId: string;
  status: ReplayJobStatus;
  total: number;
  done: number;
  processed: number;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A job a runner holds (its row locked) while it replays one chunk. */
export interface ReplayJobClaim {
  job: ReplayJobView & { accountId: string; selection: LogSelection; createdBy: string };
  /**
   * Notes that a chunk begins (apart from the claim's transaction, so that it outlives a holder that dies), unless
   * one begun less than `graceMs` ago was never committed: false then, and the job is left for later.
   */
  beginChunk(graceMs: number): Promise<boolean>;
  /** The next logs of the selection after the job's cursor, oldest first, received before the job was created. */
  nextLogs(limit: number): Promise<{ id: string; receivedAt: Date }[]>;
  /** Of `logIds`, those this job replayed already (in a chunk cut short), with their replay's outcome. */
  replayedAlready(logIds: readonly string[]): Promise<Map<string, RequestOutcome>>;
  /** Moves the cursor past `last` and adds to the counters; `finished` ends the job (DONE). Ends the chunk begun. */
  advance(step: {
    last: { id: string; receivedAt: Date } | null;
    done: number;
    processed: number;
    finished: boolean;
  }): Promise<void>;
}

/** Storage of replays; every read takes the account first. */
export interface ReplayRepository {
  findSource(accountId: string, logId: string): Promise<ReplaySource | null>;
  /**
   * Makes `key` held by `logId` (a PROCESSED log) unless a processed request holds it already: a replay reserving it
   * then becomes its DUPLICATE (the same reservation as a sender's delivery id).
   */
  holdKey(webhookId: string, key: string, logId: string, expiresAt: Date): Promise<void>;
  /** Adds an entry to the webhook's change history (at its current version). */
  recordHistory(
    accountId: string,
    webhookId: string,
    entry: {
      actor: string;
      kind: Extract<WebhookChangeKind, 'REPLAYED' | 'REPLAY_STARTED'>;
      changes: { field: string; before: unknown; after: unknown }[];
    },
  ): Promise<void>;
  /** How many logs the selection matches among those received before `before`. */
  countSelection(accountId: string, selection: LogSelection, before: Date): Promise<number>;
  createJob(job: {
    id: string;
    accountId: string;
    selection: LogSelection;
    total: number;
    createdBy: string;
    createdAt: Date;
  }): Promise<ReplayJobView>;
  findJob(accountId: string, id: string): Promise<ReplayJobView | null>;
  /** Cancels a job not finished yet (waits for the chunk in progress); the job as it is then, or null if not found. */
  cancelJob(accountId: string, id: string): Promise<ReplayJobView | null>;
  /**
   * Claims the oldest pending job that no other instance holds (FOR UPDATE SKIP LOCKED) and runs `work` while
   * holding it, in one transaction that commits when `work` resolves; resolves with what `work` did, or false when
   * there was none to claim.
   */
  withClaimedJob(work: (claim: ReplayJobClaim) => Promise<boolean>): Promise<boolean>;
}
