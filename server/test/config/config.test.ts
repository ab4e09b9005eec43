import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      port: 4000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:4000',
      ingestBodyLimit: 1024 * 1024,
      secureCookies: false,
    });
  });

  it('derives cookie security and trims the public URL', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://intake.example.com/',
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/x',
    });
    expect(config).toMatchObject({
      publicUrl: 'https://intake.example.com',
      port: 8080,
      secureCookies: true,
      databaseUrl: 'postgres://u@db:5432/x',
    });
  });

  it('names every wrong variable with what it must be', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        PUBLIC_URL: 'foo',
        DATABASE_URL: 'mysql://x',
        INGEST_BODY_LIMIT: '10',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT: must be a port number (1-65535)');
    expect(message).toContain('PUBLIC_URL: must be an http(s) URL');
    expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(message).toContain('INGEST_BODY_LIMIT: must be at least 1024 bytes');
    expect(message).toContain('LOG_LEVEL');
  });
});
