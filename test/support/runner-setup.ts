/**
 * What jest's own runner gave each test file that the light runner (jest.config.js) does not,
 * installed once per worker process after the runner's globals (`setupFilesAfterEnv`):
 *
 * - **Time limits.** Every test and hook fails after `testTimeout` (or its own third argument,
 *   or `jest.setTimeout`) instead of hanging the run.
 * - **The environment per file.** What a file's tests and hooks set in `process.env` is put back
 *   when the next file begins, so a file that sets a variable does not change the next one's graph.
 * - **`jest.useFakeTimers(config)`** with its options (e.g. `doNotFake`), `jest.setTimeout`,
 *   `jest.requireActual`.
 *
 * Test files share the worker's modules (that is what makes the run fast: node_modules, the
 * schemas and the embedded database's WASM load once per worker, not once per file); module
 * state that must not leak between files is reset by the code that owns it.
 */
import { setFlagsFromString } from 'node:v8';
import { ModernFakeTimers } from '@jest/fake-timers';
import type { expect as jestExpect } from '@jest/globals';

// PGlite's WASM (PostgreSQL) compiled fully optimised when it is loaded, once per worker, instead
// of starting on the baseline compiler and tiering up function by function: with both cores busy
// running tests, tier-up jobs waited, and the WASM-heavy files (generated data) ran 10-20 %
// slower (company-names 40.8-45.8 s against 37.6 s, scale-plans 47.2 s against 40.7 s, alone).
// Not allowed in NODE_OPTIONS, so set here, before any test file loads PGlite.
setFlagsFromString('--no-wasm-dynamic-tiering');

type Fn = (...args: unknown[]) => unknown;
type Registrar = ((name: unknown, fn?: Fn, timeout?: number) => unknown) & Record<string, unknown>;

const globals = globalThis as unknown as Record<string, Registrar> & {
  jest: Record<string, unknown>;
  expect: typeof jestExpect;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const configuredTimeout = (require('../../jest.config.js') as { testTimeout: number }).testTimeout;
let defaultTimeout = configuredTimeout;
// The real clock's timers, also while a test fakes them.
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = globalThis;
let currentFile: string | undefined;
/** Variables the current file's tests and hooks changed, with their values before it ran. */
const changedEnv = new Map<string, string | undefined>();

/**
 * A new test file started: what the last file's tests and hooks set in `process.env` is put back.
 * (What modules set while loading stays, as it would in one process: it happens once.)
 */
export function enterFile(): void {
  const file = globals.expect.getState().testPath;
  if (file === currentFile) return;
  currentFile = file;
  defaultTimeout = configuredTimeout;
  for (const [name, value] of changedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  changedEnv.clear();
}

/** Runs a test's or hook's function, noting the variables it changes. */
export async function noting(run: () => Promise<unknown>): Promise<unknown> {
  const before = { ...process.env };
  try {
    return await run();
  } finally {
    for (const name of new Set([...Object.keys(before), ...Object.keys(process.env)]))
      if (before[name] !== process.env[name] && !changedEnv.has(name)) changedEnv.set(name, before[name]);
  }
}

export function limited(fn: Fn | undefined, timeout: number | undefined, what: string): Fn | undefined {
  if (typeof fn !== 'function') return fn;
  const run = (): Promise<unknown> =>
    fn.length >= 1
      ? new Promise((resolve, reject) => fn((error: unknown) => (error ? reject(error) : resolve(undefined))))
      : Promise.resolve().then(() => fn());
  return function limitedRun() {
    const ms = timeout ?? defaultTimeout;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise((_, reject) => {
      timer = realSetTimeout(() => reject(new Error(`Exceeded timeout of ${ms} ms for ${what}.`)), ms);
    });
    return Promise.race([noting(run), expired]).finally(() => realClearTimeout(timer));
  };
}

/** `test`/`it` and their `.skip`, `.only`, `.each`, `.todo`, with a time limit per test. */
function wrapTest(original: Registrar, only = true): Registrar {
  const wrapped = ((name: unknown, fn?: Fn, timeout?: number) => {
    enterFile();
    return original(name, limited(fn, timeout, 'a test'), timeout);
  }) as Registrar;
  if (only) wrapped.only = wrapTest(original.only as Registrar, false);
  wrapped.skip = original.skip;
  wrapped.todo = original.todo;
  wrapped.each = (...table: unknown[]) => {
    const each = (original.each as Fn)(...table) as (name: unknown, fn: Fn, timeout?: number) => unknown;
    if (typeof each !== 'function') return each;
    return (name: unknown, fn: Fn, timeout?: number) => {
      enterFile();
      // Each row's arguments reach the test function; the limit wraps that call.
      return each(name, (...args: unknown[]) => limited(() => fn(...args), timeout, 'a test')!(), timeout);
    };
  };
  return wrapped;
}

function wrapHook(original: Registrar, name: string): Registrar {
  return ((fn?: Fn, timeout?: number) => {
    enterFile();
    return (original as unknown as (fn?: Fn, timeout?: number) => unknown)(
      limited(fn, timeout, `a ${name} hook`),
      timeout,
    );
  }) as unknown as Registrar;
}

function wrapDescribe(original: Registrar): Registrar {
  const wrapped = ((name: unknown, fn?: Fn) => {
    enterFile();
    return original(name, fn);
  }) as Registrar;
  wrapped.only = original.only;
  wrapped.skip = original.skip;
  wrapped.each = (...table: unknown[]) => {
    const each = (original.each as Fn)(...table) as Fn;
    return (...args: unknown[]) => {
      enterFile();
      return each(...args);
    };
  };
  return wrapped;
}

globals.test = wrapTest(globals.test);
globals.it = wrapTest(globals.it);
globals.fit = globals.test.only as Registrar;
globals.describe = wrapDescribe(globals.describe);
for (const hook of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach']) {
  globals[hook] = wrapHook(globals[hook], hook);
}

const timers = new ModernFakeTimers({
  config: { fakeTimers: { enableGlobally: false } } as never,
  global: globalThis as never,
});
Object.assign(globals.jest, {
  setTimeout(ms: number) {
    enterFile();
    defaultTimeout = ms;
    return globals.jest;
  },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  requireActual: (path: string) => require(path) as unknown,
  useFakeTimers(config?: Record<string, unknown>) {
    timers.useFakeTimers(config as never);
    return globals.jest;
  },
  useRealTimers() {
    timers.useRealTimers();
    return globals.jest;
  },
  setSystemTime(now?: number | Date) {
    timers.setSystemTime(now);
    return globals.jest;
  },
  advanceTimersByTime(ms: number) {
    timers.advanceTimersByTime(ms);
    return globals.jest;
  },
});

// A worker whose runner has gone (the run ended or was stopped) exits, whatever a test file left
// running: an open server or a timer would otherwise keep it, and the pipe of `npm test | tee`,
// alive.
process.on('disconnect', () => process.exit(0));
