import type { BalanceTemplate } from '../../domain/event-rules.js';
import type { ExpressionOutcome } from '../../domain/ingestion-pipeline.js';
import type { ExpressionRequest } from '../../domain/mapping.js';
import type {
  FilterGroup,
  HttpMethod,
  IdempotencySettings,
  JsonObject,
  MappingRule,
  VerificationSettings,
  WebhookStatus,
} from '../../domain/types.js';

/**
 * What ingestion needs from storage and from the process, declared here and implemented by adapters
 * (persistence/ingestion for PostgreSQL, Fastify's logger).
 */

/** One row of `request_logs` minus what the outcome decides. */
export interface LogFields {
  id: string;
  accountId: string;
  webhookId: string;
  receivedAt: Date;
  method: string;
  path: string;
  query: string | null;
  requestHeaders: JsonObject;
  requestBody: string | null;
  bodyTruncated: boolean;
  durationMs: number;
  /** The sender's delivery id, when the webhook has idempotency and the request carried one. */
  idempotencyKey: string | null;
  /**
   * The customer the request was mapped to, when it got that far: the event's, also when an event rule refuses it
   * (CUSTOMER_NOT_FOUND, INSUFFICIENT_POINTS, …); null for requests refused before their customer was known.
   */
  customerExternalId: string | null;
  /**
   * What the stored copy lacks of the request as received, sealed (`log-record.ts`: `sealOriginal`): '' when the
   * stored copy is the original; absent or null when the original is not kept (the log cannot be replayed).
   */
  original?: string | null;
  /** Set on the log of a replay: the log replayed, who replayed it, and the bulk replay that did (null: one alone). */
  replay?: ReplayMark | null;
}

/** What the log of a replay records about it. */
export interface ReplayMark {
  of: string;
  by: string;
  jobId: string | null;
}

/** What the sender is answered, as stored in the log. */
export interface LoggedResponse {
  statusCode: number;
  outcome: string;
  errorCode: string | null;
  error: string | null;
  responseBody: string;
  responseHeaders: Record<string, string>;
}

/** A text of an answer: complete, or with a slot the storing statement fills with the balance it read. */
export type AnswerText = string | BalanceTemplate;

/** A possible answer to an event for an existing member; `error` and `responseBody` may quote the balance. */
export interface ResponseVariant {
  statusCode: number;
  outcome: string;
  errorCode: string | null;
  error: AnswerText | null;
  responseBody: AnswerText;
  responseHeaders: Record<string, string>;
}

/** Which answer the storing statement chose, from what it found under the member's row lock. */
export type MemberVerdict =
  'PROCESSED' | 'CUSTOMER_NOT_FOUND' | 'INSUFFICIENT_POINTS' | 'BALANCE_LIMIT' | 'DUPLICATE_TRANSACTION';

/**
 * The delivery id an event reserves when it is processed, in the statement that stores it: a later request with the
 * same key within `windowHours` registers nothing and gets the original answer again (DUPLICATE).
 */
export interface IdempotencyReservation {
  key: string;
  windowHours: number;
}

export interface EventFields {
  id: string;
  customerExternalId: string;
  action: string;
  data: JsonObject;
  transactionId: string | null;
}

export interface MemberChange {
  /** Decimal text with at most 4 decimals; negative subtracts. "0" for events that do not touch the balance. */
  pointsDelta: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** null keeps the flag. */
  optedOut: boolean | null;
}

export interface Enrolment {
  memberId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  labels: string[];
  /**
   * The answer (and log) when the labels would take an existing member past INGESTION_LIMITS.labelsPerMember:
   * then nothing but the log is stored.
   */
  tooManyLabels: LoggedResponse;
}

export interface StoredResult extends LoggedResponse {
  /**
   * What the statement decided; LOGGED for a request that only logs; DUPLICATE for one whose delivery id was
   * processed already (its answer is the original one, and its log links it).
   */
  verdict: MemberVerdict | 'LOGGED' | 'DUPLICATE';
  eventId: string | null;
}

/** A secret of a webhook, opened by the store for the cache (the value never leaves the process). */
export interface RouteSecret {
  id: string;
  value: string;
  /** null = until replaced. */
  expiresAt: Date | null;
}

/** The configuration of the webhook an ingestion address resolves to. */
export interface WebhookRouteRow {
  id: string;
  accountId: string;
  status: WebhookStatus;
  method: HttpMethod;
  filter: FilterGroup | null;
  action: string;
  mapping: MappingRule[];
  successResponse: string | null;
  errorResponse: string | null;
  version: number;
  /** Absent: NONE. */
  verification?: VerificationSettings;
  idempotency?: IdempotencySettings | null;
  /** Fan-out: "body.<path to a list>"; absent or null: one event per request. */
  splitOn?: string | null;
  /** Opened, newest first; secrets expired when loaded are left out. */
  secrets?: RouteSecret[];
}

/** One request's write: its log alone (a rejection), or its event for an existing member with every answer. */
export type WriteJob =
  | { kind: 'log'; log: LogFields; response: LoggedResponse }
  | {
      kind: 'member';
      log: LogFields;
      event: EventFields;
      change: MemberChange;
      variants: Partial<Record<MemberVerdict, ResponseVariant>>;
      /** Reserved only when the event is stored; a key processed already makes the request a DUPLICATE. */
      idempotency: IdempotencyReservation | null;
    };

/** One item of a split request, as its transaction registers it (see `IngestionStore.writeFanOut`). */
export interface FanOutItem {
  /** The item's position in the request's list (`customer_events.item_index`). */
  index: number;
  event: EventFields;
  /** Decimal text with at most 4 decimals; negative subtracts; "0" for events that do not touch the balance. */
  pointsDelta: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** null keeps the flag. */
  optedOut: boolean | null;
  /** For an opt_in: the id a member it enrols gets, and the labels it adds; null for other events. */
  enrol: { memberId: string; labels: string[] } | null;
}

/** Why a split request's transaction refused an item (it then stored nothing). */
export type FanOutRefusal =
  'CUSTOMER_NOT_FOUND' | 'INSUFFICIENT_POINTS' | 'BALANCE_LIMIT' | 'DUPLICATE_TRANSACTION' | 'TOO_MANY_LABELS';

/**
 * What a split request's transaction did: stored every event and the log (or found the delivery id processed
 * already: a DUPLICATE, logged); or refused at the first item the members' stored state refuses — then nothing was
 * stored, and `balance` is the member's balance before that item (for INSUFFICIENT_POINTS' reason).
 */
export type FanOutResult =
  | { kind: 'stored'; stored: StoredResult }
  | { kind: 'refused'; index: number; refusal: FanOutRefusal; balance: string };

/**
 * Why a write failed when it may have been stored all the same: its statement outlived its time and did not
 * answer the cancel request, or its connection was lost while it ran. Only `writeFailedLog` can tell.
 */
export class StorageOutcomeUnknown extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageOutcomeUnknown';
  }
}

/**
 * The ingestion hot path's storage: every method is one transaction, and resolves once committed. A write
 * rejects with `StorageOutcomeUnknown` when it may have committed, and with any other error when it certainly
 * did not (it never ran, or PostgreSQL rolled it back).
 */
export interface IngestionStore {
  /**
   * Stores one request — its log alone, or its event, member change and log — with the answer the statement
   * chose among the job's variants. Rejects when nothing was stored (or when that cannot be known).
   */
  write(job: WriteJob): Promise<StoredResult>;
  /**
   * After a failed `write` or `enrolMember`: writes the request's FAILED log, unless the request was stored after
   * all (a write that ended in `StorageOutcomeUnknown` may have committed) — then resolves with what was stored;
   * null when the FAILED log was written. The log has the request's id, so it waits for a write still running
   * and then either finds it committed or stands in its way: once it is written, the write can never commit.
   * Rejects when it cannot tell within `waitMs`.
   */
  writeFailedLog(log: LogFields, response: LoggedResponse, waitMs: number): Promise<StoredResult | null>;
  /**
   * Enrols (or updates) a member for an opt_in, registers the event and logs the request; with `idempotency`, like
   * `write`, a key processed already makes it a DUPLICATE.
   */
  enrolMember(
    log: LogFields,
    event: EventFields,
    enrolment: Enrolment,
    response: LoggedResponse,
    idempotency: IdempotencyReservation | null,
  ): Promise<StoredResult>;
  /**
   * Registers every item of a split request, in item order, with its log — all in one transaction, or nothing (a
   * refusal is returned; its log is then written with `write`). With `idempotency`, like `write`, a key processed
   * already makes it a DUPLICATE.
   */
  writeFanOut(
    log: LogFields,
    items: readonly FanOutItem[],
    response: LoggedResponse,
    idempotency: IdempotencyReservation | null,
  ): Promise<FanOutResult>;
  /**
   * The webhook a request to /webhooks/custom/{slug}/{endpoint} resolves to: the live (active or inactive) one,
   * else the most recently archived one, so that requests to it are still logged. Null when there is none.
   */
  findRoute(accountSlug: string, endpoint: string): Promise<WebhookRouteRow | null>;
}

/**
 * Evaluates mapping expressions (JSONata) in a sandbox, away from the event loop that answers senders: a runaway
 * expression is cut off at its time box and refuses only its own request. The adapter is a pool of worker threads
 * (server/src/expressions).
 */
export interface ExpressionEvaluator {
  /**
   * Evaluates one request's expressions. `program` names the configuration they belong to (`<webhook id>@<version>`):
   * expressions are compiled once per program and row, then cached. Resolves with every row's value, or with the row
   * that failed or ran out of time and why; rejects only when the evaluator is closed or cannot start.
   */
  evaluate(program: string, request: ExpressionRequest): Promise<ExpressionOutcome>;
}

/** A pino-compatible logger (Fastify's `app.log` is one): structured details first, then the message. */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
