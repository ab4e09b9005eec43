import type { ExpressionEvaluator } from '../application/ingestion/ports.js';
import type { ExpressionOutcome } from '../domain/ingestion-pipeline.js';
import type { ExpressionRequest } from '../domain/mapping.js';
import { ExpressionRunner } from './evaluate-job.js';

/**
 * Evaluates expressions on the calling thread, with the same sandbox and cache as the workers but only JSONata's
 * cooperative time limit: a single step that does not yield (a ten-million-item range) blocks the thread. For tests
 * and tools that run a known expression (a blueprint's sample), never for requests from senders.
 */
export class InProcessExpressionEvaluator implements ExpressionEvaluator {
  private readonly runner: ExpressionRunner;
  private nextId = 1;

  constructor(timeoutMs = 1_000) {
    this.runner = new ExpressionRunner(timeoutMs);
  }

  async evaluate(program: string, request: ExpressionRequest): Promise<ExpressionOutcome> {
    const outcome = await this.runner.run({ id: this.nextId++, program, ...request });
    if (!outcome.ok) return { ok: false, code: outcome.code, row: outcome.row, message: outcome.message };
    return { ok: true, computed: new Map(request.tasks.map((task, i) => [task.row, outcome.values[i]])) };
  }
}
