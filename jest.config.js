/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // Packages by name, read from their sources (the build reads shared/dist through its exports).
  moduleNameMapper: { '^@sales-graph/shared/(.*)$': '<rootDir>/shared/src/$1' },
  setupFiles: ['reflect-metadata'],
  // A cache directory per run for the embedded databases' snapshots (test/support/database.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.cjs',
  testTimeout: 120000,
  maxWorkers: 2,
};
