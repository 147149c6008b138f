import { enterFile, limited, noting } from './runner-setup';

/**
 * What test/support/runner-setup.ts gives every test file on the light runner (jest.config.js):
 * a time limit per test and hook, and the environment a file's tests changed put back before the
 * next file. Without them a hung test hangs the run, and a variable one file sets changes the
 * next file's graph.
 */
test('a test that never settles fails at its time limit, naming the limit', async () => {
  const never = limited(() => new Promise(() => undefined), 20, 'a test')!;
  await expect(never()).rejects.toThrow('Exceeded timeout of 20 ms for a test.');
});

test('a done-callback test settles with its callback', async () => {
  const withDone = limited((done) => (done as (error?: unknown) => void)(), 1000, 'a test')!;
  await expect(withDone()).resolves.toBeUndefined();
  const failing = limited((done) => (done as (error?: unknown) => void)(new Error('no')), 1000, 'a test')!;
  await expect(failing()).rejects.toThrow('no');
});

test('what a file’s tests set in process.env is put back when the next file begins', async () => {
  const state = expect.getState();
  const before = process.env.RUNNER_SETUP_PROBE;
  process.env.RUNNER_SETUP_KEPT = 'kept';
  await noting(async () => {
    process.env.RUNNER_SETUP_PROBE = 'set by a test';
    delete process.env.RUNNER_SETUP_KEPT;
  });
  try {
    expect(process.env.RUNNER_SETUP_PROBE).toBe('set by a test');
    expect.setState({ testPath: `${state.testPath}.next` });
    enterFile();
    expect(process.env.RUNNER_SETUP_PROBE).toBe(before);
    expect(process.env.RUNNER_SETUP_KEPT).toBe('kept');
  } finally {
    expect.setState({ testPath: state.testPath });
    enterFile();
    delete process.env.RUNNER_SETUP_KEPT;
  }
});
