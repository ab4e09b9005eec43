import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import type { MikroORM } from '@mikro-orm/postgresql';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Deps } from './application/deps.js';
import type { Config } from './config.js';
import { registerGraphQL } from './graphql/plugin.js';
import { registerConsole } from './http/console-static.js';
import { registerHealth } from './http/health.js';
import { registerIngestion } from './http/ingestion/plugin.js';

export interface AppOptions {
  config: Pick<Config, 'publicUrl' | 'sessionTtlMs' | 'secureCookies' | 'logLevel' | 'consoleDist' | 'ingestBodyLimit'>;
  orm: MikroORM;
  logger?: boolean;
}

/** Builds the whole HTTP application; never listens (main.ts and tests do). */
export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; deps: Deps }> {
  const { config, orm } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              censor: '[REDACTED]',
            },
          },
    genReqId: () => randomUUID(),
    // Every webhook request is stored as a request log; per-request lines would only slow the hot path down.
    logController: new LogController({ disableRequestLogging: (request) => request.url.startsWith('/webhooks/') }),
    requestIdHeader: false,
    trustProxy: true,
  });
  const deps: Deps & { secureCookies: boolean } = {
    orm,
    publicUrl: config.publicUrl,
    sessionTtlMs: config.sessionTtlMs,
    secureCookies: config.secureCookies,
  };
  await app.register(fastifyCookie);
  await registerHealth(app, deps);
  await registerGraphQL(app, deps);
  await app.register(registerIngestion, { deps, bodyLimit: config.ingestBodyLimit });
  await registerConsole(app, config.consoleDist);
  return { app, deps };
}
