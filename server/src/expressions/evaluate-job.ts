import { compileExpression, ExpressionRefusal, type SandboxedExpression } from '@intake/rules/expression';
import type { ExpressionBindings, ExpressionTask } from '../domain/mapping.js';
import type { JsonValue } from '../domain/types.js';

/**
 * One request's expressions, evaluated in order: what a worker thread runs for each job (and what the in-process
 * evaluator runs in tests). Compiled expressions are cached by program (`<webhook id>@<version>`) and row.
 */

export interface ExpressionJob {
  id: number;
  program: string;
  tasks: ExpressionTask[];
  bindings: ExpressionBindings;
}

/** A job's outcome as it crosses the thread boundary: the values in task order, or the failing row. */
export type JobOutcome =
  | { id: number; ok: true; values: (JsonValue | undefined)[] }
  | { id: number; ok: false; code: 'EXPRESSION_TIMEOUT' | 'EXPRESSION_FAILED'; row: number; message: string };

/** Compiled expressions kept at most per thread; the oldest go first. */
const MAX_CACHED = 2_000;

export class ExpressionRunner {
  private readonly compiled = new Map<string, Promise<SandboxedExpression>>();

  constructor(
    private readonly timeoutMs: number,
    /** Told which row is being evaluated before each one: the pool reads it when it has to stop the thread. */
    private readonly onRow: (row: number) => void = () => {},
  ) {}

  async run(job: ExpressionJob): Promise<JobOutcome> {
    const values: (JsonValue | undefined)[] = [];
    for (const task of job.tasks) {
      this.onRow(task.row);
      try {
        const expression = await this.compile(job.program, task);
        values.push(await expression.evaluate(task.value, job.bindings));
      } catch (error) {
        const refusal =
          error instanceof ExpressionRefusal
            ? error
            : new ExpressionRefusal(`The expression failed: ${describe(error)}.`, 'failed');
        const code = refusal.kind === 'timeout' ? 'EXPRESSION_TIMEOUT' : 'EXPRESSION_FAILED';
        return { id: job.id, ok: false, code, row: task.row, message: refusal.message };
      }
    }
    return { id: job.id, ok: true, values };
  }

  private compile(program: string, task: ExpressionTask): Promise<SandboxedExpression> {
    const key = `${program}#${task.row}`;
    let compiled = this.compiled.get(key);
    if (compiled === undefined) {
      // A refusal is cached too: a stored expression the sandbox refuses costs one compile per version, not one
      // per request.
      compiled = compileExpression(task.expression, { timeoutMs: this.timeoutMs });
      compiled.catch(() => {});
      if (this.compiled.size >= MAX_CACHED) this.compiled.delete(this.compiled.keys().next().value!);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
