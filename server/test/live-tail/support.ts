import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client over a real WebSocket, as an API user or a browser would open it. */

export interface LiveOptions {
  /** graphql-ws connection parameters (`connection_init` payload): where an API key goes. */
  connectionParams?: Record<string, unknown>;
  /** Headers of the upgrade request (Cookie, Origin, Authorization). */
  headers?: Record<string, string>;
}

export interface LiveSubscription<T> {
  /** The next message, or what ended the subscription (an error answer or the socket's close), within `timeoutMs`. */
  next(timeoutMs?: number): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  /** Resolves with the close code once the socket closed (a refused connection). */
  closed: Promise<number>;
  /** Messages received and not read yet. */
  pending(): number;
  dispose(): Promise<void>;
}

export class LiveFailure extends Error {
  constructor(
    readonly closeCode: number | null,
    readonly errors: { message: string; extensions?: Record<string, unknown> }[] | null,
  ) {
    super(closeCode !== null ? `socket closed with ${closeCode}` : `subscription failed: ${JSON.stringify(errors)}`);
  }
}

/** Connects to `baseUrl`'s /graphql and starts `query`; messages are queued until read. */
export function subscribe<T = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  options: LiveOptions = {},
): LiveSubscription<T> {
  const headers = options.headers ?? {};
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  type Item = { value?: { data?: T; errors?: any[] }; failure?: LiveFailure };
  const queue: Item[] = [];
  let waiting: ((item: Item) => void) | null = null;
  const push = (item: Item) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(item);
    } else queue.push(item);
  };
  client.subscribe<T>(
    { query, variables },
    {
      next: (value) => push({ value: value as Item['value'] }),
      error: (error) => {
        const code = (error as { code?: unknown }).code;
        push({
          failure: new LiveFailure(
            typeof code === 'number' ? code : null,
            Array.isArray(error) ? (error as LiveFailure['errors']) : null,
          ),
        });
      },
      complete: () => {},
    },
  );
  return {
    closed,
    pending: () => queue.length,
    next: async (timeoutMs = 3_000) => {
      const item =
        queue.shift() ??
        (await new Promise<Item>((resolve, reject) => {
          const timer = setTimeout(() => {
            waiting = null;
            reject(new Error(`no subscription message within ${timeoutMs} ms`));
          }, timeoutMs);
          waiting = (item) => {
            clearTimeout(timer);
            resolve(item);
          };
        }));
      if (item.failure) throw item.failure;
      return item.value!;
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
