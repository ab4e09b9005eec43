import type { FastifyInstance } from 'fastify';

/** Liveness plus a database round trip (`ping` rejects when the database does not answer), for load balancers. */
export async function registerHealth(app: FastifyInstance, ping: () => Promise<unknown>): Promise<void> {
  app.get('/health', async (_request, reply) => {
    try {
      await ping();
      return { ok: true };
    } catch {
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ ok: false, error: { code: 'UNAVAILABLE' } });
    }
  });
}
