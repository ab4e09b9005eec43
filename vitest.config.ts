import { defineConfig } from 'vitest/config';
import { serverProjects } from './server/vitest.projects.js';

export default defineConfig({
  test: {
    projects: [...serverProjects, 'console/vite.config.ts', 'test/vitest.config.ts'],
  },
});
