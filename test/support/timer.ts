import type { Timer } from '@sales-graph/shared/rounds';

/**
 * A timer (the `Timer` seam of shared/src/rounds.ts) that fires only when the test says so: the
 * loop under test schedules its wait, the test sees how long it asked for (`pendingMs()`) and
 * fires it (`fire()`), then awaits the loop's `nextRound()`; no test waits for wall-clock time.
 */
export interface ManualTimer {
  timer: Timer;
  /** The delays (ms) of the waits scheduled and not yet fired or cancelled, oldest first. */
  pendingMs(): number[];
  /** Fires every pending wait now; answers how many fired. */
  fire(): number;
}

export function manualTimer(): ManualTimer {
  let pending: { fire: () => void; ms: number }[] = [];
  return {
    timer: (fire, ms) => {
      const entry = { fire, ms };
      pending.push(entry);
      return () => {
        pending = pending.filter((other) => other !== entry);
      };
    },
    pendingMs: () => pending.map((entry) => entry.ms),
    fire() {
      const due = pending;
      pending = [];
      for (const entry of due) entry.fire();
      return due.length;
    },
  };
}

/**
 * One round of a loop driven by `manual`: fires its pending wait and resolves with the round's
 * outcome (fails if the loop had no wait pending, i.e. it is stopped or a round is in progress).
 */
export async function turn<R>(manual: ManualTimer, loop: { nextRound(): Promise<R> }): Promise<R> {
  const next = loop.nextRound();
  if (manual.fire() === 0) {
    next.catch(() => undefined);
    throw new Error('turn: the loop has no wait pending (stopped, or a round is still running)');
  }
  return next;
}
