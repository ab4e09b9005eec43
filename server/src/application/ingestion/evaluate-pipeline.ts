import {
  completeIngestion,
  prepareIngestion,
  type AcceptedRequest,
  type IngestionRequest,
  type PipelineOptions,
  type PipelineSettings,
  type RejectedRequest,
} from '../../domain/ingestion-pipeline.js';
import { expressionRequest, hasExpressions } from '../../domain/mapping.js';
import type { ExpressionEvaluator } from './ports.js';

/** Which configuration a request's expressions belong to: they are compiled once per webhook version and row. */
export function expressionProgram(webhook: { id: string; version: number }): string {
  return `${webhook.id}@${webhook.version}`;
}

/**
 * The pure pipeline with its one asynchronous step: a request that passed every check before the mapping has its
 * mapping expressions evaluated by the port, then is mapped and converted. Webhooks without expressions go straight
 * through, with no round trip. A split request has each item's expressions evaluated (in parallel: the pool batches). The ingestion route and the dry run both run it, so they answer alike. Rejects only
 * when the evaluator cannot evaluate at all (closed, or its workers cannot start).
 */
export async function runPipelineWithExpressions(
  evaluator: ExpressionEvaluator,
  program: string,
  settings: PipelineSettings,
  request: IngestionRequest,
  options: PipelineOptions = {},
): Promise<AcceptedRequest | RejectedRequest> {
  const prepared = prepareIngestion(settings, request, options);
  if (prepared.kind === 'rejected') return prepared;
  if (!hasExpressions(settings.mapping)) return completeIngestion(settings, prepared, null);
  if (prepared.items !== null) {
    // One evaluation per item ($body the item, $parent the request's body); the pool batches them.
    const { body, headers } = prepared;
    const outcomes = await Promise.all(
      prepared.items.map((item) =>
        evaluator.evaluate(program, expressionRequest(settings.mapping, item, headers, body)),
      ),
    );
    return completeIngestion(settings, prepared, outcomes);
  }
  const outcome = await evaluator.evaluate(
    program,
    expressionRequest(settings.mapping, prepared.body, prepared.headers),
  );
  return completeIngestion(settings, prepared, outcome);
}
