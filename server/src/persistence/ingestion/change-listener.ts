import pg from 'pg';
import type { Logger } from '../../application/ingestion/ports.js';

/** The channel the webhooks table's trigger notifies, with the changed webhook's id as payload. */
const CHANNEL = 'intake_webhook_changed';
/** The channel notified when API keys, users, sessions or accounts change (no payload). */
const CREDENTIALS_CHANNEL = 'intake_credentials_changed';
/** The channel request_logs' trigger notifies once per INSERT statement with its new logs (`RequestsLogged`). */
const LOGGED_CHANNEL = 'intake_request_logged';
const FIRST_BACKOFF_MS = 50;

export interface ChangeListenerEvents {
  /** A webhook changed (its id), or `null` when notifications may have been missed. */
  onChange(webhookId: string | null): void;
  /** Credentials changed (a key revoked, a role changed, a session ended…), or notifications may have been missed. */
  onCredentialsChange(): void;
  /** The listener is connected and listening (true), or lost its connection (false). */
  onState(listening: boolean): void;
  /** Request logs were committed, on any instance (the live tail); malformed payloads are not passed on. */
  onRequestsLogged?(logged: RequestsLogged): void;
  /** Whether anyone here follows them now: when not, a notification is dropped unparsed (one per group commit). */
  followsRequestsLogged?(): boolean;
}

/** One notification of `intake_request_logged`: the logs one statement wrote, by webhook. */
export interface RequestsLogged {
  /** The earliest and latest received_at among them (milliseconds: `to` rounded up). */
  from: Date;
  to: Date;
  /** Per webhook id, its new log ids, or null when they did not fit the notification (read its newest in the range). */
  webhooks: Map<string, string[] | null>;
}

/** The trigger's payload (Migration20261212000002RequestLoggedNotify), or null when it is not one. */
export function parseRequestsLogged(payload: string): RequestsLogged | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { f, t, w } = parsed as { f?: unknown; t?: unknown; w?: unknown };
  if (typeof f !== 'string' || typeof t !== 'string' || typeof w !== 'object' || w === null) return null;
  const from = new Date(f);
  // PostgreSQL keeps microseconds, Date milliseconds: the upper bound is rounded up so that it still covers the last.
  const to = new Date(new Date(t).getTime() + 1);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return null;
  const webhooks = new Map<string, string[] | null>();
  for (const [webhookId, ids] of Object.entries(w)) {
    if (ids === null) webhooks.set(webhookId, null);
    else if (Array.isArray(ids))
      webhooks.set(
        webhookId,
        ids.filter((id): id is string => typeof id === 'string'),
      );
  }
  return { from, to, webhooks };
}

export interface ChangeListenerOptions {
  logger: Logger;
  /** How often the connection is checked (a half-open TCP connection would otherwise look alive). */
  healthCheckMs?: number;
  maxBackoffMs?: number;
  applicationName?: string;
}

export interface ChangeListener {
  /** Resolves once the listener has first connected, or failed to (it then keeps retrying). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTENs for webhook changes over a dedicated connection, reconnecting with backoff when the connection is
 * lost or cannot be made. An outage is logged once (warn), not at every retry, and its end (info).
 */
export function listenForWebhookChanges(
  connectionString: string,
  events: ChangeListenerEvents,
  options: ChangeListenerOptions,
): ChangeListener {
  const { logger } = options;
  const healthCheckMs = options.healthCheckMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 2_000;
  let client: pg.Client | null = null;
  let closed = false;
  let backoff = FIRST_BACKOFF_MS;
  /** Whether a warning about the connection went out and the recovery has not been logged yet. */
  let warned = false;
  let failedAttempts = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let healthTimer: NodeJS.Timeout | null = null;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const lost = (which: pg.Client, error?: unknown) => {
    if (client !== which) return;
    client = null;
    if (healthTimer) clearInterval(healthTimer);
    healthTimer = null;
    which.removeAllListeners('notification');
    which.end().catch(() => {});
    events.onState(false);
    if (!closed && !warned) {
      warned = true;
      logger.warn(
        { err: error },
        'webhook change listener: no database connection; retrying, and meanwhile every request reads its webhook',
      );
    }
    scheduleReconnect();
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, backoff);
    backoff = Math.min(backoff * 2, maxBackoffMs);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      application_name: options.applicationName ?? 'intake-webhook-cache',
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel === CHANNEL) events.onChange(message.payload ?? null);
      else if (message.channel === CREDENTIALS_CHANNEL) events.onCredentialsChange();
      else if (
        message.channel === LOGGED_CHANNEL &&
        events.onRequestsLogged &&
        (events.followsRequestsLogged?.() ?? true)
      ) {
        const logged = parseRequestsLogged(message.payload ?? '');
        if (logged) events.onRequestsLogged(logged);
      }
    });
    try {
      client = next;
      await next.connect();
      // The live tail's channel only for owners that tail (the app); others are not woken by every batch.
      await next.query(
        `LISTEN ${CHANNEL}; LISTEN ${CREDENTIALS_CHANNEL}${events.onRequestsLogged ? `; LISTEN ${LOGGED_CHANNEL}` : ''}`,
      );
      if (closed) {
        await next.end();
        return;
      }
      backoff = FIRST_BACKOFF_MS;
      healthTimer = setInterval(() => {
        next.query('SELECT 1').catch((error: unknown) => lost(next, error));
      }, healthCheckMs);
      healthTimer.unref();
      if (warned) logger.info({ failedAttempts }, 'webhook change listener: listening again');
      warned = false;
      failedAttempts = 0;
      // Whatever changed while we were not listening is unknown: everything cached is suspect.
      events.onChange(null);
      events.onCredentialsChange();
      events.onState(true);
      resolveReady();
    } catch (error) {
      failedAttempts++;
      if (client === next) lost(next, error);
      else next.end().catch(() => {});
      resolveReady();
    }
  };

  void connect();
  return {
    ready,
    close: async () => {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (healthTimer) clearInterval(healthTimer);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners('end');
        current.removeAllListeners('error');
        current.on('error', () => {});
        await current.end().catch(() => {});
      }
    },
  };
}
