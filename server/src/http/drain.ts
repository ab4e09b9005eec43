import net from 'node:net';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

const JSON_TYPE = 'application/json; charset=utf-8';
const SHUTTING_DOWN_BODY = JSON.stringify({
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'The server is shutting down; retry shortly.' },
});
const POLL_MS = 25;

export interface DrainOptions {
  /**
   * The drain lasts at least this long, so that requests sent onto idle keep-alive connections just as it began
   * get their 503 (and the connection's end) instead of a reset.
   */
  lingerMs: number;
  /** Date.now() by which the drain gives up waiting for requests in flight. */
  deadline: number;
}

export interface Drain {
  /**
   * Stops accepting connections (the listening socket closes first), answers every request that arrives from
   * now on with 503 + Retry-After and closes its connection, lets the requests in flight finish (their answers
   * close their connections too), then closes the connections left idle. Resolves when no request is in flight
   * (after `lingerMs` at least), or at `deadline` with how many were still unanswered.
   */
  drain(options: DrainOptions): Promise<{ unanswered: number }>;
  /** True from the moment `drain` is called. */
  readonly draining: boolean;
}

/** Answers itself while draining (503 naming the shutdown), so that probes learn why. */
const READINESS_PATH = '/readyz';

/**
 * Graceful shutdown for the HTTP side: counts the requests in flight and, once draining, refuses new ones before
 * any other hook runs (health checks included, so load balancers stop sending). Register it first.
 */
export function registerDrain(app: FastifyInstance): Drain {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  app.server.on('request', (_request, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!draining || request.url === READINESS_PATH) {
      done();
      return;
    }
    void reply
      .code(503)
      .headers({
        'content-type': JSON_TYPE,
        'retry-after': '5',
        'x-webhook-error': 'UNAVAILABLE',
        connection: 'close',
      })
      .send(SHUTTING_DOWN_BODY);
  });

  return {
    get draining() {
      return draining;
    },
    async drain({ lingerMs, deadline }) {
      draining = true;
      // Answers still to come end their connection: the sender opens a new one, to another instance.
      for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
      // net.Server's close: the listening socket only. http.Server's would also drop idle keep-alive connections
      // at once, and a request sent onto one of them just now would meet a reset rather than a 503.
      net.Server.prototype.close.call(app.server);
      const lingerUntil = Date.now() + lingerMs;
      while (Date.now() < deadline && (inFlight.size > 0 || Date.now() < lingerUntil)) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      app.server.closeIdleConnections();
      return { unanswered: inFlight.size };
    },
  };
}
