import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { loadOrCreateSecretKeyFile, parseSecretKey, resolveSecretKey } from './secret-key.js';

const folders: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'intake-key-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const KEY = randomBytes(32);

describe('parseSecretKey', () => {
  it.each<[string, boolean]>([
    [KEY.toString('base64'), true],
    [`  ${KEY.toString('base64')}\n`, true],
    [KEY.toString('base64').replace(/=+$/, ''), true],
    [randomBytes(31).toString('base64'), false],
    [randomBytes(33).toString('base64'), false],
    [KEY.toString('hex'), false],
    [KEY.toString('base64url').replace(/^./, '-'), false],
    ['', false],
    ['not a key at all', false],
  ])('%j accepted: %s', (text, accepted) => {
    const key = parseSecretKey(text);
    expect(key !== null).toBe(accepted);
    if (key && text.trim().startsWith(KEY.toString('base64').slice(0, 40))) expect(key.equals(KEY)).toBe(true);
  });
});

describe('INTAKE_SECRET_KEY', () => {
  it('is read as the 32 bytes it encodes', () => {
    expect(loadConfig({ INTAKE_SECRET_KEY: KEY.toString('base64') }).secretKey?.equals(KEY)).toBe(true);
    expect(loadConfig({}).secretKey).toBeUndefined();
  });

  it('anything else stops the start with a message that says what is wanted, and not the value', () => {
    const wrong = randomBytes(16).toString('base64');
    let caught: unknown;
    try {
      loadConfig({ INTAKE_SECRET_KEY: wrong });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain(
      'INTAKE_SECRET_KEY: must be the base64 of exactly 32 random bytes, e.g. the output of `openssl rand -base64 32`',
    );
    expect((caught as Error).message).not.toContain(wrong);
  });
});

describe('the data folder key file', () => {
  it('is generated on first start (mode 0600) and reused afterwards', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const first = loadOrCreateSecretKeyFile(dir);
    expect(first.created).toBe(true);
    expect(first.path).toBe(path.join(dir, 'secret.key'));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(readFileSync(first.path, 'utf8'))?.equals(first.key)).toBe(true);
    const second = loadOrCreateSecretKeyFile(dir);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('a file that holds no key stops the start, saying which file and what it must hold', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'secret.key'), 'garbage\n');
    expect(() => loadOrCreateSecretKeyFile(dir)).toThrow(
      `${path.join(dir, 'secret.key')} does not hold a secret key: it must contain the base64 of exactly 32`,
    );
  });

  it('INTAKE_SECRET_KEY wins over the file; without it the file is used, with a warning when DATABASE_URL is set', () => {
    const dir = tempDir();
    const said: string[] = [];
    const say = (line: string) => said.push(line);
    expect(resolveSecretKey({ secretKey: KEY, dataDir: dir, databaseUrl: 'postgres://x/y' }, say).equals(KEY)).toBe(
      true,
    );
    expect(said).toEqual([]);

    const generated = resolveSecretKey({ dataDir: dir }, say);
    expect(said).toEqual([expect.stringContaining(`generated a secret key into ${path.join(dir, 'secret.key')}`)]);

    said.length = 0;
    expect(resolveSecretKey({ dataDir: dir, databaseUrl: 'postgres://x/y' }, say).equals(generated)).toBe(true);
    expect(said).toEqual([
      expect.stringContaining('using the secret key in'),
      expect.stringContaining('Several instances on one database need the same INTAKE_SECRET_KEY'),
    ]);
    // The key itself is never said.
    expect(said.join('\n')).not.toContain(generated.toString('base64'));
  });
});
