import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_INGESTION_TUNING, loadConfig } from '../../src/config.js';

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

  it("tunes ingestion with today's values by default", () => {
    expect(loadConfig({}).ingestion).toEqual({
      poolSize: 10,
      statementTimeoutMs: 5_000,
      maxBatch: 64,
      batchesInFlight: 4,
      overlapAfterMs: 25,
      cacheEntries: 10_000,
    });
    expect(loadConfig({}).ingestion).toEqual(DEFAULT_INGESTION_TUNING);
  });

  it('reads the ingestion tuning', () => {
    const config = loadConfig({
      INGEST_POOL_SIZE: '20',
      INGEST_STATEMENT_TIMEOUT_MS: '2500',
      INGEST_MAX_BATCH: '128',
      INGEST_BATCHES_IN_FLIGHT: '8',
      INGEST_BATCH_OVERLAP_MS: '3',
      INGEST_CACHE_ENTRIES: '500',
    });
    expect(config.ingestion).toEqual({
      poolSize: 20,
      statementTimeoutMs: 2_500,
      maxBatch: 128,
      batchesInFlight: 8,
      overlapAfterMs: 3,
      cacheEntries: 500,
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

  it.each([
    ['INGEST_POOL_SIZE', '0', 'INGEST_POOL_SIZE: must be a whole number of connections from 1 to 100'],
    ['INGEST_POOL_SIZE', 'many', 'INGEST_POOL_SIZE: must be a whole number of connections from 1 to 100'],
    [
      'INGEST_STATEMENT_TIMEOUT_MS',
      '1.5',
      'INGEST_STATEMENT_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 60000',
    ],
    ['INGEST_MAX_BATCH', '5000', 'INGEST_MAX_BATCH: must be a whole number of requests from 1 to 1000'],
    ['INGEST_CACHE_ENTRIES', '-1', 'INGEST_CACHE_ENTRIES: must be a whole number of entries from 1 to 1000000'],
  ])('%s=%s: %s', (name, value, expected) => {
    expect(() => loadConfig({ [name]: value })).toThrow(expected);
  });

  it('keeps request logs 30 days by default and reads LOG_RETENTION_DAYS', () => {
    expect(loadConfig({}).logRetentionDays).toBe(30);
    expect(loadConfig({ LOG_RETENTION_DAYS: '7' }).logRetentionDays).toBe(7);
    expect(loadConfig({ LOG_RETENTION_DAYS: '1' }).logRetentionDays).toBe(1);
    expect(loadConfig({ LOG_RETENTION_DAYS: '' }).logRetentionDays).toBe(30);
  });

  it.each(['0', '-3', '1.5', 'a month', '3651'])('refuses LOG_RETENTION_DAYS=%s, saying what it must be', (value) => {
    expect(() => loadConfig({ LOG_RETENTION_DAYS: value })).toThrow(
      'LOG_RETENTION_DAYS: must be a whole number of days from 1 to 3650',
    );
  });

  it('refuses more batches in flight than pooled connections', () => {
    expect(() => loadConfig({ INGEST_POOL_SIZE: '2', INGEST_BATCHES_IN_FLIGHT: '3' })).toThrow(
      'INGEST_BATCHES_IN_FLIGHT: must be at most INGEST_POOL_SIZE (2)',
    );
  });
});
