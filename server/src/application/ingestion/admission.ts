import { ENDPOINT_PATTERN } from '@intake/rules';
import { runIngestionPipeline } from '../../domain/ingestion-pipeline.js';
import { errorResponse } from '../../domain/response.js';
import { ACCOUNT_SLUG_PATTERN } from '../accounts/create-account.js';
import { RefusalReport, WindowSampler } from './flood-control.js';
import type { IngestResult } from './ingest-request.js';
import type { Logger } from './ports.js';
import type { IngestionRateLimiter } from './rate-limiter.js';
import { ConfigurationReadsBusy, type RoutedWebhook, type WebhookCache } from './webhook-cache.js';

export interface AdmissionSettings {
  /**
   * Requests being checked and stored at once at most (from the moment their body is read until they are
   * answered), over every webhook: beyond it, 503 + Retry-After at once.
   */
  maxInFlight: number;
  /** Requests that reach no active webhook logged one by one per webhook and minute; the rest are counted. */
  notRoutableLogsPerMinute: number;
}

export const DEFAULT_ADMISSION: AdmissionSettings = { maxInFlight: 256, notRoutableLogsPerMinute: 20 };

export interface AdmissionDeps {
  cache: WebhookCache;
  rateLimiter: IngestionRateLimiter;
  logger: Logger;
}

/** What becomes of a request, decided from its address and method alone, before its body is read. */
export type Admission =
  /** No webhook at this address (or an address no webhook can have): 404, nothing logged. */
  | { kind: 'unknown' }
  /** The configuration could not be read: 503. */
  | { kind: 'unavailable'; failure: unknown }
  /** The webhook's rate limit is spent: 429 + Retry-After, counted, not logged. */
  | { kind: 'rate-limited'; webhookId: string; webhook: RoutedWebhook; retryAfterSeconds: number }
  /** Too many configuration reads or requests in flight on this instance: 503 + Retry-After, counted, not logged. */
  | { kind: 'busy'; retryAfterSeconds: number }
  /**
   * The webhook is inactive or archived, or takes another method: answered without reading the body, logged
   * (NOT_ROUTABLE, without the body) while such requests are few, else counted.
   */
  | { kind: 'not-routable'; webhook: RoutedWebhook; log: boolean; unloggedBefore: number }
  /** Read the body, then `enter` and ingest. */
  | { kind: 'admitted'; webhook: RoutedWebhook };

const UNKNOWN: Admission = { kind: 'unknown' };
const BUSY_RETRY_AFTER_SECONDS = 1;
const MINUTE_MS = 60_000;
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Whether an address can name a webhook at all: an account slug and an endpoint of their own syntax. Anything
 * else (`%00`, upper case, dots) is unknown without a look-up.
 */
export function isWebhookAddress(accountSlug: string, endpoint: string): boolean {
  return ACCOUNT_SLUG_PATTERN.test(accountSlug) && ENDPOINT_PATTERN.test(endpoint);
}

/**
 * The door of ingestion: decides from the URL and the method, before the body is read, whether a request goes
 * on. In order: the address's syntax, the webhook it resolves to (cached), the webhook's rate limit, and whether
 * the webhook takes requests (inactive, archived or another method: NOT_ROUTABLE, sampled under a flood). Once
 * the body is read, `enter` applies the instance's in-flight cap: counting from there, senders that trickle their
 * bodies cannot take the places of the requests that are ready. Refusals cost no database work beyond a cache
 * miss, and are counted in one server log line per period rather than one request log each.
 */
export class IngestionAdmission {
  private inFlight = 0;
  private readonly notRoutable: WindowSampler;
  private readonly report: RefusalReport;

  constructor(
    private readonly deps: AdmissionDeps,
    private readonly settings: AdmissionSettings = DEFAULT_ADMISSION,
  ) {
    this.notRoutable = new WindowSampler({ passPerWindow: settings.notRoutableLogsPerMinute, windowMs: MINUTE_MS });
    this.report = new RefusalReport(deps.logger);
  }

  async admit(accountSlug: string, endpoint: string, method: string): Promise<Admission> {
    if (!isWebhookAddress(accountSlug, endpoint)) return UNKNOWN;
    const { cache, rateLimiter } = this.deps;
    let webhook: RoutedWebhook | null;
    try {
      webhook = await cache.resolve(accountSlug, endpoint);
      if (webhook === null) return UNKNOWN;
      const rate = await rateLimiter.take(webhook.id);
      if (!rate.allowed) {
        this.report.count('rate-limited', webhook.id);
        return { kind: 'rate-limited', webhookId: webhook.id, webhook, retryAfterSeconds: rate.retryAfterSeconds };
      }
      // A webhook activated a moment ago may still be cached as inactive until its notification arrives.
      if (webhook.status !== 'ACTIVE') webhook = await cache.resolve(accountSlug, endpoint, true);
    } catch (failure) {
      if (failure instanceof ConfigurationReadsBusy) {
        this.report.count('shed-configuration-reads', '*');
        return { kind: 'busy', retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS };
      }
      return { kind: 'unavailable', failure };
    }
    if (webhook === null) return UNKNOWN;

    if (webhook.status !== 'ACTIVE' || method.toUpperCase() !== webhook.settings.method) {
      const sample = this.notRoutable.take(webhook.id);
      if (!sample.pass) this.report.count('not-routable-unlogged', webhook.id);
      return { kind: 'not-routable', webhook, log: sample.pass, unloggedBefore: sample.skippedBefore };
    }

    return { kind: 'admitted', webhook };
  }

  /**
   * Takes a place among the requests in flight for an admitted request whose body is read: a function that
   * gives it back (once answered), or null when every place is taken (answer 503 + Retry-After).
   */
  enter(webhookId: string): (() => void) | null {
    if (this.inFlight >= this.settings.maxInFlight) {
      this.report.count('shed-in-flight-cap', webhookId);
      return null;
    }
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
  }

  /** Requests that entered and are not answered yet. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  close(): void {
    this.report.close();
  }
}

/**
 * The answer to a request refused at the door, without a request log: the generic 404 for an unknown address
 * or a webhook that takes no requests, 405 + Allow for another method, 429 or 503 with Retry-After.
 */
/** Every place in flight is taken (`enter` gave none): answered like any other `busy`. */
export const BUSY = { kind: 'busy', retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS } as const;

export function refusalAnswer(
  admission: Exclude<Admission, { kind: 'admitted' }>,
  method: string,
): Omit<IngestResult, 'logId' | 'outcome' | 'eventId'> {
  switch (admission.kind) {
    case 'unknown':
      return answer(404, 'NOT_FOUND', NOT_FOUND_BODY);
    case 'unavailable':
      return { ...answer(503, 'UNAVAILABLE', UNAVAILABLE_BODY, { 'retry-after': '5' }), failure: admission.failure };
    case 'busy':
      return answer(503, 'UNAVAILABLE', UNAVAILABLE_BODY, { 'retry-after': String(admission.retryAfterSeconds) });
    case 'rate-limited':
      return answer(429, 'RATE_LIMITED', RATE_LIMITED_BODY, { 'retry-after': String(admission.retryAfterSeconds) });
    case 'not-routable': {
      if (admission.webhook.status !== 'ACTIVE') return answer(404, 'NOT_FOUND', NOT_FOUND_BODY);
      // The pipeline's own 405 (generic body, Allow): the method is its first check, so no body is needed.
      const rejection = runIngestionPipeline(admission.webhook.settings, {
        method,
        contentType: undefined,
        headers: {},
        rawBody: '',
      });
      if (rejection.kind !== 'rejected') return answer(404, 'NOT_FOUND', NOT_FOUND_BODY);
      const extra = Object.fromEntries(
        Object.entries(rejection.extraHeaders).map(([name, value]) => [name.toLowerCase(), value]),
      );
      return {
        statusCode: rejection.statusCode,
        headers: { 'content-type': JSON_TYPE, ...extra },
        body: rejection.responseBody,
      };
    }
  }
}

const NOT_FOUND_BODY = errorResponse(null, 'NOT_FOUND', 'No webhook accepts requests at this address.', 'generic');
const UNAVAILABLE_BODY = errorResponse(null, 'UNAVAILABLE', '', 'generic');
const RATE_LIMITED_BODY = errorResponse(
  null,
  'RATE_LIMITED',
  'Too many requests to this webhook; retry after the given delay.',
  'generic',
);

function answer(statusCode: number, code: string, body: string, extra: Record<string, string> = {}) {
  return { statusCode, headers: { 'content-type': JSON_TYPE, 'x-webhook-error': code, ...extra }, body };
}
