import { performance } from 'node:perf_hooks';

/**
 * Runs a batch of jobs as one unit (one statement, one commit) and returns one result per job, in the jobs'
 * order; rejects when the batch as a whole failed. `deadline` is the earliest of its jobs' deadlines (on the
 * options' clock; Infinity when none has one): the batch must be settled by then.
 */
export type BatchExecutor<Job, Result> = (jobs: Job[], deadline: number) => Promise<Result[]>;

/** A job waited in the queue past its deadline: it was never run, so it certainly changed nothing. */
export class QueuedPastDeadline extends Error {
  constructor(waitedMs: number) {
    super(`The request waited ${Math.round(waitedMs)} ms for its turn to be stored and was not run.`);
    this.name = 'QueuedPastDeadline';
  }
}

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
   * Whether a failed batch certainly changed nothing AND may have failed through one job's fault, so that its
   * jobs are retried one by one (those whose deadline has not passed) to find whose fault it was. Otherwise every
   * job of the batch fails with the error: a lost connection may hide a commit (a retry would store the jobs
   * twice), and a timeout is nobody's fault (a retry would only wait again).
   */
  isSafeToRetry(error: unknown): boolean;
  /** Milliseconds on a monotonic clock (tests may drive it). */
  now?: () => number;
  /**
   * Told of every batch executed (retries of a failed batch's jobs one by one included): its size, how long the
   * executor took (on `now`'s clock) and whether it succeeded. Metrics; must be cheap and must not throw.
   */
  onBatch?(size: number, durationMs: number, committed: boolean): void;
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
  queuedAt: number;
  deadline: number;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent jobs are executed together, so that a batch costs one round trip and one durable
 * commit, and each job is settled once its batch has. While a batch runs, new jobs queue, and the next batch
 * takes them all (up to `maxBatch`, one per key, oldest first); a lone job runs at once, in a batch of one.
 * When a batch fails with an error that `isSafeToRetry`, each of its jobs is run again alone, so that one
 * job's failure is its own. A job may carry a deadline: one still queued when it passes is rejected with
 * `QueuedPastDeadline` (it never ran), and a batch is handed the earliest deadline of its jobs.
 */
export class GroupCommit<Job, Result> {
  private readonly queue: Queued<Job, Result>[] = [];
  /** When each running batch started, oldest first. */
  private readonly running: number[] = [];
  private overlapTimer: NodeJS.Timeout | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;
  /** The deadline `expiryTimer` rings at (Infinity: none). */
  private expiryAt = Infinity;
  private readonly now: () => number;
  private readonly counts: GroupCommitStats = { batches: 0, jobs: 0, largestBatch: 0 };

  constructor(
    private readonly execute: BatchExecutor<Job, Result>,
    private readonly options: GroupCommitOptions<Job>,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Queues a job; resolves with its result once its batch has run, or rejects with why it failed. `deadline` (on
   * the options' clock) is when the job must be settled by.
   */
  submit(job: Job, deadline = Infinity): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, key: this.options.keyOf(job), queuedAt: this.now(), deadline, resolve, reject });
      this.pump();
    });
  }

  get stats(): GroupCommitStats {
    return { ...this.counts };
  }

  /** Stops waiting to start an overlapping batch; running batches finish on their own. */
  close(): void {
    if (this.overlapTimer) clearTimeout(this.overlapTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.overlapTimer = null;
    this.expiryTimer = null;
    this.expiryAt = Infinity;
  }

  private pump(): void {
    this.expire();
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
      if (batch.length === 0) continue; // every queued job was out of time
      const started = this.now();
      this.running.push(started);
      void this.runBatch(batch).finally(() => {
        this.running.splice(this.running.indexOf(started), 1);
        this.pump();
      });
    }
    this.watchDeadlines();
  }

  /**
   * Rejects the queued jobs whose deadline has passed: they never ran. Deadlines follow the queue's order closely
   * (each is its request's arrival plus one bound), so the queue is swept only when its oldest job is out of
   * time; a later one out of time is caught when a batch would take it.
   */
  private expire(): void {
    const now = this.now();
    const oldest = this.queue[0];
    if (oldest === undefined || oldest.deadline > now) return;
    let kept = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const queued = this.queue[i];
      if (queued.deadline <= now) queued.reject(new QueuedPastDeadline(now - queued.queuedAt));
      else this.queue[kept++] = queued;
    }
    this.queue.length = kept;
  }

  /** While jobs wait (every batch slot busy), wakes up when the oldest one's deadline passes. */
  private watchDeadlines(): void {
    const at = this.queue[0]?.deadline ?? Infinity;
    if (at === this.expiryAt) return;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.expiryAt = at;
    if (at === Infinity) return;
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = null;
        this.expiryAt = Infinity;
        this.pump();
      },
      Math.max(0, at - this.now()),
    );
  }

  /** The oldest queued jobs, at most `maxBatch`, leaving a second job for the same key to a later batch. */
  private takeBatch(): Queued<Job, Result>[] {
    const batch: Queued<Job, Result>[] = [];
    const keys = new Set<string>();
    const now = this.now();
    let kept = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const queued = this.queue[i];
      if (queued.deadline <= now) {
        queued.reject(new QueuedPastDeadline(now - queued.queuedAt));
      } else if (batch.length < this.options.maxBatch && (queued.key === null || !keys.has(queued.key))) {
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
    const started = this.now();
    try {
      let deadline = Infinity;
      for (const queued of batch) deadline = Math.min(deadline, queued.deadline);
      results = await this.execute(
        batch.map((queued) => queued.job),
        deadline,
      );
      if (results.length !== batch.length)
        throw new Error(`A batch of ${batch.length} jobs returned ${results.length} results.`);
      this.options.onBatch?.(batch.length, this.now() - started, true);
    } catch (error) {
      this.options.onBatch?.(batch.length, this.now() - started, false);
      if (batch.length === 1 || !this.options.isSafeToRetry(error)) {
        for (const queued of batch) queued.reject(error);
        return;
      }
      // Jobs out of time are not retried: they fail with the batch's error (it certainly changed nothing).
      const now = this.now();
      const retried = batch.filter((queued) => queued.deadline > now);
      for (const queued of batch) if (queued.deadline <= now) queued.reject(error);
      await Promise.all(retried.map((queued) => this.runBatch([queued])));
      return;
    }
    batch.forEach((queued, i) => queued.resolve(results[i]));
  }
}
