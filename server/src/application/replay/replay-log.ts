import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DomainError, Errors } from '../../domain/errors.js';
import type { RequestOutcome } from '../../domain/types.js';
import { ingestRequest } from '../ingestion/ingest-request.js';
import type { IngestionRuntime } from '../ingestion/ingestion-runtime.js';
import { openOriginal } from '../ingestion/original-request.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { ReplayRepository, ReplaySource } from './ports.js';

/**
 * A replay reserves this key, derived from the first log of its chain (the request as the sender sent it), for
 * this long: so a request registers one event however often, and however concurrently, it is replayed. Longer than
 * any log retention (LOG_RETENTION_DAYS ≤ 3650): a replay cannot outlive the log it replays.
 */
const REPLAY_KEY_HOURS = 3_651 * 24;
/** Replays of replays are followed back this far to the first request. */
const MAX_CHAIN = 20;

export interface ReplayParts {
  replays: ReplayRepository;
  ingestion: IngestionRuntime;
  secretBox: SecretBox;
}

export interface ReplayOutcome {
  logId: string;
  outcome: RequestOutcome;
}

/**
 * Runs a logged request — its original, as received — through its webhook's configuration now, as a new log marked
 * as its replay, without verifying its sender again. Refused (NOT_REPLAYABLE, field logId) when the original was not
 * kept or the webhook takes no requests now; NOT_FOUND outside the account.
 */
export async function replayLog(
  parts: ReplayParts,
  accountId: string,
  logId: string,
  by: string,
  jobId: string | null = null,
): Promise<ReplayOutcome> {
  const source = await parts.replays.findSource(accountId, logId);
  if (!source) throw Errors.notFound('Request log', logId);
  refuseUnreplayable(source);
  const root = await firstOfChain(parts.replays, accountId, source);
  const key = `replay:${root.id}`;
  if (root.outcome === 'PROCESSED') {
    // The request registered its event when it arrived: every replay of it is a duplicate of that.
    await parts.replays.holdKey(source.webhookId, key, root.id, new Date(Date.now() + REPLAY_KEY_HOURS * 3_600_000));
  }
  const route = await parts.ingestion.cache.resolve(
    source.webhook.accountSlug,
    source.webhook.endpoint,
    jobId === null,
  );
  if (!route || route.id !== source.webhookId || route.status !== 'ACTIVE')
    throw notReplayable('The webhook takes no requests now; activate it to replay its requests.');
  const original = openOriginal(parts.secretBox, source.original ?? '', {
    headers: source.requestHeaders,
    query: source.query,
    body: source.requestBody,
  });
  const result = await ingestRequest(parts.ingestion, {
    accountSlug: source.webhook.accountSlug,
    endpoint: source.webhook.endpoint,
    method: source.method,
    path: source.path,
    query: original.query,
    headers: original.headers,
    body: original.body,
    bodyTooLarge: false,
    // It was within the limit when it arrived; a limit lowered since does not refuse it.
    bodyLimitBytes: Math.max(original.body.length, 1),
    receivedAt: new Date(),
    startedAt: performance.now(),
    logId: randomUUID(),
    route,
    replay: {
      mark: { of: source.id, by, jobId },
      reservation: { key, windowHours: REPLAY_KEY_HOURS },
      firstProcessed: root.outcome === 'PROCESSED',
    },
  });
  if (result.logId === null || result.outcome === null || result.failure !== undefined) throw Errors.unavailable();
  return { logId: result.logId, outcome: result.outcome };
}

function refuseUnreplayable(source: ReplaySource): void {
  if (source.outcome === 'NOT_ROUTABLE')
    throw notReplayable('The request reached no active webhook: its body was not kept, so it cannot be replayed.');
  if (source.original === null)
    throw notReplayable(
      'The original of this request was not kept (its body was too large or incomplete, or it was logged before replay existed), so it cannot be replayed.',
    );
  if (source.webhook.status === 'ARCHIVED')
    throw notReplayable('The webhook is archived; it takes no requests, replays included.');
  if (source.webhook.status !== 'ACTIVE')
    throw notReplayable('The webhook is inactive; activate it to replay its requests.');
}

/**
 * The request a log stands for, as first received: back through replays (the log replayed) and duplicates (the
 * request that was processed).
 */
async function firstOfChain(replays: ReplayRepository, accountId: string, source: ReplaySource): Promise<ReplaySource> {
  let log = source;
  for (let step = 0; step < MAX_CHAIN; step++) {
    const earlierId = log.replayOf ?? (log.outcome === 'DUPLICATE' ? log.duplicateOf : null);
    if (earlierId === null) break;
    const earlier = await replays.findSource(accountId, earlierId);
    if (!earlier) break;
    log = earlier;
  }
  return log;
}

function notReplayable(message: string): DomainError {
  return new DomainError('NOT_REPLAYABLE', message, 'logId');
}
