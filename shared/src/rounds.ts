/**
 * The one loop of background work on a timer (the job runner's rounds, the outbox dispatcher's
 * polls): a round, then a wait of `intervalMs` once it has finished, then the next round, until
 * stopped. Rounds never overlap; a round that throws is reported to `onError` and the loop goes on.
 *
 * Two seams keep tests free of wall-clock time: the `timer` (production: `setTimeout`, unref'd so
 * a pending wait never keeps a process alive; tests: `manualTimer()` of test/support/timer.ts,
 * which fires when the test says so) and `nextRound()`, a promise of the next round's outcome,
 * which a test awaits instead of sleeping and polling.
 */

/** Schedules `fire` after `ms`; the returned function cancels it (a no-op once fired). */
export type Timer = (fire: () => void, ms: number) => () => void;

/** The production timer: `setTimeout`, unref'd. */
export const systemTimer: Timer = (fire, ms) => {
  const handle = setTimeout(fire, ms);
  handle.unref();
  return () => clearTimeout(handle);
};

/** The production clock of a round's `now`. */
export const systemClock = (): Date => new Date();

export interface PeriodicRoundsOptions<R = unknown> {
  /** Wait between the end of one round and the start of the next; 0 leaves the loop off. */
  intervalMs: number;
  /** Default `systemTimer`. */
  timer?: Timer;
  /** Called with the error of a round that threw (the loop goes on). */
  onError?: (error: unknown) => void;
  /**
   * Whether a round's outcome says more work is waiting (it stopped at a limit): then the next
   * round starts at once instead of after `intervalMs`. Default: never.
   */
  again?: (outcome: R) => boolean;
}

/** Thrown to the awaiters of `nextRound()` when the loop stops before their round ran. */
export class RoundsStopped extends Error {
  constructor() {
    super('The rounds stopped before the next round ran');
  }
}

interface Waiter<R> {
  resolve(outcome: R): void;
  reject(error: unknown): void;
}

export class PeriodicRounds<R> {
  private readonly intervalMs: number;
  private readonly timer: Timer;
  private readonly onError: (error: unknown) => void;
  private readonly again: (outcome: R) => boolean;
  private cancel: (() => void) | undefined;
  private current: Promise<unknown> = Promise.resolve();
  private stopped = true;
  /** Awaiters of the next round to start (they get its outcome when it ends). */
  private waiting: Waiter<R>[] = [];

  constructor(
    private readonly round: () => Promise<R>,
    options: PeriodicRoundsOptions<R>,
  ) {
    this.intervalMs = options.intervalMs;
    this.timer = options.timer ?? systemTimer;
    this.onError = options.onError ?? (() => undefined);
    this.again = options.again ?? (() => false);
  }

  /** Whether the loop is on (started, not stopped). */
  get running(): boolean {
    return !this.stopped;
  }

  /** Starts the loop: the first round after one interval (no-op when on, or when the interval is 0). */
  start(): void {
    if (!this.stopped || this.intervalMs === 0) return;
    this.stopped = false;
    this.schedule();
  }

  /**
   * Stops the loop and waits for the round in progress to finish; awaiters of a round that will
   * now never run get `RoundsStopped`.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    await this.current.catch(() => undefined);
    for (const waiter of this.waiting.splice(0)) waiter.reject(new RoundsStopped());
  }

  /**
   * The outcome of the next round that starts after this call (a round already in progress does
   * not count: what a test changed before calling is visible to the round it gets). Rejects with
   * the round's error if it threw, with `RoundsStopped` if the loop is (or gets) stopped first.
   */
  nextRound(): Promise<R> {
    if (this.stopped) return Promise.reject(new RoundsStopped());
    return new Promise<R>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private schedule(now = false): void {
    if (this.stopped || this.cancel) return;
    this.cancel = this.timer(
      () => {
        this.cancel = undefined;
        if (!this.stopped) this.current = this.runRound(this.waiting.splice(0));
      },
      now ? 0 : this.intervalMs,
    );
  }

  /** One round; the next wait is scheduled before the round's awaiters hear of its outcome. */
  private async runRound(waiters: Waiter<R>[]): Promise<void> {
    let settle: (waiter: Waiter<R>) => void;
    let again = false;
    try {
      const outcome = await this.round();
      again = this.again(outcome);
      settle = (waiter) => waiter.resolve(outcome);
    } catch (error) {
      this.onError(error);
      settle = (waiter) => waiter.reject(error);
    }
    this.schedule(again);
    waiters.forEach(settle);
  }
}
