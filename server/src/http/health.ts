import type { FastifyInstance } from 'fastify';

/** A readiness query must answer within this long, or the database counts as unavailable (503). */
export const READINESS_TIMEOUT_MS = 1_000;

/**
 * Liveness plus a database round trip, for load balancers: 200 when `ping` resolves within
 * `READINESS_TIMEOUT_MS`, else 503 + Retry-After — never a hung probe, whatever the database does. Concurrent
 * probes share one ping, so a database that does not answer holds one pooled connection, not one per probe.
 */
export async function registerHealth(app: FastifyInstance, ping: () => Promise<unknown>): Promise<void> {
  let pending: Promise<boolean> | null = null;
  const check = (): Promise<boolean> => {
    pending ??= ping().then(
      () => true,
      () => false,
    );
    const current = pending;
    void current.then(() => {
      if (pending === current) pending = null;
    });
    return current;
  };
  app.get('/health', async (_request, reply) => {
    if (await withinMs(READINESS_TIMEOUT_MS, check())) return { ok: true };
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
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
