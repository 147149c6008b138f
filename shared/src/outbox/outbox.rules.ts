/** Pure rules of the outbox: when a failed message is tried again, and what a claim takes. */

export interface BackoffOptions {
  /** Wait after the first failure. */
  baseMs: number;
  /** Longest wait between two attempts. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Wait before the next attempt after `attempts` failed ones: base, 2·base, 4·base … capped.
 * `attempts` counts the attempt that just failed (1 after the first failure).
 */
export function backoffMs(attempts: number, { baseMs, capMs }: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempts) || attempts < 1) return baseMs;
  // 2^exponent overflows nothing: past the cap the exponent stops growing.
  const exponent = Math.min(attempts - 1, 40);
  return Math.min(baseMs * 2 ** exponent, capMs);
}

/** When a message that failed its `attempts`-th attempt at `now` is due again. */
export function nextAttemptAt(now: Date, attempts: number, options: BackoffOptions = DEFAULT_BACKOFF): Date {
  return new Date(now.getTime() + backoffMs(attempts, options));
}

/** What is kept of an error: its message, one line-limited string (no stack, bounded size). */
export function errorText(error: unknown, max = 1000): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface OutboxRowState {
  deliveredAt: Date | null;
  nextAttemptAt: Date;
}

/**
 * Whether a claim at `now` takes this row: not delivered and due. (The claim statement applies the
 * same condition in SQL, and skips rows another dispatcher holds locked.)
 */
export function isDue(row: OutboxRowState, now: Date): boolean {
  return row.deliveredAt === null && row.nextAttemptAt.getTime() <= now.getTime();
}

/**
 * A claimed row is leased: its next attempt moves `leaseMs` ahead, so a dispatcher that dies while
 * delivering it does not lose it (another takes it once the lease runs out) and no other
 * dispatcher takes it while the lease holds.
 */
export function leaseUntil(now: Date, leaseMs: number): Date {
  return new Date(now.getTime() + leaseMs);
}
