import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { graphqlDocumentImports } from './graphql-documents-plugin.ts';

/** The API server that `pnpm dev` proxies to; the console itself is served same-origin in production. */
const API_ORIGIN = 'http://127.0.0.1:4000';

// One file is both the Vite config (dev server, build) and the console's vitest project.
export default defineConfig({
  plugins: [
    react(),
    graphqlDocumentImports({ artifactDirectory: fileURLToPath(new URL('./src/gql', import.meta.url)) }),
  ],
  resolve: {
    // `@intake/rules` is bundled from its TypeScript source (its `intake-source` export condition): no build step
    // before `pnpm dev`, tests or `vite build`. Vite's own conditions stay, after ours.
    conditions: ['intake-source', ...defaultClientConditions],
  },
  server: {
    // Same paths as production, so the session cookie and CSRF checks behave the same in development.
    proxy: { '/graphql': API_ORIGIN, '/webhooks': API_ORIGIN },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    name: 'console',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // Rendering Mantine comboboxes in happy-dom is slow when the whole workspace runs in parallel.
    testTimeout: 20_000,
    // Test files share a worker's module cache: Mantine is imported once per worker instead of once per file
    // (~4x faster here). Safe because tests clean up after themselves (see src/test/setup.ts, App.test.tsx).
    isolate: false,
  },
});
