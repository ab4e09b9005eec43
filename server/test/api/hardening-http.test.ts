import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 13, item 7: security headers on every answer (the console's especially), no Apollo landing page, the
 * client address taken from X-Forwarded-For only behind a configured proxy, and no secret from a URL in the logs.
 */

let t: TestApp;
let tenant: TestTenant;
let consoleDist: string;
const logLines: string[] = [];

beforeAll(async () => {
  consoleDist = mkdtempSync(path.join(tmpdir(), 'intake-console-'));
  writeFileSync(path.join(consoleDist, 'index.html'), '<!doctype html><title>Intake console</title>');
  t = await startTestApp({
    consoleDist,
    logStream: { write: (line) => void logLines.push(line) },
    logLevel: 'info',
  });
  tenant = await createTenant(t.deps);
});

afterAll(async () => {
  await t?.close();
  rmSync(consoleDist, { recursive: true, force: true });
});

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('security headers', () => {
  it.each([
    ['the console', '/', { accept: 'text/html' }],
    ['a console route (single-page fallback)', '/webhooks/abc', { accept: 'text/html' }],
    ['GraphQL', '/graphql?query=%7B__typename%7D', { 'apollo-require-preflight': 'true' }],
    ['the health check', '/health', {}],
    ['an unknown path', '/nothing-here', {}],
  ])('%s carries CSP, nosniff, Referrer-Policy and a frame ban', async (_what, url, headers) => {
    const response = await fetch(`${t.url}${url}`, { headers });
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    // Plain http here: upgrading every request to https would break the console.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('the console page is served under that policy', async () => {
    const response = await fetch(`${t.url}/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Intake console');
  });

  it('an https deployment also gets HSTS and upgrade-insecure-requests', async () => {
    const secure = await startTestApp({ database: t.database, config: { secureCookies: true } });
    try {
      const response = await fetch(`${secure.url}/health`);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(directives(response.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
    } finally {
      await secure.close();
    }
  });
});

describe('no Apollo landing page', () => {
  it('a browser opening /graphql gets no page, no third-party script and no version', async () => {
    const response = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    const text = await response.text();
    expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(text).not.toMatch(/<script|<html|apollo-server-landing-page|embeddable-sandbox|cdn\./i);
    expect(text).not.toMatch(/@apollo\/server|\b5\.\d+\.\d+\b/);
  });
});

describe('secrets in URLs never reach the server log', () => {
  it('?access_token= and the variables and query of a GraphQL GET are logged redacted', async () => {
    const before = logLines.length;
    const query = 'query Me($secret: String!) { customer(id: $secret) { id } }';
    const url =
      `${t.url}/graphql?query=${encodeURIComponent(query)}&operationName=Me` +
      `&variables=${encodeURIComponent(JSON.stringify({ secret: 'hunter2-variable' }))}&access_token=s3cret-token`;
    const response = await fetch(url, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${tenant.readerKey}` },
    });
    expect(response.status).toBe(200);
    await fetch(`${t.url}/nothing-here?access_token=s3cret-token-2`);
    const written = logLines.slice(before).join('');
    expect(written).toContain(
      '/graphql?query=[REDACTED]&operationName=Me&variables=[REDACTED]&access_token=[REDACTED]',
    );
    expect(written).toContain('/nothing-here?access_token=[REDACTED]');
    for (const secret of ['hunter2', 's3cret', tenant.readerKey, encodeURIComponent('hunter2-variable')]) {
      expect(written).not.toContain(secret);
    }
  });

  it('nor does an unknown path on a server without the console (no "Route … not found" line with the URL)', async () => {
    const lines: string[] = [];
    const apiOnly = await startTestApp({
      database: t.database,
      logStream: { write: (line) => void lines.push(line) },
      logLevel: 'info',
    });
    try {
      const response = await fetch(`${apiOnly.url}/nothing-here?access_token=s3cret-token-3`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'No route for GET /nothing-here.' },
      });
    } finally {
      await apiOnly.close();
    }
    expect(lines.join('')).toContain('/nothing-here?access_token=[REDACTED]');
    expect(lines.join('')).not.toContain('s3cret-token-3');
  });
});

describe('the client address', () => {
  const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { role } }';

  async function failLogin(app: TestApp, email: string, forwardedFor: string) {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ query: LOGIN, variables: { e: email, p: 'wrong password' } }),
    });
    return ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
  }

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a forged address does not escape throttling', async () => {
    // Five failures for one user make the next attempt wait — whatever address each request claims.
    for (let i = 0; i < 5; i++) expect(await failLogin(t, tenant.email, `203.0.113.${i}`)).toBe('UNAUTHENTICATED');
    expect(await failLogin(t, tenant.email, '198.51.100.7')).toBe('TOO_MANY_ATTEMPTS');
  });

  it('with TRUST_PROXY naming the proxy, X-Forwarded-For is the client address', async () => {
    const proxied = await startTestApp({ database: t.database, config: { trustProxy: 'loopback' } });
    try {
      const user = await createTenant(proxied.deps);
      for (let i = 0; i < 5; i++) expect(await failLogin(proxied, user.email, '203.0.113.9')).toBe('UNAUTHENTICATED');
      expect(await failLogin(proxied, user.email, '203.0.113.9')).toBe('TOO_MANY_ATTEMPTS');
      // Another client (as the proxy says) is not held back by the first one's failures.
      expect(await failLogin(proxied, user.email, '198.51.100.7')).toBe('UNAUTHENTICATED');
      const signIn = await gql(proxied.url, LOGIN, { e: user.email, p: user.password });
      expect(signIn.errors).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });
});
