import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import type { Plugin } from 'vite';

/**
 * Build-time twin of GraphQL Code Generator's `babelOptimizerPlugin` (its babel host for Vite 8 needs Node 22).
 *
 * The client preset's `graphql()` looks documents up in a map of all of them, so every chunk that calls it pulls
 * in every document (~60 kB gzip, in the first chunk). Here each `graphql(`…`)` call becomes an import of a
 * small module holding just that document, which the bundler then places in the chunk that uses it.
 * Document names follow the preset: operation `Me` → `MeDocument`, fragment `X` → `XFragmentDoc`.
 */
const VIRTUAL_PREFIX = '\0intake-gql-document:';
const GENERATED_DOCUMENT = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm;

export function graphqlDocumentImports(options: { artifactDirectory: string }): Plugin {
  const artifactDirectory = path.resolve(options.artifactDirectory);
  let documents: Map<string, string> | undefined;

  /** The generated documents by export name, as JSON text (read once per build, after codegen ran). */
  function generatedDocuments(): Map<string, string> {
    documents ??= new Map(
      [...readFileSync(path.join(artifactDirectory, 'graphql.ts'), 'utf8').matchAll(GENERATED_DOCUMENT)].map(
        (match) => [match[1]!, match[2]!] as const,
      ),
    );
    return documents;
  }

  function documentNameOf(source: string, id: string): string {
    const [definition] = parse(source).definitions;
    if (!definition || !('name' in definition) || !definition.name) {
      throw new Error(`${id}: every graphql() document needs a named operation or fragment`);
    }
    const name = definition.name.value;
    const documentName = definition.kind === 'FragmentDefinition' ? `${name}FragmentDoc` : `${name}Document`;
    if (!generatedDocuments().has(documentName)) {
      throw new Error(`${id}: ${documentName} is not in src/gql/graphql.ts; run \`pnpm codegen\``);
    }
    return documentName;
  }

  return {
    name: 'intake:graphql-document-imports',
    apply: 'build',
    enforce: 'pre',
    resolveId(id) {
      return id.startsWith(VIRTUAL_PREFIX) ? id : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_PREFIX)) return null;
      return `export default ${generatedDocuments().get(id.slice(VIRTUAL_PREFIX.length))};`;
    },
    transform(code, id) {
      if (!/\.tsx?$/.test(id) || id.startsWith(artifactDirectory) || !code.includes('graphql(`')) return null;
      const imported = new Set<string>();
      const transformed = code.replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (_call, source: string) => {
        const documentName = documentNameOf(source, id);
        imported.add(documentName);
        return `__gql_${documentName}`;
      });
      const imports = [...imported].map((name) => `import __gql_${name} from '${VIRTUAL_PREFIX}${name}';\n`).join('');
      // Nothing calls the preset's `graphql` helper any more; dropping its import keeps the map out of the bundle.
      const withoutHelper = transformed.replace(/^import \{ graphql \} from '[^']*\/gql';\n/m, '');
      return { code: imports + withoutHelper, map: null };
    },
  };
}
