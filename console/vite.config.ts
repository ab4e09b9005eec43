import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { graphqlDocumentImports } from './graphql-documents-plugin.ts';

/** The API server that `pnpm dev` proxies to; the console itself is served same-origin in production. */
const API_ORIGIN = 'http://127.0.0.1:4000';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;

/**
 * Writes `x.br` and `x.gz` beside every compressible file of the build, so the server sends them as they are
 * (`@fastify/static`'s `preCompressed`) instead of compressing each response or sending it raw. Brotli at its
 * highest quality is too slow to do per request but costs only seconds once per build. Files that would not
 * shrink by a tenth get no copies (the server then sends the original).
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gzipped = promisify(gzip);
  let outDir = '';
  return {
    name: 'intake:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((file) => COMPRESSIBLE.test(file));
      await Promise.all(
        files.map(async (file) => {
          const source = await readFile(path.join(outDir, file));
          const [br, gz] = await Promise.all([
            brotli(source, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_SIZE_HINT]: source.length,
              },
            }),
            gzipped(source, { level: zlib.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < source.length * 0.9) await writeFile(path.join(outDir, `${file}.br`), br);
          if (gz.length < source.length * 0.9) await writeFile(path.join(outDir, `${file}.gz`), gz);
        }),
      );
    },
  };
}

// One file is both the Vite config (dev server, build) and the console's vitest project.
export default defineConfig({
  plugins: [
    react(),
    graphqlDocumentImports({ artifactDirectory: fileURLToPath(new URL('./src/gql', import.meta.url)) }),
    precompress(),
  ],
  resolve: {
    // `@intake/rules` is bundled from its TypeScript source (its `intake-source` export condition): no build step
    // before `pnpm dev`, tests or `vite build`. Vite's own conditions stay, after ours.
    conditions: ['intake-source', ...defaultClientConditions],
  },
  server: {
    // Same paths as production, so the session cookie and CSRF checks behave the same in development.
    // ws: the live tail's WebSocket shares /graphql.
    proxy: { '/graphql': { target: API_ORIGIN, ws: true }, '/webhooks': API_ORIGIN },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // Mantine's smaller components the list shows, one chunk instead of a score of tiny ones: over
              // HTTP/1.1 (six connections, each request paying the round trip) the list's first row waited on a
              // queue of them. Only components the first screen's own chunk does not carry, so index.html's
              // scripts stay as they are.
              name: 'mantine-ui',
              includeDependenciesRecursively: false,
              test: /[\\/]@mantine[\\/](core[\\/]esm[\\/]components[\\/](SegmentedControl|TextInput|InputBase|Input|FloatingIndicator|VisuallyHidden|Portal|Code|Table|CopyButton)[\\/]|core[\\/]esm[\\/]core[\\/]utils[\\/](get-single-element-child|get-env|get-auto-contrast-value)[\\/]|hooks[\\/]esm[\\/](use-clipboard|use-debounced-value|use-force-update)[\\/])/,
            },
            {
              // The dialogs' and forms' share of them (modal, checkbox, textarea…), which the list's first row
              // does not need: its Export and Import dialogs load on demand.
              name: 'mantine-forms',
              includeDependenciesRecursively: false,
              test: /[\\/]@mantine[\\/]core[\\/]esm[\\/]components[\\/](InlineInput|Checkbox|Modal|ModalBase|Overlay|Paper|FocusTrap|List|Textarea)[\\/]/,
            },
          ],
        },
      },
    },
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
