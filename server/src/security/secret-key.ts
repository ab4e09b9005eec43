import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_BYTES } from './secret-box.js';

/**
 * Where the key that seals secrets at rest comes from: INTAKE_SECRET_KEY, or — for the embedded default, so that
 * `pnpm start` needs no setup — a key generated on first start into `<data dir>/secret.key` (mode 0600) and reused.
 */

export const SECRET_KEY_FILE = 'secret.key';
export const SECRET_KEY_SYNTAX = `the base64 of exactly ${SECRET_KEY_BYTES} random bytes, e.g. the output of \`openssl rand -base64 32\``;

/** The key a base64 text holds, or null unless it is exactly 32 bytes written in canonical base64. */
export function parseSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== SECRET_KEY_BYTES) return null;
  return key.toString('base64') === trimmed.padEnd(Math.ceil(trimmed.length / 4) * 4, '=') ? key : null;
}

export interface KeyFile {
  key: Buffer;
  path: string;
  created: boolean;
}

/** Reads `<dataDir>/secret.key`, or creates it (0600, never overwriting one that appeared meanwhile). */
export function loadOrCreateSecretKeyFile(dataDir: string): KeyFile {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(SECRET_KEY_BYTES);
    try {
      writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      // The umask may have narrowed the mode; it can only have widened it if the file existed, which 'wx' refuses.
      chmodSync(file, 0o600);
      return { key, path: file, created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      text = readFileSync(file, 'utf8');
    }
  }
  const key = parseSecretKey(text);
  if (!key) throw new Error(`${file} does not hold a secret key: it must contain ${SECRET_KEY_SYNTAX}.`);
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { key, path: file, created: false };
}

/**
 * The key this process seals secrets with: INTAKE_SECRET_KEY when set, else the data folder's key file. With an
 * external database, a key file is a warning: every instance on that database needs the same key.
 */
export function resolveSecretKey(
  config: { secretKey?: Buffer; dataDir: string; databaseUrl?: string },
  say: (line: string) => void,
): Buffer {
  if (config.secretKey) return config.secretKey;
  const file = loadOrCreateSecretKeyFile(config.dataDir);
  say(
    file.created
      ? `INTAKE_SECRET_KEY is not set: generated a secret key into ${file.path} (keep it with the data; without it the stored secrets cannot be read)`
      : `INTAKE_SECRET_KEY is not set: using the secret key in ${file.path}`,
  );
  if (config.databaseUrl) {
    say(
      'warning: DATABASE_URL is set but INTAKE_SECRET_KEY is not. Several instances on one database need the same INTAKE_SECRET_KEY: set it on every instance.',
    );
  }
  return file.key;
}
