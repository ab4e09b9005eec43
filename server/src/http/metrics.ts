import type { FastifyInstance } from 'fastify';
import { stringsEqualInConstantTime } from '../domain/constant-time.js';
import { bearerToken } from '../security/bearer-token.js';

export interface MetricsRouteOptions {
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  contentType: string;
  /** When set, a scrape needs `Authorization: Bearer <token>`; else 401. */
  token: string | null;
}

/** `GET /metrics`: the Prometheus text exposition, optionally behind a bearer token (compared in constant time). */
export async function registerMetrics(app: FastifyInstance, options: MetricsRouteOptions): Promise<void> {
  const { token } = options;
  app.get('/metrics', async (request, reply) => {
    if (token !== null) {
      const presented = bearerToken(request.headers.authorization ?? '');
      if (presented === null || !stringsEqualInConstantTime(presented, token)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    }
    const text = await options.render();
    return reply.header('content-type', options.contentType).header('cache-control', 'no-store').send(text);
  });
}
