import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['server/vitest.config.ts', 'console/vite.config.ts', 'test/vitest.config.ts'],
  },
});
