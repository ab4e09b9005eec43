import { isIP } from 'node:net';

/** What Fastify's `trustProxy` takes: false (no proxy), true (any), a hop count, or addresses and ranges. */
export type TrustProxy = boolean | number | string;

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Parses TRUST_PROXY: `false`; `true` (every peer is a proxy: only behind one that overwrites X-Forwarded-For);
 * a number of proxy hops; or a comma-separated list of proxy addresses, CIDR ranges and the names `loopback`,
 * `linklocal`, `uniquelocal`. Null when it is none of these.
 */
export function parseTrustProxy(text: string): TrustProxy | null {
  const value = text.trim();
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 100 ? hops : null;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.length > 0 && entries.every(isAddressOrRange) ? entries.join(',') : null;
}

/** Fastify's form of it: a hop count becomes the function Fastify's types ask for (the first `hops` peers are proxies). */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
