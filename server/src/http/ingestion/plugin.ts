import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BUSY, refusalAnswer, type IngestionAdmission } from '../../application/ingestion/admission.js';
import { ingestRequest, type IngestInput, type IngestResult } from '../../application/ingestion/ingest-request.js';
import type { IngestionRuntime } from '../../application/ingestion/ingestion-runtime.js';
import type { IngestionObserver } from '../../application/ingestion/observer.js';
import type { RoutedWebhook } from '../../application/ingestion/webhook-cache.js';
import { isUuid } from '../../domain/ids.js';
import type { RequestOutcome } from '../../domain/types.js';

export interface IngestionPluginOptions {
  /** Storage and the configuration cache; whoever built them (app.ts) closes them. */
  runtime: IngestionRuntime;
  /** Largest body accepted, in bytes; larger ones are answered 413 (and logged). */
  bodyLimit: number;
  /** Decides from the URL, before the body is read: unknown address, rate limit, NOT_ROUTABLE, in-flight cap. */
  admission: IngestionAdmission;
  /** A body must arrive in full within this many milliseconds once its headers have; else 408 (logged). */
  bodyTimeoutMs: number;
  /** Told of every answered request under /webhooks/ (metrics). */
  observer?: IngestionObserver;
}

/** The body as our parser hands it over: raw bytes, never parsed here (the pipeline decides what they mean). */
interface RawBody {
  bytes: Buffer;
  tooLarge: boolean;
  /** The body did not arrive in full within the time limit: we stopped reading. */
  timedOut: boolean;
  /**
   * We stopped reading (far past the size limit, or out of time) while the sender may still be sending: the
   * connection is closed after answering.
   */
  abandoned: boolean;
}

type Params = { account: string; endpoint: string };

const EMPTY = Buffer.alloc(0);
const UNREAD: RawBody = { bytes: EMPTY, tooLarge: false, timedOut: false, abandoned: false };
const ignore = () => {};
const JSON_TYPE = 'application/json; charset=utf-8';
// Every method reaches the handler so that a wrong one is answered 405 with Allow (and logged), not 404.
// HEAD is added by Fastify for the GET route.
const ALL_METHODS: HTTPMethods[] = ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
/** Past the limit the rest of a body is read and dropped (so the sender reads our 413) up to this many bytes. */
const DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * `POST|PUT /webhooks/custom/{account}/{endpoint}`: an encapsulated plugin with its own body parser (raw bytes for
 * every content type, its own size and time limits) and its own error handling (JSON answers; our failures are
 * 503, never 400). The route is an adapter: `admit` from the URL (in `onRequest`, before the body is read) →
 * `ingestRequest` → reply. Requests refused at the door are answered at once, and their connection is closed
 * when a body is still on its way, so an unread body is never buffered nor waited for.
 */
export const registerIngestion: FastifyPluginAsync<IngestionPluginOptions> = async (app, options) => {
  const { runtime, bodyLimit, admission, bodyTimeoutMs, observer } = options;
  /** The webhook each admitted request resolved to, for its handler. */
  const admitted = new WeakMap<FastifyRequest, RoutedWebhook>();
  /** For the observer: what each request's address resolved to and its log's outcome, when known. */
  const observed = new WeakMap<FastifyRequest, { webhook: RoutedWebhook | null; outcome: RequestOutcome | null }>();
  const observe = (request: FastifyRequest, webhook: RoutedWebhook | null, outcome: RequestOutcome | null) => {
    if (observer) observed.set(request, { webhook, outcome });
  };
  if (observer) {
    app.addHook('onResponse', (request, reply, done) => {
      const seen = observed.get(request);
      const params = request.params as Partial<Params> | undefined;
      observer.answered(
        seen?.webhook ?? null,
        params?.account ?? '',
        params?.endpoint ?? '',
        seen?.outcome ?? null,
        reply.statusCode,
        reply.elapsedTime,
      );
      done();
    });
  }

  // One parser for every Content-Type, JSON and forms alike: the bytes as sent, which sender verification signs
  // over; the pipeline decides from the Content-Type how to read them (or answers 415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    readRawBody(payload, bodyLimit, bodyTimeoutMs, done);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const params = request.params as Partial<Params> | undefined;
    const status = error.statusCode ?? 500;
    const isWebhookRoute = params?.account !== undefined && params.endpoint !== undefined;
    const route = admitted.get(request);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && route !== undefined) {
      // Fastify refused the Content-Type header before any parser ran: the pipeline answers (and logs) it as 415.
      const result = await ingest(runtime, request, reply, options, UNREAD, { route });
      observe(request, route, result.outcome);
      return send(reply, result);
    }
    if (route !== undefined) observe(request, route, null);
    if (status >= 400 && status < 500 && !isWebhookRoute) return notFound(reply);
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'ingestion request refused before routing');
      return reply
        .code(status)
        .type(JSON_TYPE)
        .header('x-webhook-error', 'INVALID_REQUEST')
        .send({ ok: false, error: { code: 'INVALID_REQUEST', message: error.message } });
    }
    request.log.error({ err: error }, 'ingestion failed');
    return reply
      .code(503)
      .type(JSON_TYPE)
      .header('retry-after', '5')
      .header('x-webhook-error', 'UNAVAILABLE')
      .send({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  app.route({
    method: ALL_METHODS,
    url: '/webhooks/custom/:account/:endpoint',
    onRequest: async (request, reply) => {
      const { account, endpoint } = request.params as Params;
      const decision = await admission.admit(account, endpoint, request.method);
      if (decision.kind === 'admitted') {
        admitted.set(request, decision.webhook);
        return;
      }
      if (decision.kind === 'not-routable' && decision.log) {
        const result = await ingest(runtime, request, reply, options, UNREAD, {
          route: decision.webhook,
          unloggedBefore: decision.unloggedBefore,
        });
        observe(request, decision.webhook, result.outcome);
        return sendBeforeBody(request, reply, result);
      }
      if (decision.kind === 'not-routable' || decision.kind === 'rate-limited')
        observe(request, decision.webhook, null);
      const refusal = refusalAnswer(decision, request.method);
      if (refusal.failure !== undefined)
        request.log.error({ err: refusal.failure }, 'ingestion: configuration read failed');
      return sendBeforeBody(request, reply, refusal);
    },
    handler: async (request, reply) => {
      const route = admitted.get(request);
      const body = request.body as RawBody | undefined;
      const release = route ? admission.enter(route.id) : null;
      if (route && !release) {
        observe(request, route, null);
        return send(reply, { ...refusalAnswer(BUSY, request.method), closeConnection: body?.abandoned ?? false });
      }
      if (release) reply.raw.once('close', release);
      const result = await ingest(runtime, request, reply, options, body, { route });
      observe(request, route ?? null, result.outcome);
      return send(reply, result);
    },
  });

  // Anything else under /webhooks/ is an unknown address, answered like one (JSON, never the console), at once.
  app.route({
    method: ALL_METHODS,
    url: '/webhooks/*',
    onRequest: async (request, reply) => sendBeforeBody(request, reply, refusalAnswer({ kind: 'unknown' }, '')),
    handler: async (_request, reply) => notFound(reply),
  });
};

type Answer = Pick<IngestResult, 'statusCode' | 'headers' | 'body'>;

/**
 * Fastify's `frameworkErrors`: a URL it cannot route (a percent-encoding that is not UTF-8, such as `%C0%80`, or a
 * parameter past its length). Under /webhooks/ it is an address no webhook can have: 404 like any unknown one,
 * without a look-up. Elsewhere, Fastify's own answer.
 */
export function answerUnroutableUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (request.raw.url?.startsWith('/webhooks/')) {
    void sendBeforeBody(request, reply, refusalAnswer({ kind: 'unknown' }, ''));
    return;
  }
  const statusCode = error.statusCode ?? 400;
  void reply
    .code(statusCode)
    .type(JSON_TYPE)
    .send({
      error: statusCode === 414 ? 'URI Too Long' : 'Bad Request',
      code: error.code,
      message: error.message,
      statusCode,
    });
}

/**
 * Answers before the body was read. When the request's body has not fully arrived, the connection is closed after
 * the answer: keeping it would mean reading (or waiting for) a body nobody wants. A small body may be in the
 * bytes already received but not yet parsed: it gets one turn of the event loop, so that a small request that
 * came in one packet keeps its connection.
 */
async function sendBeforeBody(request: FastifyRequest, reply: FastifyReply, answer: Answer): Promise<FastifyReply> {
  if (!request.raw.complete && declaredLength(request) <= SMALL_BODY_BYTES) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  reply.code(answer.statusCode).headers(answer.headers);
  if (!request.raw.complete) reply.header('connection', 'close');
  return reply.send(answer.body);
}

/** Bodies up to this size usually arrive with their headers. */
const SMALL_BODY_BYTES = 64 * 1024;

/** The Content-Length the request declares; 0 without a body, Infinity when chunked (length unknown). */
function declaredLength(request: FastifyRequest): number {
  const declared = request.headers['content-length'];
  if (declared === undefined) return request.headers['transfer-encoding'] === undefined ? 0 : Infinity;
  const length = Number(declared);
  return Number.isSafeInteger(length) && length >= 0 ? length : Infinity;
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .type(JSON_TYPE)
    .header('x-webhook-error', 'NOT_FOUND')
    .send({ ok: false, error: { code: 'NOT_FOUND', message: 'No webhook accepts requests at this address.' } });
}

async function ingest(
  runtime: IngestionRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  limits: Pick<IngestionPluginOptions, 'bodyLimit' | 'bodyTimeoutMs'>,
  body: RawBody | undefined,
  known: Pick<IngestInput, 'route' | 'unloggedBefore'>,
): Promise<IngestResult & { closeConnection: boolean }> {
  const { account, endpoint } = request.params as Params;
  const queryAt = request.url.indexOf('?');
  const elapsed = reply.elapsedTime;
  const result = await ingestRequest(runtime, {
    accountSlug: account,
    endpoint,
    method: request.method,
    path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
    query: queryAt === -1 ? null : request.url.slice(queryAt + 1),
    headers: request.headers,
    body: body?.bytes ?? EMPTY,
    bodyTooLarge: body?.tooLarge ?? false,
    bodyLimitBytes: limits.bodyLimit,
    receivedAt: new Date(Date.now() - elapsed),
    startedAt: performance.now() - elapsed,
    logId: isUuid(request.id) ? request.id : undefined,
    bodyTimedOut: body?.timedOut ?? false,
    bodyTimeoutMs: limits.bodyTimeoutMs,
    ...known,
  });
  if (result.failure !== undefined)
    request.log.error({ err: result.failure, logId: result.logId }, 'ingestion storage failed');
  return { ...result, closeConnection: body?.abandoned ?? false };
}

function send(reply: FastifyReply, result: Answer & { closeConnection: boolean }): FastifyReply {
  reply.code(result.statusCode).headers(result.headers);
  if (result.closeConnection) reply.header('connection', 'close');
  return reply.send(result.body);
}

/**
 * Reads the body as bytes. Past `limit` it keeps what it has, marks the body too large and drops the rest, so
 * that the pipeline can answer 413 (and log it) while the sender, still sending, gets to read the answer. A body
 * not in full within `timeoutMs` (a sender trickling it byte by byte holds a connection and its memory) is
 * abandoned: the pipeline answers 408 (and logs it) and the connection is closed.
 */
function readRawBody(
  payload: IncomingMessage,
  limit: number,
  timeoutMs: number,
  done: (error: Error | null, body?: RawBody) => void,
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  let received = 0;
  let tooLarge = false;
  let finished = false;
  const finish = (error: Error | null, stopped: 'complete' | 'too-large' | 'timed-out' = 'complete') => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
    // A sender that aborts after we stopped listening must not crash the process with an unhandled 'error'.
    payload.on('error', ignore);
    if (stopped !== 'complete') payload.pause();
    if (error) done(error);
    else
      done(null, {
        bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept),
        tooLarge,
        timedOut: stopped === 'timed-out',
        abandoned: stopped !== 'complete',
      });
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (!tooLarge) {
      if (kept + chunk.length <= limit) {
        chunks.push(chunk);
        kept += chunk.length;
      } else {
        tooLarge = true;
        const room = limit - kept;
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          kept += room;
        }
      }
    }
    if (received > limit + DRAIN_BYTES) finish(null, 'too-large');
  };
  const onEnd = () => finish(null);
  const onError = (error: Error) =>
    finish(Object.assign(new Error('The request body could not be read.'), { statusCode: 400, cause: error }));
  const timer = setTimeout(() => finish(null, 'timed-out'), timeoutMs);
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
}
