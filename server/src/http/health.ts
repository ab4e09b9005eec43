import type { FastifyInstance } from 'fastify';
import type { Deps } from '../application/deps.js';

/** Liveness plus a database round trip, for load balancers. */
export async function registerHealth(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/health', async (_request, reply) => {
    try {
      await deps.orm.em.getConnection().execute('select 1');
      return { ok: true };
    } catch {
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ ok: false, error: { code: 'UNAVAILABLE' } });
    }
  });
}
