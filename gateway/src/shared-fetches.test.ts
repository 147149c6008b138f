import { InFlightFetches } from './shared-fetches';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('callers of one key in flight share one fetch; each gets an answer of its own', async () => {
  const fetches = new InFlightFetches<{ rows: number[] }>((value) => structuredClone(value));
  const answer = deferred<{ rows: number[] }>();
  let sent = 0;
  let joined = 0;
  const fetch = () => ((sent += 1), answer.promise);
  const first = fetches.run('k', fetch, () => (joined += 1));
  const second = fetches.run('k', fetch, () => (joined += 1));
  const other = fetches.run('other', () => Promise.resolve({ rows: [9] }));
  answer.resolve({ rows: [1, 2] });
  const [a, b] = await Promise.all([first, second]);
  expect([sent, joined]).toEqual([1, 1]);
  expect(a).toEqual({ rows: [1, 2] });
  expect(b).toEqual({ rows: [1, 2] });
  a.rows.push(3); // one caller changing its answer changes nobody else's
  expect(b.rows).toEqual([1, 2]);
  expect(await other).toEqual({ rows: [9] });
  expect(fetches.size).toBe(0);
  // Settled: the next call sends again.
  await fetches.run('k', () => ((sent += 1), Promise.resolve({ rows: [] })));
  expect(sent).toBe(2);
});

test('a failure is the same error for every caller of the fetch, and is not kept', async () => {
  const fetches = new InFlightFetches<number>((value) => value);
  const answer = deferred<number>();
  const error = new Error('down');
  const calls = [fetches.run('k', () => answer.promise), fetches.run('k', () => answer.promise)];
  answer.reject(error);
  for (const call of calls) await expect(call).rejects.toBe(error);
  expect(fetches.size).toBe(0);
  await expect(fetches.run('k', () => Promise.resolve(1))).resolves.toBe(1);
});
