import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * How the server delivers the built console: the precompressed copies the build writes beside each file
 * (console/vite.config.ts), a year of caching for content-hashed assets, revalidation for everything else. A dist
 * folder of the build's shape stands in for a real build (the browser tests use the real one).
 */

const SCRIPT = `export const answer = ${JSON.stringify('forty-two '.repeat(200))};\n`;
const INDEX = `<!doctype html><html lang="en"><head><title>Intake</title>
<script type="module" src="/assets/index-Ci25Ldlx.js"></script></head><body><div id="root"></div>
${'<!-- filler so that compression pays -->\n'.repeat(40)}</body></html>`;

let t: TestApp;
let dist: string;

function writeWithCopies(file: string, content: string) {
  writeFileSync(file, content);
  writeFileSync(`${file}.br`, brotliCompressSync(content));
  writeFileSync(`${file}.gz`, gzipSync(content));
}

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'intake-console-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeWithCopies(path.join(dist, 'index.html'), INDEX);
  writeWithCopies(path.join(dist, 'assets', 'index-Ci25Ldlx.js'), SCRIPT);
  // A small file the build left uncompressed (it would not shrink).
  writeFileSync(path.join(dist, 'assets', 'get-env-MimdSsZv.js'), 'export {};\n');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await startTestApp({ consoleDist: dist });
});

afterAll(async () => {
  await t?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('console delivery', () => {
  it('sends a hashed asset brotli-compressed when accepted, cached for a year as immutable', async () => {
    const response = await get('/assets/index-Ci25Ldlx.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT);
  });

  it('falls back to gzip, then to the file itself', async () => {
    const gzipped = await get('/assets/index-Ci25Ldlx.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(SCRIPT);
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await get('/assets/index-Ci25Ldlx.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    // A file without compressed copies is sent as it is, to a browser that accepts br too.
    const small = await get('/assets/get-env-MimdSsZv.js', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('index.html, at / and as the fallback of a console route, is compressed and revalidated on each use', async () => {
    for (const url of ['/', '/index.html', '/incoming-webhooks/some-id/logs?status=FAILED']) {
      const response = await get(url, { accept: 'text/html,*/*', 'accept-encoding': 'br, gzip' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers.etag ?? response.headers['last-modified'], url).toBeDefined();
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it('files outside assets/ are not hashed: revalidated too', async () => {
    const response = await get('/favicon.svg');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('the compressed copies are not files of their own, and API paths keep their JSON 404', async () => {
    for (const url of ['/assets/index-Ci25Ldlx.js.br', '/index.html.gz', '/assets/missing-AAAAAAAA.js']) {
      const response = await get(url, { accept: '*/*' });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const api = await get('/webhooks/nope', { accept: 'text/html' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
  });
});
