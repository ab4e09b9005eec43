import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy.js';

describe('parseTrustProxy', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['0', null],
    ['101', null],
    ['loopback', 'loopback'],
    ['10.0.0.1', '10.0.0.1'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8,127.0.0.1'],
    ['fd00::/8,uniquelocal', 'fd00::/8,uniquelocal'],
    ['10.0.0.0/33', null],
    ['10.0.0.0/8/1', null],
    ['proxy.internal', null],
    ['yes', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(parseTrustProxy(text)).toEqual(expected);
  });

  it('turns a hop count into the function Fastify takes', () => {
    const trust = fastifyTrustProxy(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(fastifyTrustProxy('loopback')).toBe('loopback');
  });
});
