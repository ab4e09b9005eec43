import 'reflect-metadata';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { openOrm } from '../../src/persistence/orm.js';
import { createTestDatabase } from '../support/database.js';
import { TEST_SECRET_KEY, type TestApp, type TestAppOptions } from '../support/test-app.js';

/** Helpers of the hardening tests: a server with chosen limits, raw sockets, captured server logs. */

export interface HardenedAppOptions extends Pick<TestAppOptions, 'database' | 'ingestBodyLimit'> {
  guards?: Config['ingestionGuards'];
  httpLimits?: Config['httpLimits'];
  redisUrl?: string;
  /** Captures the server log (JSON lines, level info). */
  logLines?: string[];
}

/** A real server on a real port, like `startTestApp`, with the ingestion guards and HTTP limits given. */
export async function startHardenedApp(options: HardenedAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const orm = await openOrm(database.url);
  const lines = options.logLines;
  const { app, deps, ingestion, drain, liveTail } = await buildApp({
    orm,
    logger: lines !== undefined,
    logStream: lines && { write: (line: string) => void lines.push(line) },
    config: {
      publicUrl: 'http://intake.test',
      sessionTtlMs: 3600_000,
      secureCookies: false,
      logLevel: lines ? 'info' : 'silent',
      consoleDist: null,
      ingestBodyLimit: options.ingestBodyLimit ?? 1024 * 1024,
      secretKey: TEST_SECRET_KEY,
      ingestionGuards: options.guards,
      httpLimits: options.httpLimits,
      redisUrl: options.redisUrl,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    metricsUrl: null,
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

/** A raw HTTP/1.1 connection: what a sender that trickles or never sends its body looks like. */
export class RawConnection {
  private received = '';
  private ended = false;
  private readonly waiters: (() => void)[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    // The server may reset a connection it closed while we were still sending: that is the point of some tests.
    socket.on('error', () => {});
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes text (ignored once the server closed the connection). */
  write(text: string | Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(text);
  }

  /** Everything received so far. */
  get text(): string {
    return this.received;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Resolves once a whole response head has arrived; rejects if the connection ends first. */
  async response(): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    await this.until(() => this.received.includes('\r\n\r\n') || this.ended);
    const split = this.received.indexOf('\r\n\r\n');
    if (split === -1)
      throw new Error(`the connection ended without a response (received ${JSON.stringify(this.received)})`);
    const [statusLine, ...headerLines] = this.received.slice(0, split).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    await this.until(() => this.received.length - split - 4 >= length || this.ended);
    return {
      status: Number(statusLine.split(' ')[1]),
      headers,
      body: this.received.slice(split + 4, split + 4 + length),
    };
  }

  /** Resolves once the server has closed the connection. */
  async end(): Promise<void> {
    await this.until(() => this.ended);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (condition()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiting = this.waiters.splice(0);
    for (const waiter of waiting) waiter();
  }
}

/** The request line and headers of a POST whose body is declared but not (yet) sent. */
export function postHead(path: string, contentLength: number, extra: Record<string, string> = {}): string {
  const headers = {
    host: 'intake.test',
    'content-type': 'application/json',
    'content-length': String(contentLength),
    ...extra,
  };
  return `POST ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n`;
}

/** Server log lines (JSON) whose message matches. */
export function logEntries(lines: string[], message: RegExp): Record<string, any>[] {
  return lines
    .flatMap((line) => line.split('\n'))
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((entry) => typeof entry.msg === 'string' && message.test(entry.msg));
}

/** Counts the configuration reads a server makes from now on (to show that an address needed none). */
export function countRouteReads(t: TestApp): { readonly count: number } {
  const store = t.ingestion.store;
  const original = store.findRoute.bind(store);
  const counter = { count: 0 };
  store.findRoute = (slug: string, endpoint: string) => {
    counter.count++;
    return original(slug, endpoint);
  };
  return counter;
}
