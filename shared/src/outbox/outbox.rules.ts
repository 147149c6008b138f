/**
 * Pure rules of the outbox: when a failed message is tried again, when it is given up (dead
 * letter), which target a topic delivers to, and what a claim takes.
 */

export interface BackoffOptions {
  /** Wait after the first failure (the ceiling of the first wait, with jitter). */
  baseMs: number;
  /** Longest wait between two attempts. */
  capMs: number;
  /**
   * Share of each wait that is random, from 0 (none: exactly base, 2·base … cap) to 1 (full
   * jitter above the base: uniform between baseMs and that ceiling), so that messages that failed
   * together (the target went down) do not all come back at the same instant. Default 0.
   */
  jitter?: number;
}

/** The defaults of OUTBOX_BACKOFF_BASE_MS / OUTBOX_BACKOFF_CAP_MS, with full jitter. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000, jitter: 1 };

/** Attempts after which a message is given up as a dead letter: OUTBOX_MAX_ATTEMPTS's default. */
export const DEFAULT_MAX_ATTEMPTS = 20;

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

/**
 * The wait after the `attempts`-th failed attempt, with jitter: the ceiling `backoffMs` gives,
 * less `jitter · random() · (ceiling − base)`. `random` is the random source, a number in [0, 1)
 * (injected by tests). The wait is always within [baseMs, capMs]: never a retry sooner than the
 * base wait, never a wait longer than the cap.
 */
export function jitteredBackoffMs(
  attempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = backoffMs(attempts, options);
  const unit = (value: number) => (Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0);
  const jitter = unit(options.jitter ?? 0);
  if (jitter === 0) return ceiling;
  const r = unit(random());
  const floor = Math.min(options.baseMs, ceiling);
  return Math.round(ceiling - jitter * r * (ceiling - floor));
}

/** When a message that failed its `attempts`-th attempt at `now` is due again. */
export function nextAttemptAt(
  now: Date,
  attempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): Date {
  return new Date(now.getTime() + jitteredBackoffMs(attempts, options, random));
}

/**
 * Whether a message whose `attempts`-th attempt just failed is given up (a dead letter, kept with
 * its last error until an ADMIN replays it) rather than tried again.
 */
export function isExhausted(attempts: number, maxAttempts: number): boolean {
  return attempts >= Math.max(1, maxAttempts);
}

/**
 * The service a topic delivers to: its first dot-separated part (`crm.createPartnerSourcedDeal`
 * → `crm`). A success with one message of a target makes that target's waiting messages due.
 */
export function targetOf(topic: string): string {
  const dot = topic.indexOf('.');
  return dot === -1 ? topic : topic.slice(0, dot);
}

/** What is kept of an error: its message, one line-limited string (no stack, bounded size). */
export function errorText(error: unknown, max = 1000): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface OutboxRowState {
  deliveredAt: Date | null;
  nextAttemptAt: Date;
  /** When it was given up as a dead letter; absent or null while it is still tried. */
  deadAt?: Date | null;
}

/**
 * Whether a claim at `now` takes this row: not delivered, not dead and due. (The claim statement
 * applies the same condition in SQL, and skips rows another dispatcher holds locked.)
 */
export function isDue(row: OutboxRowState, now: Date): boolean {
  return row.deliveredAt === null && !row.deadAt && row.nextAttemptAt.getTime() <= now.getTime();
}

/**
 * A claimed row is leased: its next attempt moves `leaseMs` ahead, so a dispatcher that dies while
 * delivering it does not lose it (another takes it once the lease runs out) and no other
 * dispatcher takes it while the lease holds.
 */
export function leaseUntil(now: Date, leaseMs: number): Date {
  return new Date(now.getTime() + leaseMs);
}
