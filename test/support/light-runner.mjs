import { createRunner } from 'jest-light-runner';

// jest-light-runner's child-process runner (0.7.13; 0.8.2 has the same code), with one fix: a
// child asks the parent for its worker data ('jest-light-runner-get-worker-data'), and the
// runner answered through ONE channel shared by every task of the pool, so the first child's
// request also answered, and forgot, every other child that had taken a task by then. A child
// answered before it listened dropped the answer, and its own request later found no listener:
// it waited for ever with nothing pending (a CI run hung so, one worker idle from its start).
// Here each task gets a channel of its own: a request answers the child that sent it.
const LightRunner = createRunner({ runtime: 'child_process' });
const REQUEST = 'jest-light-runner-get-worker-data';

function channelFor(workerData) {
  const listeners = new Set();
  return {
    onMessage(listener) {
      listeners.add(listener);
    },
    postMessage(message) {
      if (message !== REQUEST) return;
      for (const listener of listeners) listener({ type: 'jest-light-runner-worker-data', workerData });
      listeners.clear();
    },
  };
}

export default class ChildProcessRunner extends LightRunner {
  constructor(...args) {
    super(...args);
    const { _globalConfig: globalConfig, _runtime: runtime } = this;
    // The base class keeps a pool per project in this map; each entry's `run` is replaced by one
    // that passes a channel of the task's own.
    this._testRunners = new (class extends Map {
      set(projectConfig, entry) {
        if (runtime !== 'child_process') return super.set(projectConfig, entry);
        const workerData = { globalConfig, projectConfig, runtime };
        return super.set(projectConfig, {
          ...entry,
          run: (test) => entry.pool.run(test.path, { channel: channelFor(workerData) }),
        });
      }
    })();
  }
}
