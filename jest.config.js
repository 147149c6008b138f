/* global require, process, module, __dirname */
const { join } = require('node:path');

// Test files run in plain Node processes that share their modules between the files a worker
// runs (jest-light-runner, `child_process` runtime), not in a fresh module registry per file:
// node_modules, the schemas and the embedded database's WASM then load once per worker, which
// was half of every file's time. Each worker transpiles the project's TypeScript as
// `npm run token` does (scripts/ts-run.cjs, no type check: `npm run typecheck` does that), and
// `test/support/ts-hooks.mjs` hands the .ts test files the runner imports to it.
// `test/support/runner-setup.ts` adds what jest's own runner gave each file (time limits, the
// environment as the worker started, jest.useFakeTimers options).
// A 64 MB young generation per worker (V8's default is 16 MB): a worker allocates fast (GraphQL
// results, row objects) and kept collecting it; the embedded run took 290 s instead of 325 s with
// the same files in the same order.
const hooks = ['--require', join(__dirname, 'scripts', 'ts-run.cjs')]
  .concat(['--import', join(__dirname, 'test', 'support', 'ts-hooks.mjs')])
  .map((part) => JSON.stringify(part))
  .concat('--max-semi-space-size=64');
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS ?? '', ...hooks].join(' ').trim();
// The same in this process, where the runner runs the files itself with one worker (`-i`,
// `--maxWorkers=1`).
require('./scripts/ts-run.cjs');
require('node:module').register(
  require('node:url').pathToFileURL(join(__dirname, 'test', 'support', 'ts-load-hook.mjs')),
);

/** @type {import('jest').Config} */
module.exports = {
  // jest-light-runner's child-process runner with its worker-data handshake mended.
  runner: '<rootDir>/test/support/light-runner.mjs',
  roots: ['<rootDir>/shared', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // No jest transform: the worker's require hook transpiles (see above).
  transform: {},
  setupFiles: ['reflect-metadata'],
  setupFilesAfterEnv: ['<rootDir>/test/support/runner-setup.ts'],
  // A cache directory per run for the embedded databases' snapshots (test/support/database.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.cjs',
  // Read by test/support/runner-setup.ts (the light runner has no time limit of its own).
  testTimeout: 120000,
  maxWorkers: 2,
};
