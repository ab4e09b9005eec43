import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built console at / with a single-page-app fallback; API paths keep their JSON 404s. Unknown paths are
 * answered here in every case, never by Fastify's default handler, which logs the raw URL (query values included).
 */
export async function registerConsole(app: FastifyInstance, distDir: string | null): Promise<void> {
  if (distDir) await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ['index.html'] });
  else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The console is not built. Run `pnpm start` (it builds it) or `pnpm dev`.\n'),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const apiPath =
      request.url.startsWith('/graphql') || request.url.startsWith('/webhooks/') || request.url.startsWith('/health');
    if (distDir && request.method === 'GET' && !apiPath && request.headers.accept?.includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({
      ok: false,
      error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` },
    });
  });
}
