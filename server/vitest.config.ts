import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Vite would resolve `graphql` for our sources to its ESM build (index.mjs) while the packages Node loads
// (type-graphql, Apollo) get the CommonJS one: two instances, so schema utilities and `instanceof GraphQLError`
// fail in tests only. Pin our sources to the copy Node itself resolves.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'domain', include: ['src/domain/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['src/domain/**'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
