import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Vite names every file it writes under assets/ by a hash of its content (`index-Ci25Ldlx.js`): a changed file gets
 * a new name, so browsers keep these for a year without asking again. Everything else — index.html, which names the
 * current hashed files, and the favicon — is revalidated on each use (ETag / Last-Modified), so a deploy is seen at
 * the next load.
 */
function cacheHeaders(distDir: string) {
  return (reply: FastifyReply, filePath: string) => {
    const hashed = path.relative(distDir, filePath).split(path.sep)[0] === 'assets';
    reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/**
 * Serves the built console at / with a single-page-app fallback; API paths keep their JSON 404s. Unknown paths are
 * answered here in every case, never by Fastify's default handler, which logs the raw URL (query values included).
 * The build writes brotli and gzip copies beside each file (console/vite.config.ts); the one the browser accepts is
 * sent as it is, with `Vary: Accept-Encoding`, and the original otherwise.
 */
export async function registerConsole(app: FastifyInstance, distDir: string | null): Promise<void> {
  if (distDir) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      // The compressed copies are found through their originals, not served under their own names.
      globIgnore: ['**/*.br', '**/*.gz'],
      cacheControl: false,
      setHeaders: cacheHeaders(distDir),
    });
  } else {
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
