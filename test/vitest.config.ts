import { defineConfig } from 'vitest/config';

export default defineConfig({
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
