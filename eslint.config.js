// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * One lint configuration for the workspace. Beyond typescript-eslint's recommended rules it enforces the
 * architecture: the dependency direction `domain ← application ← {graphql, http, persistence, observability} ← app`, no import
 * cycles, no floating promises.
 */

const FRAMEWORKS = [
  '@mikro-orm/*',
  'fastify',
  '@fastify/*',
  'type-graphql',
  'graphql',
  'graphql-*',
  '@apollo/*',
  '@as-integrations/*',
  'pg',
  'dataloader',
  'prom-client',
];

/** `no-restricted-imports` patterns: a layer names what it may not reach. */
function forbid(groups, message) {
  return ['error', { patterns: [{ group: groups, message }] }];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'console/src/gql/**',
      'test/screenshots/**',
      '**/*.config.js',
      '**/*.cjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [
            'server/tsconfig.json',
            'console/tsconfig.json',
            'test/tsconfig.json',
            'packages/rules/tsconfig.json',
          ],
          conditionNames: ['intake-source', 'types', 'import', 'default'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['server/src/domain/**/*.ts', 'packages/rules/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      // The domain is pure: plain functions over plain data, with no framework, database or I/O.
      'no-restricted-imports': forbid(
        [
          'node:*',
          'fs',
          'path',
          'crypto',
          'http',
          ...FRAMEWORKS,
          '**/application/**',
          '**/persistence/**',
          '**/graphql/**',
          '**/http/**',
          '**/app.js',
          '**/config.js',
        ],
        'The domain is pure: it imports only other domain modules and @intake/rules.',
      ),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'fetch', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['server/src/application/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [...FRAMEWORKS, '**/persistence/**', '**/graphql/**', '**/http/**', '**/app.js'],
        'Application code declares ports and uses the domain; adapters (persistence, graphql, http) implement and call it.',
      ),
    },
  },
  {
    files: ['server/src/persistence/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['**/graphql/**', '**/http/**', '**/app.js', 'fastify', 'type-graphql'],
        'Persistence implements application ports; it knows nothing of GraphQL or HTTP.',
      ),
    },
  },
  {
    files: ['server/src/graphql/**/*.ts', 'server/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['**/persistence/**', '@mikro-orm/*', 'pg'],
        'Adapters call application use cases; only app.ts wires persistence in.',
      ),
    },
  },
  {
    files: ['server/src/observability/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['**/persistence/**', '**/graphql/**', '**/http/**', '**/app.js', 'fastify', '@mikro-orm/*', 'pg'],
        'Observability implements the observer ports with prom-client; app.ts wires it to the adapters.',
      ),
    },
  },
  {
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': forbid(
        ['**/server/**', '@intake/server'],
        'The console talks to the server only over GraphQL.',
      ),
    },
  },
);
