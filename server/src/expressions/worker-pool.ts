import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ExpressionEvaluator } from '../application/ingestion/ports.js';
import type { ExpressionOutcome } from '../domain/ingestion-pipeline.js';
import type { ExpressionRequest } from '../domain/mapping.js';
import type { ExpressionJob, JobOutcome } from './evaluate-job.js';
import { expressionWorkerUrl } from './worker-entry.js';

/**
 * The ExpressionEvaluator adapter: a small pool of worker threads that evaluate mapping expressions, so that no
 * expression ever runs on the event loop that answers senders. JSONata steps such as `[1..10000000]` or a huge
 * `$pad` are synchronous and cannot be interrupted in-process; a thread can be terminated.
 *
 * - Batching: evaluations asked for in the same turn of the event loop go to a worker in one message, and while a
 *   worker is busy the next ones wait here and go together when it is free (one batch in flight per worker).
 * - Time box, per request: a worker answers each job as soon as it is done, so the pool knows when the job at the
 *   head of a batch started. When one has run for `timeoutMs`, the worker is terminated, that request is answered
 *   EXPRESSION_TIMEOUT (naming the row the worker was on, from a shared memory cell), a fresh worker is started, and
 *   the jobs queued behind it go to the next free worker. Inside the worker JSONata also stops cooperatively at
 *   `timeoutMs` between steps, which spares a restart in most cases.
 * - Memory: each worker has `resourceLimits`; one whose heap fills is stopped by Node, and only its current request
 *   is refused (EXPRESSION_FAILED). See DEFAULT_WORKER_MEMORY_MB for why single allocations must stay small.
 * - Workers start on first use (webhooks without expressions never start one), with an empty environment; an idle
 *   worker does not keep the process alive. `close` terminates them.
 */

export interface ExpressionPoolSettings {
  /** Worker threads (EXPRESSION_WORKERS). */
  workers: number;
  /** Time box of one request's expressions, in milliseconds (EXPRESSION_TIMEOUT_MS). */
  timeoutMs: number;
  /** Old-generation heap of each worker, in MiB. */
  memoryMb?: number;
  /** Jobs sent in one message at most. */
  maxBatch?: number;
}

/**
 * Each worker's heap. Node ends a worker whose heap fills up gradually (ERR_WORKER_OUT_OF_MEMORY) but aborts the
 * whole process when one allocation goes more than 16 MB past the limit. The sandbox keeps single allocations small
 * (texts of at most 10 million characters, lists of 20 million items in all per evaluation: at most ~160 MB of
 * lists), so this leaves room for those and lets a gradual bomb end the worker only. Most runaways meet the time box
 * long before.
 */
export const DEFAULT_WORKER_MEMORY_MB = 512;
const DEFAULT_MAX_BATCH = 64;

interface Pending {
  id: number;
  program: string;
  request: ExpressionRequest;
  resolve(outcome: ExpressionOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker | null;
  ready: boolean;
  /** The batch the worker is evaluating, in order; the first is running since `headStartedAt`. */
  batch: Pending[];
  headStartedAt: number;
  timer: NodeJS.Timeout | null;
  /** The row the worker is evaluating (written by the worker). */
  progress: Int32Array;
}

export class ExpressionWorkerPool implements ExpressionEvaluator {
  private readonly settings: Required<ExpressionPoolSettings>;
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private flushScheduled = false;
  private closed = false;

  constructor(settings: ExpressionPoolSettings) {
    this.settings = {
      memoryMb: DEFAULT_WORKER_MEMORY_MB,
      maxBatch: DEFAULT_MAX_BATCH,
      ...settings,
    };
    this.slots = Array.from({ length: Math.max(1, settings.workers) }, () => ({
      worker: null,
      ready: false,
      batch: [],
      headStartedAt: 0,
      timer: null,
      progress: new Int32Array(new SharedArrayBuffer(4)),
    }));
  }

  evaluate(program: string, request: ExpressionRequest): Promise<ExpressionOutcome> {
    if (this.closed) return Promise.reject(new Error('The expression evaluator is closed.'));
    if (request.tasks.length === 0) return Promise.resolve({ ok: true, computed: new Map() });
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, program, request, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Terminates the workers; evaluations not answered yet are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('The expression evaluator is closed.');
    for (const pending of this.queue.splice(0)) pending.reject(error);
    await Promise.all(
      this.slots.map(async (slot) => {
        for (const pending of slot.batch.splice(0)) pending.reject(error);
        if (slot.timer) clearTimeout(slot.timer);
        const worker = slot.worker;
        slot.worker = null;
        if (worker) await worker.terminate();
      }),
    );
  }

  /** Workers running now (tests watch restarts). */
  get liveWorkers(): number {
    return this.slots.filter((slot) => slot.worker !== null).length;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After this turn's I/O callbacks: every request read in this turn joins the same batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.closed || this.queue.length === 0) return;
    for (const slot of this.slots) if (slot.worker === null) this.start(slot);
    const idle = this.slots.filter((slot) => slot.ready && slot.batch.length === 0);
    for (let i = 0; i < idle.length && this.queue.length > 0; i++) {
      const share = Math.min(this.settings.maxBatch, Math.ceil(this.queue.length / (idle.length - i)));
      this.dispatch(idle[i]!, this.queue.splice(0, share));
    }
  }

  private start(slot: Slot): void {
    const worker = new Worker(expressionWorkerUrl(), {
      // Nothing inherited: no loader hooks, no inspector, no environment (secrets).
      execArgv: [],
      env: {},
      workerData: { timeoutMs: this.settings.timeoutMs, progress: slot.progress },
      resourceLimits: { maxOldGenerationSizeMb: this.settings.memoryMb, maxYoungGenerationSizeMb: 16 },
    });
    worker.unref();
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (message: JobOutcome | { ready: true }) => {
      if (slot.worker !== worker) return;
      if ('ready' in message) {
        slot.ready = true;
        this.flush();
      } else {
        this.answered(slot, message);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.lost(
        slot,
        outOfMemory
          ? `The expression used more memory than allowed (${this.settings.memoryMb} MiB).`
          : `The expression stopped its evaluator (${error.message}).`,
        error,
      );
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker || this.closed) return;
      this.lost(slot, `The expression stopped its evaluator (exit code ${code}).`, new Error(`exit ${code}`));
    });
  }

  private dispatch(slot: Slot, batch: Pending[]): void {
    slot.batch = batch;
    slot.headStartedAt = performance.now();
    Atomics.store(slot.progress, 0, batch[0]!.request.tasks[0]!.row);
    const jobs: ExpressionJob[] = batch.map(({ id, program, request }) => ({
      id,
      program,
      tasks: request.tasks,
      bindings: request.bindings,
    }));
    // A worker with work keeps the process alive until it answers; an idle one does not.
    slot.worker!.ref();
    slot.worker!.postMessage({ jobs });
    this.arm(slot);
  }

  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    const remaining = slot.headStartedAt + this.settings.timeoutMs - performance.now();
    slot.timer = setTimeout(() => this.watch(slot), Math.max(0, remaining));
    slot.timer.unref();
  }

  /** The watchdog: the head of the batch has had its time, or the head changed and the timer is set anew. */
  private watch(slot: Slot): void {
    slot.timer = null;
    const head = slot.batch[0];
    if (!head) return;
    if (performance.now() - slot.headStartedAt < this.settings.timeoutMs) {
      this.arm(slot);
      return;
    }
    const row = Atomics.load(slot.progress, 0);
    this.restart(slot);
    head.resolve({
      ok: false,
      code: 'EXPRESSION_TIMEOUT',
      row,
      message: `The expression did not finish within ${this.settings.timeoutMs} ms.`,
    });
  }

  private answered(slot: Slot, outcome: JobOutcome): void {
    const index = slot.batch.findIndex((pending) => pending.id === outcome.id);
    if (index < 0) return;
    const [pending] = slot.batch.splice(index, 1);
    slot.headStartedAt = performance.now();
    if (outcome.ok) {
      const computed = new Map(pending!.request.tasks.map((task, i) => [task.row, outcome.values[i]]));
      pending!.resolve({ ok: true, computed });
    } else {
      pending!.resolve({ ok: false, code: outcome.code, row: outcome.row, message: outcome.message });
    }
    if (slot.batch.length === 0) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.worker?.unref();
      this.flush();
    }
  }

  /**
   * The worker died (out of memory, crashed): its current request is refused with `message`, the rest go back to
   * the queue. A worker that dies before it is ready cannot evaluate anything: every waiting request fails.
   */
  private lost(slot: Slot, message: string, error: Error): void {
    const wasReady = slot.ready;
    const head = slot.batch[0];
    const row = Atomics.load(slot.progress, 0);
    this.restart(slot, false);
    if (!wasReady) {
      const failure = new Error(`The expression evaluator could not start: ${error.message}`);
      for (const pending of this.queue.splice(0)) pending.reject(failure);
      return;
    }
    head?.resolve({ ok: false, code: 'EXPRESSION_FAILED', row, message });
    this.flush();
  }

  /** Terminates the slot's worker, puts the jobs behind its head back at the front of the queue, starts anew. */
  private restart(slot: Slot, startNow = true): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const worker = slot.worker;
    slot.worker = null;
    slot.ready = false;
    this.queue.unshift(...slot.batch.slice(1));
    slot.batch = [];
    if (worker) void worker.terminate();
    if (startNow && !this.closed) this.start(slot);
  }
}
