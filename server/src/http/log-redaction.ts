import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are worth keeping in logs; every other value may hold a secret. */
const LOGGED_QUERY_PARAMETERS = new Set(['operationName']);

const REDACTED = '[REDACTED]';

/**
 * A request URL as server logs may show it: the path, and the query's parameter names with their values replaced
 * — `?access_token=…`, a GraphQL GET's `variables` and `query` (literals may hold passwords) alike.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const parameters = url
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const separator = pair.indexOf('=');
      const name = separator < 0 ? pair : pair.slice(0, separator);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed escape: compared as sent
      }
      return LOGGED_QUERY_PARAMETERS.has(decoded) ? pair : `${name}=${REDACTED}`;
    });
  return `${url.slice(0, queryStart)}?${parameters.join('&')}`;
}

/** Fastify's `req` log serializer, with the URL redacted (headers are not logged). */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
