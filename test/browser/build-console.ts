import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Browser tests run against the production build of the console, served by the real server. */
export default function buildConsole(): void {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  // Vitest sets NODE_ENV=test, which Vite would honour and bundle React's development build: build as `pnpm build` does.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('pnpm', ['--filter', '@intake/console', 'build'], { cwd: repoRoot, stdio: 'inherit', env });
}
