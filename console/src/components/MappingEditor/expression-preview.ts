import { lookupPath, MISSING, pathProblem, splitPath, writePath, type JsonObject, type JsonValue } from '@intake/rules';
import type { ExpressionModule } from './expression-module';
import type { EventAttributeInfo, MappingDraft } from './mapping-model';

/**
 * Previews of mapping expressions, in the admin's browser, with the server's sandbox (`@intake/rules/expression`):
 * the same check, the same functions, the same results. The tab must never hang on an expression being typed, so
 * a preview stops after PREVIEW_LIMITS.timeoutMs between steps and refuses long sequences (a range of ten million
 * numbers is a single step that could not be stopped); regular expressions run on RE2 and recursion is bounded, as
 * on the server.
 */

export type ExpressionPreview =
  /** The expression cannot be saved: the server would refuse it too (shown at the input). */
  | { kind: 'invalid'; message: string }
  /** It can be saved, but fails on the sample (the server would answer 422 EXPRESSION_FAILED for such a body). */
  | { kind: 'failed'; message: string }
  | { kind: 'value'; value: JsonValue }
  /** It computes nothing for the sample: the row's default applies, or nothing is written. */
  | { kind: 'nothing' };

export const PREVIEW_LIMITS = { timeoutMs: 250, maxSequence: 100_000 };

/** What `$headers` holds in a preview: the editor has a sample body only. */
export const PREVIEW_HEADERS = { 'content-type': 'application/json' };

export async function previewExpression(
  module: ExpressionModule,
  expression: string,
  from: string,
  sample: JsonObject,
): Promise<ExpressionPreview> {
  const problem = module.expressionProblem(expression);
  if (problem) return { kind: 'invalid', message: problem };
  try {
    const compiled = await module.compileExpression(expression, PREVIEW_LIMITS);
    const read = pathProblem(from) === null ? lookupPath(sample, splitPath(from)) : MISSING;
    const value = await compiled.evaluate(read === MISSING ? undefined : read, {
      body: sample,
      headers: PREVIEW_HEADERS,
    });
    return value === undefined ? { kind: 'nothing' } : { kind: 'value', value };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A starting sample body for previews: every row's `from` with a value that suits its target (a number for NUMBER
 * attributes, a member id for `customer`, a text otherwise). The admin edits it to look like what the sender sends.
 */
export function buildPreviewSample(
  rows: readonly MappingDraft[],
  attributes: readonly EventAttributeInfo[],
): JsonObject {
  const body: JsonObject = {};
  for (const row of rows) {
    const from = row.from.trim();
    if (from === '' || pathProblem(from) !== null) continue;
    const type = attributes.find((attribute) => attribute.path === row.to.trim())?.type;
    const value: JsonValue = row.to.trim() === 'customer' ? 'customer-1' : type === 'NUMBER' ? 10 : 'example';
    writePath(body, from, value, { keepExisting: true, arraysForIndexes: true });
  }
  return body;
}
