import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The rules run in the server and in browsers: plain TypeScript that imports only its own modules (and RE2 and
 * JSONata, in the regex and expression entry points), and touches no Node.js global.
 */
const ALLOWED_IMPORT = /^(\.\/[\w-]+\.js|re2js|jsonata)$/;
const NODE_GLOBALS = /\b(Buffer|process|require|__dirname|__filename|global)\b/;

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map(
    (match) => match[1] ?? match[2]!,
  );
}

function codeOf(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

describe('@intake/rules is pure', () => {
  it.each(files)('%s imports only its own modules, re2js or jsonata', (file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    expect(importsOf(source).filter((specifier) => !ALLOWED_IMPORT.test(specifier))).toEqual([]);
  });

  it.each(files)('%s uses no Node.js global', (file) => {
    const code = codeOf(readFileSync(path.join(dir, file), 'utf8'));
    expect(code.split('\n').filter((line) => NODE_GLOBALS.test(line))).toEqual([]);
  });

  it('only the regex and expression entry points load RE2', () => {
    const loadsRe2 = files.filter((file) => importsOf(readFileSync(path.join(dir, file), 'utf8')).includes('re2js'));
    expect(loadsRe2).toEqual(['expression.ts', 'regex.ts']);
  });

  it('only the expression entry point loads JSONata', () => {
    const loads = files.filter((file) => importsOf(readFileSync(path.join(dir, file), 'utf8')).includes('jsonata'));
    expect(loads).toEqual(['expression.ts']);
  });
});
