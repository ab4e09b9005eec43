import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for every `graphql()` call in the console, generated from the committed schema.
 * `pnpm codegen` (or the root `pnpm schema:emit`) regenerates src/gql/, which is committed.
 */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        // Fragment masking hides fields from components that did not ask for them; our fragments are
        // small and shared by a parent and its child editor, so plain types read more simply here.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { JSON: 'unknown', DateTime: 'string' },
      },
    },
  },
};

export default config;
