/* global require, process, module */
/* eslint-disable @typescript-eslint/no-require-imports */
// Once per `npm test`, before any worker starts: a cache directory for this run (TEST_CACHE_DIR),
// where the harness keeps the embedded databases' snapshots (`test/support/database.ts`).
// `jest-global-teardown.cjs` removes it; a run killed before its teardown leaves its directory,
// which the next run removes once that run's process is gone. A TEST_CACHE_DIR set by the caller
// is used as it is and kept.
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const PREFIX = 'sales-graph-test-';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

module.exports = async function globalSetup() {
  if (process.env.TEST_CACHE_DIR) return;
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.startsWith(PREFIX) ? name.slice(PREFIX.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
  process.env.TEST_CACHE_DIR = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  process.env.TEST_CACHE_DIR_OWNED = '1';
};
