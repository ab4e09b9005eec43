import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { MikroORM, Options } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, expect } from 'vitest';
import { issueApiKey } from '../../src/application/accounts/api-keys.js';
import { createAccount } from '../../src/application/accounts/create-account.js';
import { createUser } from '../../src/application/accounts/create-user.js';
import type { Deps } from '../../src/application/deps.js';
import type { LiveTail } from '../../src/application/logs/live-tail.js';
import { buildApp, type AppOptions, type StartedIngestion } from '../../src/app.js';
import type { Role } from '../../src/domain/types.js';
import type { Drain } from '../../src/http/drain.js';
import { openOrm } from '../../src/persistence/orm.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  /** Base URL of the server, listening on a real port. */
  url: string;
  /** The shutdown drain (tests start a shutdown with it). */
  drain: Drain;
  /** Base URL of the separate metrics listener (config.metrics.port set; 0 = any free port), else null. */
  metricsUrl: string | null;
  app: FastifyInstance;
  deps: Deps;
  /** The ingestion runtime: its store (group-commit statistics, configuration reads) for tests that look inside. */
  ingestion: StartedIngestion;
  orm: MikroORM;
  database: TestDatabase;
  /** The live tail's subscriptions on this instance (tests wait for theirs to start). */
  liveTail: LiveTail;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Reuse an existing database (e.g. a second server instance on the same data). */
  database?: TestDatabase;
  ingestBodyLimit?: number;
  /** Serve a built console from this folder (browser tests). */
  consoleDist?: string;
  /** The public base URL shown in ingestion URLs; defaults to http://intake.test. */
  publicUrl?: string;
  /** Listen on this port (e.g. so `publicUrl` can name it); defaults to any free port. */
  port?: number;
  /** MikroORM settings over the defaults (e.g. a logger that counts statements). */
  orm?: Partial<Options>;
  /** The key secrets are sealed with; defaults to TEST_SECRET_KEY (instances on one database share it). */
  secretKey?: Buffer;
  /** Capture the server log (JSON lines) at `logLevel` instead of running without a logger. */
  logStream?: { write(line: string): void };
  logLevel?: string;
  /** Configuration over the test defaults (e.g. trustProxy, redisUrl, graphqlMaxAnswerBytes). */
  config?: Partial<AppOptions['config']>;
  /** Ingestion's clock (e.g. frozen at a sender's published example). */
  clock?: () => number;
}

/** The fixed key test servers seal secrets with, so that several instances on one database can read them. */
export const TEST_SECRET_KEY = Buffer.from('intake-test-secret-key-32-bytes!', 'utf8');

/** A real server on a real port over a fresh database of its own. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const orm = await openOrm(database.url, options.orm);
  const built = await buildApp({
    orm,
    logger: options.logStream !== undefined,
    logStream: options.logStream,
    clock: options.clock,
    config: {
      publicUrl: options.publicUrl ?? 'http://intake.test',
      sessionTtlMs: 3600_000,
      secureCookies: false,
      logLevel: options.logStream ? (options.logLevel ?? 'info') : 'silent',
      consoleDist: options.consoleDist ?? null,
      ingestBodyLimit: options.ingestBodyLimit ?? 1024 * 1024,
      secretKey: options.secretKey ?? TEST_SECRET_KEY,
      ...options.config,
    },
  }).catch(async (error: unknown) => {
    // A refused start (the wrong secret key) leaves nothing open behind it.
    await orm.close(true);
    if (!options.database) await database.drop();
    throw error;
  });
  const { app, deps, ingestion, metricsApp, drain, liveTail } = built;
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let metricsUrl: string | null = null;
  if (metricsApp) {
    await metricsApp.listen({ port: options.config?.metrics?.port ?? 0, host: '127.0.0.1' });
    metricsUrl = `http://127.0.0.1:${(metricsApp.server.address() as AddressInfo).port}`;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    metricsUrl,
    drain,
    app,
    deps,
    ingestion,
    orm,
    database,
    liveTail,
    close: async () => {
      await app.close();
      await orm.close(true);
      if (!options.database) await database.drop();
    },
  };
}

/**
 * The server of a test file: started before its tests (`beforeAll`), closed after them (`afterAll`). Read it in
 * tests and hooks through what this answers — `const t = useTestApp();` … `t.url`, `t.deps` — not at module load,
 * before it has started.
 */
export function useTestApp(options: TestAppOptions = {}): Omit<TestApp, 'close'> {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): TestApp => {
    if (!started) throw new Error('useTestApp: the server is not started yet (it starts in beforeAll)');
    return started;
  };
  // Each property is read from the server started for this file, at the time it is read.
  return new Proxy({} as TestApp, { get: (_, property) => Reflect.get(current(), property) });
}

export interface TestTenant {
  accountId: string;
  slug: string;
  adminKey: string;
  readerKey: string;
  email: string;
  password: string;
}

let tenantCounter = 0;

/** A fresh account with an admin key, a reader key and an admin user. */
export async function createTenant(
  deps: Deps,
  slug = `acct-${++tenantCounter}-${Math.random().toString(36).slice(2, 7)}`,
): Promise<TestTenant> {
  const account = await createAccount(deps, slug, `Account ${slug}`);
  const admin = await issueApiKey(deps, account.id, 'admin key', 'ADMIN');
  const reader = await issueApiKey(deps, account.id, 'reader key', 'READER' as Role);
  const user = await createUser(deps, account.id, `admin@${slug}.test`, 'ADMIN', 'correct horse battery staple');
  return {
    accountId: account.id,
    slug,
    adminKey: admin.secret,
    readerKey: reader.secret,
    email: user.email,
    password: user.password,
  };
}

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions: { code: string; field?: string; [k: string]: unknown }; path?: string[] }[];
  headers: Headers;
}

/** Sends a GraphQL operation over real HTTP. */
export async function gql<T = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  auth: { apiKey?: string; cookie?: string } = {},
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.apiKey) headers.authorization = `Bearer ${auth.apiKey}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLResult['errors'] };
  return { status: response.status, data: body.data ?? null, errors: body.errors, headers: response.headers };
}

/** The data of a GraphQL answer that must have succeeded; the test fails with the errors otherwise. */
export function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

/** The first error of a GraphQL answer that must have failed with `code` (and at `field`, when given). */
export function expectError(result: GraphQLResult, code: string, field?: string) {
  expect(result.errors, `expected ${code}, got ${JSON.stringify(result.data)}`).toBeDefined();
  const [error] = result.errors!;
  expect(error!.extensions.code, JSON.stringify(result.errors)).toBe(code);
  if (field !== undefined) expect(error!.extensions.field).toBe(field);
  return error!;
}
