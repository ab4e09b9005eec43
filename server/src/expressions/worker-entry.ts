import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where the expression worker's code is. Built (`dist/`), it is the compiled `evaluation-worker.js` next to this file.
 * From source (development and tests, through SWC), it is that worker and the few modules it imports, compiled here
 * to plain JavaScript once per content: a worker started with loader hooks of its own (`--import` of SWC's register)
 * can take the whole process down when it is terminated, which the pool does to every runaway expression. So the
 * worker always runs plain JavaScript with no hooks, as in production.
 */
export function expressionWorkerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./evaluation-worker.js', import.meta.url);
  compiled ??= compileFromSource();
  return compiled;
}

let compiled: URL | undefined;

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULES_SRC = path.resolve(SERVER_DIR, '../packages/rules/src');
/** Inside the server's node_modules, so that the compiled modules resolve jsonata and re2js as the server does. */
const CACHE_DIR = path.join(SERVER_DIR, 'node_modules/.cache/intake-expression-worker');

interface SwcCore {
  transformSync(
    code: string,
    options: {
      filename: string;
      jsc: { parser: { syntax: 'typescript' }; target: 'es2022' };
      module: { type: 'es6' };
      sourceMaps: false;
    },
  ): { code: string };
}

/** The source file a module specifier of a compiled module stands for; null for packages (left as they are). */
function sourceOf(specifier: string, importer: string): string | null {
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    return path.resolve(path.dirname(importer), specifier.replace(/\.js$/, '.ts'));
  }
  const rules = /^@intake\/rules(?:\/([\w-]+))?$/.exec(specifier);
  if (rules) return path.join(RULES_SRC, `${rules[1] === undefined ? 'index' : rules[1]}.ts`);
  return null;
}

function compileFromSource(): URL {
  const swc = createRequire(import.meta.url)('@swc/core') as SwcCore;
  const entry = fileURLToPath(new URL('./evaluation-worker.ts', import.meta.url));
  const modules = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (modules.has(file)) continue;
    const { code } = swc.transformSync(readFileSync(file, 'utf8'), {
      filename: file,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
      sourceMaps: false,
    });
    modules.set(file, code);
    for (const [, specifier] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const source = sourceOf(specifier!, file);
      if (source) pending.push(source);
    }
  }
  const nameOf = (file: string) => `${path.relative(path.dirname(SERVER_DIR), file).replace(/[\\/]/g, '__')}.mjs`;
  const hash = createHash('sha256');
  for (const [file, code] of [...modules].sort(([a], [b]) => a.localeCompare(b))) hash.update(file).update(code);
  const dir = path.join(CACHE_DIR, hash.digest('hex').slice(0, 16));
  if (!existsSync(path.join(dir, nameOf(entry)))) {
    mkdirSync(dir, { recursive: true });
    for (const [file, code] of modules) {
      const rewritten = code.replace(/((?:from|import)\s*\(?\s*)(['"])([^'"]+)\2/g, (whole, lead, quote, specifier) => {
        const source = sourceOf(specifier as string, file);
        return source ? `${lead}${quote}./${nameOf(source)}${quote}` : whole;
      });
      // Written aside, then renamed: test files compiling at the same time never read half a file.
      const temporary = path.join(dir, `${nameOf(file)}.${process.pid}.tmp`);
      writeFileSync(temporary, rewritten);
      renameSync(temporary, path.join(dir, nameOf(file)));
    }
  }
  return pathToFileURL(path.join(dir, nameOf(entry)));
}
