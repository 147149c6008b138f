import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// `no-restricted-imports` patterns, per file group. ESLint replaces (does not merge) a rule's options
// across config objects, so a group that adds a pattern lists the ones above it too.
const SHARED_BY_NAME = {
  regex: '^(\\.\\./)+shared/src(/|$)',
  message: "Import '@sales-graph/shared/<path>' instead.",
};
const NOT_A_SIBLINGS_INTERNALS = {
  // seed/ (the subgraph's seeding toolkit) and migrations/ (its migration files) are not modules.
  regex: '^\\.\\./(?!seed/|migrations/)[^./][^/]*/',
  message: "Import another module through its public face ('../<module>', its index.ts), not its files.",
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/dist/**',
      '*.tsbuildinfo',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      // Packages by name: shared code is `@sales-graph/shared/<path>`, never a path climbing into it.
      'no-restricted-imports': ['error', { patterns: [SHARED_BY_NAME] }],
    },
  },
  {
    // A day or an hour in milliseconds is written once (@sales-graph/shared/time), in the
    // production code (tests still spell some out).
    files: ['shared/src/**/*.ts', 'subgraphs/*/src/**/*.ts', 'gateway/src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts', 'shared/src/time.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=86400000], Literal[value=3600000]',
          message: "Use DAY_MS / HOUR_MS from '@sales-graph/shared/time'.",
        },
        {
          // map.set(k, [...(map.get(k) ?? []), item]) copies the group on every item.
          selector:
            "CallExpression[callee.property.name='set'] > ArrayExpression > SpreadElement > LogicalExpression[operator='??'] > CallExpression[callee.property.name='get']",
          message: "Group with groupBy from '@sales-graph/shared/group-by' (one pass, no copy per item).",
        },
      ],
    },
  },
  {
    // No import cycles anywhere: modules react to each other through domain events
    // (@sales-graph/shared/events/events), not through imports both ways. Type-only imports do not count.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Our sources are .ts: the plugin parses them (it only follows .js files by default).
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.node'],
          // `types` first: @sales-graph/shared/<path> resolves to shared/src/<path>.ts.
          conditionNames: ['types', 'import', 'require', 'default'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // A module (a folder of subgraphs/*/src/) uses another only through its index.ts.
    files: ['subgraphs/*/src/*/**'],
    ignores: ['subgraphs/*/src/seed/**', 'subgraphs/*/src/migrations/**', 'subgraphs/*/src/access/scope.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SHARED_BY_NAME, NOT_A_SIBLINGS_INTERNALS] }],
    },
  },
  {
    // shared/ depends on nothing above it: not on the gateway, a subgraph or the tests.
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(\\.\\./)+(gateway|subgraphs|test|scripts)(/|$)|^@sales-graph/(gateway|customers|partners|test)(/|$)',
              message: 'shared/ depends on nothing above it.',
            },
          ],
        },
      ],
    },
  },
);
