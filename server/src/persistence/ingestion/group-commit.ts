import { performance } from 'node:perf_hooks';

/**
 * Runs a batch of jobs as one unit (one statement, one commit) and returns one result per job, in the jobs'
 * order; rejects when the batch as a whole failed.
 */
export type BatchExecutor<Job, Result> = (jobs: Job[]) => Promise<Result[]>;

export interface GroupCommitOptions<Job> {
  /** Jobs in one batch at most. */
  maxBatch: number;
  /**
   * Batches running at the same time at most. One is the rule (the largest batches); another starts only when
   * the running ones have run longer than `overlapAfterMs`, so that a batch held up (a lock wait) does not
   * stall the rest.
   */
  batchesInFlight: number;
  overlapAfterMs: number;
  /** What a job locks, if anything: a batch holds at most one job per key (null: no lock, no limit). */
  keyOf(job: Job): string | null;
  /**
   * Whether a failed batch certainly changed nothing, so that its jobs may be retried one by one to find whose
   * fault it was. Otherwise (a lost connection may hide a commit) every job of the batch fails with the error.
   */
  isSafeToRetry(error: unknown): boolean;
  /** Milliseconds on a monotonic clock (tests may drive it). */
  now?: () => number;
}

/** Group commit at work: batches run, jobs they carried, the largest batch. */
export interface GroupCommitStats {
  batches: number;
  jobs: number;
  largestBatch: number;
}

interface Queued<Job, Result> {
  job: Job;
  key: string | null;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent jobs are executed together, so that a batch costs one round trip and one durable
 * commit, and each job is settled once its batch has. While a batch runs, new jobs queue, and the next batch
 * takes them all (up to `maxBatch`, one per key, oldest first); a lone job runs at once, in a batch of one.
 * When a batch fails with an error that `isSafeToRetry`, each of its jobs is run again alone, so that one
 * job's failure is its own.
 */
export class GroupCommit<Job, Result> {
  private readonly queue: Queued<Job, Result>[] = [];
  /** When each running batch started, oldest first. */
  private readonly running: number[] = [];
  private overlapTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly counts: GroupCommitStats = { batches: 0, jobs: 0, largestBatch: 0 };

  constructor(
    private readonly execute: BatchExecutor<Job, Result>,
    private readonly options: GroupCommitOptions<Job>,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Queues a job; resolves with its result once its batch has run, or rejects with why it failed. */
  submit(job: Job): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, key: this.options.keyOf(job), resolve, reject });
      this.pump();
    });
  }

  get stats(): GroupCommitStats {
    return { ...this.counts };
  }

  /** Stops waiting to start an overlapping batch; running batches finish on their own. */
  close(): void {
    if (this.overlapTimer) clearTimeout(this.overlapTimer);
    this.overlapTimer = null;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running.length < this.options.batchesInFlight) {
      const newest = this.running[this.running.length - 1];
      if (newest !== undefined) {
        const wait = newest + this.options.overlapAfterMs - this.now();
        if (wait > 0) {
          this.overlapTimer ??= setTimeout(() => {
            this.overlapTimer = null;
            this.pump();
          }, wait);
          return;
        }
      }
      const batch = this.takeBatch();
      const started = this.now();
      this.running.push(started);
      void this.runBatch(batch).finally(() => {
        this.running.splice(this.running.indexOf(started), 1);
        this.pump();
      });
    }
  }

  /** The oldest queued jobs, at most `maxBatch`, leaving a second job for the same key to a later batch. */
  private takeBatch(): Queued<Job, Result>[] {
    const batch: Queued<Job, Result>[] = [];
    const keys = new Set<string>();
    let kept = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const queued = this.queue[i];
      if (batch.length < this.options.maxBatch && (queued.key === null || !keys.has(queued.key))) {
        batch.push(queued);
        if (queued.key !== null) keys.add(queued.key);
      } else {
        this.queue[kept++] = queued;
      }
    }
    this.queue.length = kept;
    return batch;
  }

  private async runBatch(batch: Queued<Job, Result>[]): Promise<void> {
    this.counts.batches++;
    this.counts.jobs += batch.length;
    if (batch.length > this.counts.largestBatch) this.counts.largestBatch = batch.length;
    let results: Result[];
    try {
      results = await this.execute(batch.map((queued) => queued.job));
      if (results.length !== batch.length)
        throw new Error(`A batch of ${batch.length} jobs returned ${results.length} results.`);
    } catch (error) {
      if (batch.length === 1 || !this.options.isSafeToRetry(error)) {
        for (const queued of batch) queued.reject(error);
        return;
      }
      await Promise.all(batch.map((queued) => this.runBatch([queued])));
      return;
    }
    batch.forEach((queued, i) => queued.resolve(results[i]));
  }
}
