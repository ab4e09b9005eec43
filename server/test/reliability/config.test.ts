import { describe, expect, it } from 'vitest';
import { connectionBudget, loadConfig } from '../../src/config.js';

/** The reliability settings: pool sizes (and the connection budget they add up to), start-up wait, shutdown, demo. */

describe('reliability settings', () => {
  it('defaults: ORM pool 10, a 30 s start-up wait, a 10 s shutdown, no demo account unless asked', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ poolSize: 10, startupWaitMs: 30_000 });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.initDemo).toBe(false);
    expect(connectionBudget(config)).toBe(21);
  });

  it('reads DB_POOL_SIZE, DB_STARTUP_WAIT_MS, SHUTDOWN_TIMEOUT_MS and INTAKE_INIT_DEMO', () => {
    const config = loadConfig({
      DB_POOL_SIZE: '4',
      INGEST_POOL_SIZE: '6',
      DB_STARTUP_WAIT_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '2500',
      INTAKE_INIT_DEMO: '1',
    });
    expect(config.database).toEqual({ poolSize: 4, startupWaitMs: 0 });
    expect(config.shutdownTimeoutMs).toBe(2_500);
    expect(config.initDemo).toBe(true);
    expect(connectionBudget(config)).toBe(4 + 6 + 1);
    expect(loadConfig({ INTAKE_INIT_DEMO: 'false' }).initDemo).toBe(false);
  });

  it.each([
    ['DB_POOL_SIZE', '0', 'DB_POOL_SIZE: must be a whole number of connections from 1 to 100'],
    ['DB_POOL_SIZE', 'lots', 'DB_POOL_SIZE: must be a whole number of connections from 1 to 100'],
    ['DB_STARTUP_WAIT_MS', '-1', 'DB_STARTUP_WAIT_MS: must be a whole number of milliseconds from 0 to 600000'],
    ['SHUTDOWN_TIMEOUT_MS', '10', 'SHUTDOWN_TIMEOUT_MS: must be a whole number of milliseconds from 1000 to 600000'],
    ['INTAKE_INIT_DEMO', 'yes', 'INTAKE_INIT_DEMO: must be 1 (create the demo account) or 0'],
  ])('%s=%s is refused: %s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
