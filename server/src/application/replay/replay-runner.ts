import type { Logger } from '../ingestion/ports.js';
import { replayLog, type ReplayParts } from './replay-log.js';
import type { ReplayJobClaim } from './ports.js';

/** Logs replayed per claim of a job: the job's row stays locked this long, and a cancel waits for it at most. */
export const REPLAY_CHUNK = 50;
/** How often an idle instance looks for pending jobs (REPLAY_POLL_MS). */
export const DEFAULT_REPLAY_POLL_MS = 1_000;
/** The ingestion statement timeout's default and a second more (see `ReplayRunner`'s graceMs). */
const DEFAULT_CHUNK_GRACE_MS = 6_000;

/**
 * Runs bulk replays on this instance: claims a pending job no other instance holds, replays one chunk of its logs
 * while holding the job's row lock, advances its cursor and counters in the same transaction, and goes on with the
 * next chunk (of this job or another one). An instance that dies mid-chunk releases the lock with its connection;
 * whoever claims the job next waits until the replays that instance left running on the server have ended (at most
 * the ingestion statement timeout), starts again at the cursor and skips the logs the job replayed already (their
 * replay logs carry the job's id), so each log is replayed once. Never throws: a failure is logged and retried later.
 */
export class ReplayRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  /**
   * @param graceMs how long a chunk begun by an instance that may have died is left alone: its replays still running
   * on the server end within the ingestion statement timeout, and only then can the logs it replayed be told apart.
   */
  constructor(
    private readonly parts: ReplayParts,
    private readonly logger: Logger,
    private readonly pollMs: number = DEFAULT_REPLAY_POLL_MS,
    private readonly graceMs: number = DEFAULT_CHUNK_GRACE_MS,
  ) {}

  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setInterval(() => this.kick(), this.pollMs).unref();
    this.kick();
  }

  /** Looks for work now (a job was just created here); joins the run in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** No further chunks; resolves once the chunk in progress is committed (or failed). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.parts.replays.withClaimedJob((claim) => this.runChunk(claim)))) {
        // Claimed and advanced a chunk: look for the next one at once.
      }
    } catch (error) {
      if (!this.stopped) this.logger.warn({ err: error }, 'replay: a chunk failed; it is retried at the next poll');
    }
  }

  /** One chunk of the claimed job; false when the job is left for later (a chunk begun elsewhere may still run). */
  private async runChunk(claim: ReplayJobClaim): Promise<boolean> {
    const { job } = claim;
    if (!(await claim.beginChunk(this.graceMs))) return false;
    const logs = await claim.nextLogs(REPLAY_CHUNK);
    if (logs.length === 0) {
      await claim.advance({ last: null, done: 0, processed: 0, finished: true });
      return true;
    }
    const already = await claim.replayedAlready(logs.map((log) => log.id));
    let processed = [...already.values()].filter((outcome) => outcome === 'PROCESSED').length;
    // One chunk's replays go to ingestion together: group commit writes them in few statements.
    const outcomes = await Promise.all(
      logs
        .filter((log) => !already.has(log.id))
        .map((log) =>
          replayLog(this.parts, job.accountId, log.id, job.createdBy, job.id).then(
            (replayed) => replayed.outcome,
            (error: unknown) => {
              // A log that cannot be replayed (not kept, gone with its partition) counts as done, not processed.
              if (isRefusal(error)) return null;
              throw error;
            },
          ),
        ),
    );
    processed += outcomes.filter((outcome) => outcome === 'PROCESSED').length;
    await claim.advance({
      last: logs[logs.length - 1]!,
      done: logs.length,
      processed,
      finished: logs.length < REPLAY_CHUNK,
    });
    return true;
  }
}

function isRefusal(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : '';
  return code === 'NOT_REPLAYABLE' || code === 'NOT_FOUND';
}
