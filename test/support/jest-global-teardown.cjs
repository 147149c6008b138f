/* global require, process, module */
/* eslint-disable @typescript-eslint/no-require-imports */
// Removes the run's cache directory that `jest-global-setup.cjs` made.
const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  if (!process.env.TEST_CACHE_DIR_OWNED || !process.env.TEST_CACHE_DIR) return;
  rmSync(process.env.TEST_CACHE_DIR, { recursive: true, force: true });
  delete process.env.TEST_CACHE_DIR;
  delete process.env.TEST_CACHE_DIR_OWNED;
};
