import type { FastifyInstance } from 'fastify';

/** A readiness query must answer within this long, or the database counts as unavailable (503). */
export const READINESS_TIMEOUT_MS = 1_000;

/** What readiness is made of; app.ts wires them to the database, the change listener and the drain. */
export interface HealthChecks {
  /** A database round trip (`select 1`). */
  ping(): Promise<unknown>;
  /** Whether every migration this build knows has been applied. */
  migrationsCurrent(): Promise<boolean>;
  /** Whether the LISTEN connection that keeps the webhook cache honest is connected. */
  listening(): boolean;
  /** Whether the shutdown has begun. */
  shuttingDown(): boolean;
}

type CheckName = 'shutdown' | 'database' | 'migrations' | 'listener';
type Verdict = 'ok' | 'failed' | 'not checked';

/**
 * Health endpoints for load balancers and orchestrators, none of which ever hangs:
 * - `/health`: a database round trip within `READINESS_TIMEOUT_MS` → `{"ok":true}`, else 503 + Retry-After (kept
 *   as it was);
 * - `/healthz`: liveness — the process answers, 200 `{"status":"ok"}`, whatever the database does;
 * - `/readyz`: readiness — not shutting down, the database answers within `READINESS_TIMEOUT_MS`, migrations are
 *   current and the LISTEN connection is up → 200; else 503 + Retry-After naming the checks that failed.
 * Concurrent probes share one ping, so a database that does not answer holds one pooled connection, not one per
 * probe.
 */
export async function registerHealth(app: FastifyInstance, checks: HealthChecks): Promise<void> {
  const ping = shared(() => checks.ping().then(() => true));
  const migrations = shared(() => checks.migrationsCurrent());

  app.get('/health', async (_request, reply) => {
    if (await withinMs(READINESS_TIMEOUT_MS, ping())) return { ok: true };
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const verdicts: Record<CheckName, Verdict> = {
      shutdown: 'ok',
      database: 'not checked',
      migrations: 'not checked',
      listener: checks.listening() ? 'ok' : 'failed',
    };
    if (checks.shuttingDown()) {
      verdicts.shutdown = 'failed';
    } else {
      const database = await withinMs(READINESS_TIMEOUT_MS, ping());
      verdicts.database = database ? 'ok' : 'failed';
      if (database) verdicts.migrations = (await withinMs(READINESS_TIMEOUT_MS, migrations())) ? 'ok' : 'failed';
      // The shutdown may have begun while the database answered.
      if (checks.shuttingDown()) verdicts.shutdown = 'failed';
    }
    const failed = (Object.keys(verdicts) as CheckName[]).filter((name) => verdicts[name] === 'failed');
    if (failed.length === 0 && verdicts.migrations === 'ok') return { status: 'ok', checks: verdicts };
    reply.code(503).header('retry-after', '5');
    if (verdicts.shutdown === 'failed') reply.header('connection', 'close');
    return { status: 'unavailable', failed, checks: verdicts };
  });
}

/**
 * One run of `check` at a time, shared by every caller while it runs; a rejection counts as false. A check that
 * does not settle keeps being shared (the next probe reuses it) rather than piling up.
 */
function shared(check: () => Promise<boolean>): () => Promise<boolean> {
  let pending: Promise<boolean> | null = null;
  return () => {
    pending ??= check().then(
      (ok) => ok,
      () => false,
    );
    const current = pending;
    void current.then(() => {
      if (pending === current) pending = null;
    });
    return current;
  };
}

/** The check's verdict, or false when it takes longer than `ms` (it keeps running; the next probe reuses it). */
function withinMs(ms: number, check: Promise<boolean>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void check.then((ready) => {
      clearTimeout(timer);
      resolve(ready);
    });
  });
}
