import { parentPort, workerData } from 'node:worker_threads';
import { ExpressionRunner, type ExpressionJob } from './evaluate-job.js';

/**
 * A worker thread of the expression pool (worker-pool.ts). It receives batches of jobs, evaluates them one after
 * the other and answers each as soon as it is done; before each row it writes the row's index into the shared
 * `progress` cell, so that the pool can say which row ran out of time when it has to terminate this thread.
 *
 * It sees nothing but the jobs: it is started with an empty environment (no secrets in `process.env`), and the
 * sandbox (`@intake/rules/expression`) gives expressions no way to reach JavaScript.
 */

interface WorkerOptions {
  timeoutMs: number;
  progress: Int32Array;
}

const { timeoutMs, progress } = workerData as WorkerOptions;
const port = parentPort!;
const runner = new ExpressionRunner(timeoutMs, (row) => Atomics.store(progress, 0, row));

port.on('message', (batch: { jobs: ExpressionJob[] }) => {
  void (async () => {
    for (const job of batch.jobs) port.postMessage(await runner.run(job));
  })();
});

port.postMessage({ ready: true });
