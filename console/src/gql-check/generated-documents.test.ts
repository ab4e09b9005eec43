import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen';

/** The committed typed documents must be what codegen makes from the committed schema today. */
describe('generated GraphQL documents', () => {
  it('src/gql matches schema/schema.graphql (run `pnpm schema:emit` when this fails)', async () => {
    const consoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const previous = process.cwd();
    process.chdir(consoleDir);
    try {
      const outputs = (await generate({ ...config, silent: true }, false)) as { filename: string; content: string }[];
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) {
        const committed = readFileSync(path.resolve(consoleDir, output.filename), 'utf8');
        expect(committed, `${output.filename} is stale`).toBe(output.content);
      }
    } finally {
      process.chdir(previous);
    }
  }, 60_000);
});
