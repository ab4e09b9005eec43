import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, TestProjectInlineConfiguration } from 'vitest/config';

const serverDir = path.dirname(fileURLToPath(import.meta.url));

// Vite would resolve `graphql` for our sources to its ESM build (index.mjs) while the packages Node loads
// (type-graphql, Apollo) get the CommonJS one: two instances, so schema utilities and `instanceof GraphQLError`
// fail in tests only. Pin our sources to the copy Node itself resolves.
export const graphqlAlias = [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }];

/**
 * `@intake/rules` is used from its TypeScript source in development and tests (its `intake-source` export
 * condition), so no build step comes first. Every Vite environment must resolve with it — the test files' (`ssr`)
 * and also Vitest's own, which loads global setups and takes no conditions from the config — so this plugin puts
 * the condition first in each environment's resolved list and keeps the defaults Vite and Vitest chose.
 */
export function intakeSourceCondition(): Plugin {
  return {
    name: 'intake-source-condition',
    configResolved(config) {
      for (const environment of Object.values(config.environments)) {
        const { conditions } = environment.resolve;
        if (!conditions.includes('intake-source')) environment.resolve.conditions = ['intake-source', ...conditions];
      }
    },
  };
}

/**
 * The server's two test projects: pure domain tests, and everything that needs PostgreSQL. Defined once here for
 * both server/vitest.config.ts and the workspace root (vitest does not nest `projects`).
 */
export const serverProjects: TestProjectInlineConfiguration[] = [
  {
    root: serverDir,
    resolve: { alias: graphqlAlias },
    plugins: [intakeSourceCondition()],
    test: { name: 'domain', include: ['src/domain/**/*.test.ts'], environment: 'node' },
  },
  {
    root: serverDir,
    resolve: { alias: graphqlAlias },
    plugins: [intakeSourceCondition()],
    test: {
      name: 'server',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: ['src/domain/**'],
      environment: 'node',
      globalSetup: [path.join(serverDir, 'test/global-setup.ts')],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
];
