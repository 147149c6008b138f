import { BadUserInputError } from '../errors';
import { DAY_MS } from '../time';

/**
 * Pure rules of webhook delivery: when a failed delivery is tried again, when it is given up (a
 * dead letter), when an endpoint that keeps failing is disabled, and which URLs may be registered.
 */

/**
 * Waits after each failed attempt, in seconds: the delivery is tried once, then after each wait in
 * turn; after the last wait's attempt fails it is a dead letter. The default (Standard Webhooks'
 * usual schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) retries for 27 h 35 min 5 s.
 * WEBHOOK_RETRY_SCHEDULE overrides it: comma-separated durations such as `5s,5m,30m,2h,5h,10h,10h`.
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  5, 300, 1_800, 7_200, 18_000, 36_000, 36_000,
];

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `5s,5m,2h,1d` → seconds; throws on anything else (an empty schedule included). */
export function parseRetrySchedule(text: string): number[] {
  const waits = text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(part);
    if (!match) throw new Error(`WEBHOOK_RETRY_SCHEDULE: "${part}" is not a duration like 30s, 5m, 2h or 1d`);
    return Number(match[1]) * UNITS[match[2] || 's'];
  });
  if (waits.length === 0 || waits.some((wait) => wait <= 0))
    throw new Error('WEBHOOK_RETRY_SCHEDULE: every wait must be positive');
  return waits;
}

export const retryScheduleFromEnv = (env: NodeJS.ProcessEnv = process.env): readonly number[] =>
  env.WEBHOOK_RETRY_SCHEDULE
    ? parseRetrySchedule(env.WEBHOOK_RETRY_SCHEDULE)
    : DEFAULT_RETRY_SCHEDULE_SECONDS;

/** Share of a wait added at random (never removed: the schedule's total is a floor). */
export const RETRY_JITTER = 0.2;

/**
 * After the `attempts`-th failed attempt at `now`: the time of the next one, or null when the
 * schedule is exhausted (the delivery becomes a dead letter). The wait is the schedule's, plus up
 * to RETRY_JITTER of it at random, so that deliveries that failed together spread out.
 */
export function nextRetryAt(
  now: Date,
  attempts: number,
  schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_SECONDS,
  random: () => number = Math.random,
): Date | null {
  if (attempts > schedule.length) return null;
  const waitMs = schedule[Math.max(0, attempts - 1)] * 1000;
  const r = Math.min(Math.max(random(), 0), 1);
  return new Date(now.getTime() + Math.round(waitMs * (1 + RETRY_JITTER * r)));
}

/** Total time a delivery is retried for, at least (seconds): the sum of the schedule. */
export const retryWindowSeconds = (schedule: readonly number[]): number =>
  schedule.reduce((a, b) => a + b, 0);

export interface DisablePolicy {
  /** Consecutive dead letters after which the endpoint is disabled (WEBHOOK_DISABLE_AFTER_DEAD_LETTERS, 5). */
  deadLetters: number;
  /** Days of failing without one success after which it is disabled (WEBHOOK_DISABLE_AFTER_DAYS, 5). */
  failingDays: number;
}

export const DEFAULT_DISABLE_POLICY: DisablePolicy = { deadLetters: 5, failingDays: 5 };

/** Why an endpoint is disabled now, or null while it may keep trying. */
export function disableReason(
  state: { consecutiveDeadLetters: number; failingSince: Date | null },
  now: Date,
  policy: DisablePolicy = DEFAULT_DISABLE_POLICY,
): string | null {
  if (state.consecutiveDeadLetters >= policy.deadLetters)
    return `${state.consecutiveDeadLetters} consecutive deliveries dead-lettered`;
  if (state.failingSince && now.getTime() - state.failingSince.getTime() >= policy.failingDays * DAY_MS)
    return `every delivery failed since ${state.failingSince.toISOString()} (${policy.failingDays} days)`;
  return null;
}

/**
 * A URL an endpoint may be registered with: http(s) only (https only when `requireHttps`, the
 * production setting), no credentials, no fragment, at most 2000 characters. Address checks
 * (`ssrf.ts`) come after. BAD_USER_INPUT on `field` otherwise.
 */
export function parseEndpointUrl(text: string, requireHttps: boolean, field = 'url'): URL {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2000)
    throw new BadUserInputError('url must be an absolute URL of at most 2000 characters', field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError('url is not a valid absolute URL', field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new BadUserInputError('url must be http or https', field);
  if (requireHttps && url.protocol !== 'https:') throw new BadUserInputError('url must use https', field);
  if (url.username || url.password) throw new BadUserInputError('url must not carry credentials', field);
  if (url.hash) throw new BadUserInputError('url must not have a fragment', field);
  return url;
}
