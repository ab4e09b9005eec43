import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The domain is plain TypeScript (see STYLE.md): an allow-list, not a deny-list, so that `node:crypto` or a new
 * framework cannot slip in. Domain files import other domain files and the rules shared with the console, and
 * touch no Node.js global (Buffer, process, …): what they need from the platform comes in as a parameter.
 */
const ALLOWED_IMPORT = /^(\.\/[\w-]+\.js|@intake\/rules(\/[\w-]+)?)$/;
const NODE_GLOBALS = /\b(Buffer|process|require|__dirname|__filename|global|setTimeout|setInterval|setImmediate)\b/;

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

/** Every module specifier: static imports and re-exports, side-effect imports, dynamic imports. */
function importsOf(source: string): string[] {
  const specifiers = source.matchAll(
    /^\s*(?:import|export)\b[^'";]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm,
  );
  return [...specifiers].map((match) => match[1] ?? match[2] ?? match[3]!);
}

/** The source without comments, so that a comment may mention what the code may not use. */
function codeOf(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

describe('domain purity', () => {
  it.each(files)('%s imports only domain files and @intake/rules', (file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    expect(importsOf(source).filter((specifier) => !ALLOWED_IMPORT.test(specifier))).toEqual([]);
  });

  it.each(files)('%s uses no Node.js global', (file) => {
    const code = codeOf(readFileSync(path.join(dir, file), 'utf8'));
    expect(code.split('\n').filter((line) => NODE_GLOBALS.test(line))).toEqual([]);
  });

  it('finds the domain files and their imports', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(importsOf("import { a } from './a.js';\nimport type {\n  B,\n} from '@x/y';\nexport * from 'z';")).toEqual([
      './a.js',
      '@x/y',
      'z',
    ]);
    expect(importsOf("import 'side-effect';\nconst m = await import('node:fs');")).toEqual(['side-effect', 'node:fs']);
  });
});
