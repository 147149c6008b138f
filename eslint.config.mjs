import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+shared/src(/|$)', message: "Import '@sales-graph/shared/<path>' instead." },
          ],
        },
      ],
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
