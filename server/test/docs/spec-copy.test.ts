import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

/**
 * docs/spec is the repository's copy of the published specification (../shared/spec next to a clone), so that
 * tests and the README never read outside the repository. Where the published one is present, the copy must be
 * byte for byte the same: a changed contract then fails here until it is copied again (`pnpm spec:sync`).
 */
const COPY = path.join(REPO_ROOT, 'docs', 'spec');
const PUBLISHED = path.resolve(REPO_ROOT, '..', 'shared', 'spec');

function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((name) =>
      statSync(path.join(dir, name)).isDirectory()
        ? filesBelow(path.join(dir, name), `${prefix}${name}/`)
        : [`${prefix}${name}`],
    )
    .sort();
}

describe('docs/spec, the copy of the published specification', () => {
  it('holds the GraphQL contracts and the HTTP contract', () => {
    expect(filesBelow(COPY)).toEqual(expect.arrayContaining(['api-contract.graphql', 'ingestion.md']));
  });

  it('equals ../shared/spec where a published one sits next to the clone', () => {
    if (!existsSync(PUBLISHED)) {
      console.info(`No published specification at ${PUBLISHED}: only the copy in docs/spec is checked.`);
      return;
    }
    expect(filesBelow(COPY), 'docs/spec lists other files than ../shared/spec: run `pnpm spec:sync`').toEqual(
      filesBelow(PUBLISHED),
    );
    for (const file of filesBelow(PUBLISHED)) {
      const same = readFileSync(path.join(COPY, file)).equals(readFileSync(path.join(PUBLISHED, file)));
      expect(same, `docs/spec/${file} differs from ../shared/spec/${file}: run \`pnpm spec:sync\``).toBe(true);
    }
  });
});
