import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { intakeSourceCondition } from '../server/vitest.projects.js';

// As in server/vitest.config.ts: the server's sources must share the `graphql` copy Node gives Apollo, or its
// `instanceof GraphQLError` checks fail (and refused operations read as internal errors) in these tests only.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql', {
  paths: [new URL('../server/', import.meta.url).pathname],
});

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  // The server's sources use `@intake/rules` from its TypeScript source.
  plugins: [intakeSourceCondition()],
  test: {
    name: 'browser',
    include: ['browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['../server/test/global-setup.ts', './browser/build-console.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
