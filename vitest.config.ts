import { defineConfig } from 'vitest/config';
import { serverProjects } from './server/vitest.projects.js';

export default defineConfig({
  test: {
    projects: ['packages/rules/vitest.config.ts', ...serverProjects, 'console/vite.config.ts', 'test/vitest.config.ts'],
  },
});
