import { PeriodicRounds, RoundsStopped } from '@sales-graph/shared/rounds';
import { manualTimer, turn } from '../support/timer';

/**
 * The one loop of background work (job runner, outbox dispatcher), driven by a manual timer:
 * every wait and round is counted, none is waited for on the wall clock.
 */
describe('PeriodicRounds', () => {
  it('waits its interval, runs a round, then waits again; never while off', async () => {
    const manual = manualTimer();
    let rounds = 0;
    const loop = new PeriodicRounds(async () => (rounds += 1), { intervalMs: 250, timer: manual.timer });
    expect(manual.pendingMs()).toEqual([]);
    loop.start();
    loop.start(); // a second start changes nothing
    expect(manual.pendingMs()).toEqual([250]);
    expect(rounds).toBe(0);
    expect(await turn(manual, loop)).toBe(1);
    expect(manual.pendingMs()).toEqual([250]);
    expect(await turn(manual, loop)).toBe(2);
    await loop.stop();
    expect(manual.pendingMs()).toEqual([]);
    expect(loop.running).toBe(false);
    expect(manual.fire()).toBe(0);
    expect(rounds).toBe(2);
  });

  it('starts the next round at once when `again` says a round stopped at a limit', async () => {
    const manual = manualTimer();
    const backlog = [3, 3, 1];
    const loop = new PeriodicRounds(async () => backlog.shift() ?? 0, {
      intervalMs: 500,
      timer: manual.timer,
      again: (taken) => taken === 3,
    });
    loop.start();
    expect(manual.pendingMs()).toEqual([500]);
    expect(await turn(manual, loop)).toBe(3);
    expect(manual.pendingMs()).toEqual([0]);
    expect(await turn(manual, loop)).toBe(3);
    expect(manual.pendingMs()).toEqual([0]);
    expect(await turn(manual, loop)).toBe(1);
    expect(manual.pendingMs()).toEqual([500]);
    await loop.stop();
  });

  it('stays off with interval 0', async () => {
    const manual = manualTimer();
    const loop = new PeriodicRounds(async () => 1, { intervalMs: 0, timer: manual.timer });
    loop.start();
    expect(loop.running).toBe(false);
    expect(manual.pendingMs()).toEqual([]);
    await expect(loop.nextRound()).rejects.toBeInstanceOf(RoundsStopped);
  });

  it('never overlaps rounds: the next wait starts when a round ends', async () => {
    const manual = manualTimer();
    let release!: () => void;
    const loop = new PeriodicRounds(
      () => new Promise<string>((resolve) => (release = () => resolve('done'))),
      {
        intervalMs: 10,
        timer: manual.timer,
      },
    );
    loop.start();
    const first = turn(manual, loop);
    expect(manual.pendingMs()).toEqual([]); // the round is running: no wait scheduled
    release();
    expect(await first).toBe('done');
    expect(manual.pendingMs()).toEqual([10]);
    await loop.stop();
  });

  it('reports a failing round to onError and to its awaiter, and goes on', async () => {
    const manual = manualTimer();
    const errors: unknown[] = [];
    let n = 0;
    const loop = new PeriodicRounds(
      async () => {
        n += 1;
        if (n === 1) throw new Error('boom');
        return n;
      },
      { intervalMs: 5, timer: manual.timer, onError: (error) => errors.push(error) },
    );
    loop.start();
    await expect(turn(manual, loop)).rejects.toThrow('boom');
    expect(errors).toEqual([new Error('boom')]);
    expect(await turn(manual, loop)).toBe(2);
    await loop.stop();
  });

  it('gives nextRound() the next round that starts, not the one in progress', async () => {
    const manual = manualTimer();
    const releases: (() => void)[] = [];
    let n = 0;
    const loop = new PeriodicRounds(
      () =>
        new Promise<number>((resolve) => {
          const round = (n += 1);
          releases.push(() => resolve(round));
        }),
      { intervalMs: 1, timer: manual.timer },
    );
    loop.start();
    const first = turn(manual, loop);
    const next = loop.nextRound(); // asked while round 1 runs
    releases[0]!();
    expect(await first).toBe(1);
    manual.fire();
    releases[1]!();
    expect(await next).toBe(2);
    await loop.stop();
  });

  it('stop() waits for the round in progress and rejects awaiters of rounds that will not run', async () => {
    const manual = manualTimer();
    let release!: () => void;
    let finished = false;
    const loop = new PeriodicRounds(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            finished = true;
            resolve();
          };
        }),
      { intervalMs: 1, timer: manual.timer },
    );
    loop.start();
    const running = turn(manual, loop);
    const never = loop.nextRound();
    const stopped = loop.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
    await running;
    await expect(never).rejects.toBeInstanceOf(RoundsStopped);
    await expect(loop.nextRound()).rejects.toBeInstanceOf(RoundsStopped);
    expect(manual.pendingMs()).toEqual([]);
  });
});
