import { GraphQLError } from 'graphql';
import { intFromEnv, type SubgraphName } from '@sales-graph/shared/config';
import { ServiceUnavailableError } from '@sales-graph/shared/errors';
import { logger } from '@sales-graph/shared/log';

const log = logger('gateway');

/**
 * Per-subgraph resilience at the gateway: a circuit breaker, so that a stalled or failing
 * subgraph is failed fast once detected (no network call, no timeout waited out) and is probed
 * by one request after a cool-down, and a cap on the fetches in flight, so that pending requests
 * and connections cannot grow as rate × timeout.
 */
export interface ResilienceSettings {
  /** Failed fetches in a row (timeout, unreachable, 502/503/504) that open the breaker; 0 = off. */
  failures: number;
  /** Failed share (percent) of the last `window` fetches that opens the breaker; 0 = off. */
  failureRatePercent: number;
  /** How many of the latest fetches the failure rate is taken over (and at least needs). */
  window: number;
  /** How long an open breaker fails fast before it lets one probe through (ms). */
  cooldownMs: number;
  /** Most fetches in flight to one subgraph; beyond it a fetch fails fast; 0 = no cap. */
  maxInFlight: number;
}

export const DEFAULT_RESILIENCE: ResilienceSettings = {
  failures: 5,
  failureRatePercent: 50,
  window: 20,
  cooldownMs: 5_000,
  maxInFlight: 100,
};

export function resilienceSettingsFromEnv(): ResilienceSettings {
  return {
    failures: intFromEnv('SUBGRAPH_BREAKER_FAILURES', DEFAULT_RESILIENCE.failures),
    failureRatePercent: intFromEnv('SUBGRAPH_BREAKER_FAILURE_RATE', DEFAULT_RESILIENCE.failureRatePercent),
    window: intFromEnv('SUBGRAPH_BREAKER_WINDOW', DEFAULT_RESILIENCE.window),
    cooldownMs: intFromEnv('SUBGRAPH_BREAKER_COOLDOWN_MS', DEFAULT_RESILIENCE.cooldownMs),
    maxInFlight: intFromEnv('SUBGRAPH_MAX_IN_FLIGHT', DEFAULT_RESILIENCE.maxInFlight),
  };
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Why a fetch failed, as the one log line says it. */
export type FailureReason =
  'timeout' | 'unreachable' | `HTTP ${number}` | 'circuit open' | 'too many in flight' | 'answer too large';

/**
 * A fetch refused or failed for a reason the gateway expects from a downstream service: the
 * client reads SERVICE_UNAVAILABLE (retry with backoff) on the part of the answer that is
 * missing, with a message that names neither the subgraph nor its address (the error's path
 * says which part; the log line names the subgraph). The data source has already written the
 * one log line for it, so the error formatter does not write another (`logged`).
 */
export class SubgraphUnavailableError extends ServiceUnavailableError {
  readonly logged = true;
  constructor(
    readonly subgraph: SubgraphName,
    readonly reason: FailureReason,
    /** What the log line adds (e.g. ECONNREFUSED); never shown to the client. */
    readonly detail?: string,
  ) {
    super(
      `Part of the data is unavailable: a service ${CLIENT_MESSAGES[reason.startsWith('HTTP') ? 'HTTP' : reason]}`,
    );
  }
}

const CLIENT_MESSAGES: Record<string, string> = {
  timeout: 'did not answer in time',
  unreachable: 'could not be reached',
  HTTP: 'is unavailable',
  'circuit open': 'is failing and is not asked until it recovers; try again later',
  'too many in flight': 'is overloaded; try again later',
};

/** Statuses that say "not available right now" (a proxy or the service itself), not "a bug". */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Any other 5xx, or an answer longer than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES), is a
 * fault of the subgraph: masked for the client as INTERNAL_SERVER_ERROR with an `errorId`, which
 * the one log line carries so that the answer can be found in the logs. It does not count against
 * the breaker: the subgraph did answer, and a fault one caller's input provokes must not let that
 * caller shut the subgraph off for everyone.
 */
export class SubgraphFaultError extends GraphQLError {
  readonly logged = true;
  readonly detail: string;
  constructor(
    readonly subgraph: SubgraphName,
    readonly reason: FailureReason,
    /** What the log line adds before the error id (e.g. the limit); never shown to the client. */
    detail?: string,
  ) {
    const errorId = Math.random().toString(36).slice(2, 10);
    super('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } });
    this.detail = detail ? `${detail}, error ${errorId}` : `error ${errorId}`;
  }
}

/** The error for a subgraph's 5xx answer: SERVICE_UNAVAILABLE for 502/503/504, else a masked fault. */
export const httpFailure = (
  subgraph: SubgraphName,
  status: number,
): SubgraphUnavailableError | SubgraphFaultError =>
  UNAVAILABLE_STATUSES.has(status)
    ? new SubgraphUnavailableError(subgraph, `HTTP ${status}`)
    : new SubgraphFaultError(subgraph, `HTTP ${status}`);

/** A fetch that failed for the subgraph's sake (counted by its breaker, logged in one line). */
export const isFailedFetch = (error: unknown): error is SubgraphUnavailableError | SubgraphFaultError =>
  error instanceof SubgraphUnavailableError || error instanceof SubgraphFaultError;

/** One admitted fetch; report its outcome exactly once. */
export interface Permit {
  /** The subgraph answered (anything but a 502/503/504): it is alive. */
  succeeded(): void;
  /** The subgraph failed the fetch (timeout, unreachable, 502/503/504). */
  failed(): void;
  /** The fetch ended without telling anything about the subgraph (e.g. refused before sending). */
  released(): void;
}

/**
 * closed → open after `failures` consecutive failures, or a failure rate of at least
 * `failureRatePercent` over the last `window` outcomes; open fails every fetch at once until
 * `cooldownMs` has passed on `now()`; then half-open lets ONE probe through (the others still
 * fail fast): its success closes the breaker, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private openedAt = 0;
  private consecutive = 0;
  private outcomes: boolean[] = []; // true = failed, latest last
  private probing = false;
  // Outcomes of fetches admitted before the last change of state say nothing about the new one.
  private generation = 0;

  constructor(
    private readonly settings: Pick<
      ResilienceSettings,
      'failures' | 'failureRatePercent' | 'window' | 'cooldownMs'
    >,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state as the next fetch would find it (an open breaker past its cool-down is half-open). */
  current(): BreakerState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.settings.cooldownMs) return 'half-open';
    return this.state;
  }

  /** A permit for one fetch, or `undefined` when the fetch must fail fast. */
  admit(): Permit | undefined {
    if (!this.enabled) return this.permit(this.generation, false);
    if (this.current() === 'half-open' && this.state === 'open') this.transition('half-open');
    if (this.state === 'open') return undefined;
    if (this.state === 'half-open') {
      if (this.probing) return undefined;
      this.probing = true;
      return this.permit(this.generation, true);
    }
    return this.permit(this.generation, false);
  }

  private get enabled(): boolean {
    return this.settings.failures > 0 || this.settings.failureRatePercent > 0;
  }

  private permit(generation: number, probe: boolean): Permit {
    let done = false;
    const once = (outcome: 'success' | 'failure' | 'none') => {
      if (done) return;
      done = true;
      if (generation !== this.generation) return;
      if (probe) this.probing = false;
      if (outcome === 'success') this.recordSuccess(probe);
      else if (outcome === 'failure') this.recordFailure(probe);
    };
    return {
      succeeded: () => once('success'),
      failed: () => once('failure'),
      released: () => once('none'),
    };
  }

  private recordSuccess(probe: boolean) {
    if (probe) {
      this.transition('closed');
      return;
    }
    this.consecutive = 0;
    this.remember(false);
  }

  private recordFailure(probe: boolean) {
    if (probe) {
      this.transition('open');
      return;
    }
    this.consecutive += 1;
    this.remember(true);
    const { failures, failureRatePercent, window } = this.settings;
    const failed = this.outcomes.filter(Boolean).length;
    const byCount = failures > 0 && this.consecutive >= failures;
    const byRate =
      failureRatePercent > 0 &&
      window > 0 &&
      this.outcomes.length >= window &&
      failed * 100 >= failureRatePercent * window;
    if (byCount || byRate) this.transition('open');
  }

  private remember(failed: boolean) {
    if (this.settings.window <= 0) return;
    this.outcomes.push(failed);
    if (this.outcomes.length > this.settings.window) this.outcomes.shift();
  }

  private transition(state: BreakerState) {
    this.state = state;
    this.generation += 1;
    this.probing = false;
    this.consecutive = 0;
    this.outcomes = [];
    if (state === 'open') this.openedAt = this.now();
  }
}

/** At most `max` fetches in flight (0 = no cap); a fetch beyond it is refused, not queued. */
export class ConcurrencyCap {
  private inFlight = 0;
  constructor(private readonly max: number) {}

  tryAcquire(): boolean {
    if (this.max > 0 && this.inFlight >= this.max) return false;
    this.inFlight += 1;
    return true;
  }

  release(): void {
    this.inFlight -= 1;
  }

  get current(): number {
    return this.inFlight;
  }
}

/** A subgraph's breaker and cap together: `admit` either returns a permit or throws the fail-fast error. */
export class SubgraphGuard {
  readonly breaker: CircuitBreaker;
  private readonly cap: ConcurrencyCap;

  constructor(
    readonly subgraph: SubgraphName,
    settings: ResilienceSettings,
    now: () => number = Date.now,
  ) {
    this.breaker = new CircuitBreaker(settings, now);
    this.cap = new ConcurrencyCap(settings.maxInFlight);
  }

  /** Throws SubgraphUnavailableError ('circuit open' or 'too many in flight') when the fetch must not be sent. */
  admit(): Permit {
    const permit = this.breaker.admit();
    if (!permit) throw new SubgraphUnavailableError(this.subgraph, 'circuit open');
    if (!this.cap.tryAcquire()) {
      permit.released();
      throw new SubgraphUnavailableError(this.subgraph, 'too many in flight');
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.cap.release();
    };
    return {
      succeeded: () => (release(), permit.succeeded()),
      failed: () => (release(), permit.failed()),
      released: () => (release(), permit.released()),
    };
  }

  get inFlight(): number {
    return this.cap.current;
  }
}

/** The one log line of a failed fetch: no stack trace, since these failures are expected. */
export function logFailedFetch(
  requestId: string | undefined,
  subgraph: SubgraphName,
  reason: FailureReason,
  durationMs: number,
  detail?: string,
): void {
  log.warn(
    `request ${requestId} subgraph ${subgraph} fetch failed: ${reason}${detail ? ` (${detail})` : ''} after ${Math.round(durationMs)} ms`,
  );
}
