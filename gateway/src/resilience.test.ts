import {
  CircuitBreaker,
  SubgraphGuard,
  SubgraphUnavailableError,
  logFailedFetch,
  resilienceSettingsFromEnv,
  DEFAULT_RESILIENCE,
  type ResilienceSettings,
} from './resilience';

/** The breaker and the cap alone, on a clock the test moves: no network, no waiting. */
const settings = (overrides: Partial<ResilienceSettings> = {}): ResilienceSettings => ({
  failures: 3,
  failureRatePercent: 0,
  window: 10,
  cooldownMs: 1_000,
  maxInFlight: 0,
  ...overrides,
});

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

const fail = (breaker: CircuitBreaker, times = 1) => {
  for (let i = 0; i < times; i += 1) breaker.admit()!.failed();
};

test('closed: opens after N consecutive failures; a success in between starts the count again', () => {
  const breaker = new CircuitBreaker(settings(), clock().now);
  fail(breaker, 2);
  breaker.admit()!.succeeded();
  fail(breaker, 2);
  expect(breaker.current()).toBe('closed');
  fail(breaker);
  expect(breaker.current()).toBe('open');
  expect(breaker.admit()).toBeUndefined();
});

test('open: fails fast until the cool-down has passed on the clock, then lets exactly one probe through', () => {
  const time = clock();
  const breaker = new CircuitBreaker(settings(), time.now);
  fail(breaker, 3);
  time.advance(999);
  expect(breaker.current()).toBe('open');
  expect(breaker.admit()).toBeUndefined();
  time.advance(1);
  expect(breaker.current()).toBe('half-open');
  const probe = breaker.admit();
  expect(probe).toBeDefined();
  // While the probe is out, every other fetch still fails fast.
  expect(breaker.admit()).toBeUndefined();
  expect(breaker.admit()).toBeUndefined();
  probe!.succeeded();
  expect(breaker.current()).toBe('closed');
  expect(breaker.admit()).toBeDefined();
  expect(breaker.admit()).toBeDefined();
});

test('half-open: a failed probe opens the breaker for another whole cool-down, counted from the failure', () => {
  const time = clock();
  const breaker = new CircuitBreaker(settings(), time.now);
  fail(breaker, 3);
  time.advance(5_000);
  const probe = breaker.admit()!;
  time.advance(300); // the probe took a while
  probe.failed();
  expect(breaker.current()).toBe('open');
  time.advance(999);
  expect(breaker.admit()).toBeUndefined();
  time.advance(1);
  expect(breaker.admit()).toBeDefined();
});

test('half-open: a probe that ended without an answer (released) lets the next fetch probe', () => {
  const time = clock();
  const breaker = new CircuitBreaker(settings(), time.now);
  fail(breaker, 3);
  time.advance(1_000);
  breaker.admit()!.released();
  expect(breaker.current()).toBe('half-open');
  const next = breaker.admit();
  expect(next).toBeDefined();
  expect(breaker.admit()).toBeUndefined();
  next!.succeeded();
  expect(breaker.current()).toBe('closed');
});

test('outcomes of fetches admitted before the breaker opened change nothing afterwards', () => {
  const time = clock();
  const breaker = new CircuitBreaker(settings(), time.now);
  const slow = [breaker.admit()!, breaker.admit()!];
  fail(breaker, 3);
  slow[0].succeeded(); // a late answer does not close an open breaker
  expect(breaker.current()).toBe('open');
  time.advance(1_000);
  const probe = breaker.admit()!;
  slow[1].failed(); // nor does a late failure fail the probe
  expect(breaker.current()).toBe('half-open');
  probe.succeeded();
  expect(breaker.current()).toBe('closed');
});

test('a permit reports once: a second outcome is ignored', () => {
  const breaker = new CircuitBreaker(settings({ failures: 2 }), clock().now);
  const permit = breaker.admit()!;
  permit.failed();
  permit.failed();
  expect(breaker.current()).toBe('closed');
});

test('failure rate: failures that never run N in a row open it once they are the given share of the window', () => {
  const breaker = new CircuitBreaker(
    settings({ failures: 3, failureRatePercent: 50, window: 10 }),
    clock().now,
  );
  for (let i = 0; i < 4; i += 1) {
    fail(breaker);
    breaker.admit()!.succeeded();
  }
  fail(breaker);
  expect(breaker.current()).toBe('closed'); // 5 of 9: the window is not full yet
  fail(breaker); // 6 of 10, never more than 2 in a row
  expect(breaker.current()).toBe('open');
});

test('failure rate: below the share over a full window stays closed', () => {
  const breaker = new CircuitBreaker(
    settings({ failures: 0, failureRatePercent: 50, window: 10 }),
    clock().now,
  );
  for (let i = 0; i < 30; i += 1) {
    if (i % 3 === 0) fail(breaker);
    else breaker.admit()!.succeeded();
  }
  expect(breaker.current()).toBe('closed');
});

test('failures and rate both 0: no breaker, every fetch is let through', () => {
  const breaker = new CircuitBreaker(settings({ failures: 0, failureRatePercent: 0 }), clock().now);
  fail(breaker, 100);
  expect(breaker.current()).toBe('closed');
  expect(breaker.admit()).toBeDefined();
});

describe('SubgraphGuard', () => {
  const refusal = (guard: SubgraphGuard) => {
    try {
      guard.admit();
    } catch (error) {
      return error;
    }
    throw new Error('admitted');
  };

  test('the in-flight cap refuses the fetch beyond it with SERVICE_UNAVAILABLE, and admits again once one ends', () => {
    const guard = new SubgraphGuard('partners', settings({ maxInFlight: 2 }), clock().now);
    const first = guard.admit();
    guard.admit();
    const error = refusal(guard);
    expect(error).toBeInstanceOf(SubgraphUnavailableError);
    expect((error as SubgraphUnavailableError).reason).toBe('too many in flight');
    expect((error as SubgraphUnavailableError).extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(guard.inFlight).toBe(2);
    first.succeeded();
    first.succeeded(); // reported twice, released once
    expect(guard.inFlight).toBe(1);
    guard.admit();
    expect(guard.inFlight).toBe(2);
  });

  test('refusals for load are not failures of the subgraph: they never open the breaker', () => {
    const guard = new SubgraphGuard('partners', settings({ maxInFlight: 1, failures: 1 }), clock().now);
    const only = guard.admit();
    for (let i = 0; i < 5; i += 1) refusal(guard);
    expect(guard.breaker.current()).toBe('closed');
    only.succeeded();
  });

  test('an open breaker refuses with "circuit open" and a message naming no service', () => {
    const time = clock();
    const guard = new SubgraphGuard('partners', settings({ failures: 1, maxInFlight: 5 }), time.now);
    guard.admit().failed();
    const error = refusal(guard) as SubgraphUnavailableError;
    expect(error.reason).toBe('circuit open');
    expect(error.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe(
      'Part of the data is unavailable: a service is failing and is not asked until it recovers; try again later',
    );
    expect(error.message).not.toMatch(/partners/);
    expect(guard.inFlight).toBe(0);
  });

  test('a probe refused by a full cap does not use up the half-open probe', () => {
    const time = clock();
    const guard = new SubgraphGuard('partners', settings({ failures: 1, maxInFlight: 1 }), time.now);
    const held = guard.admit();
    guard.breaker.admit()!.failed(); // the breaker alone records a failure: open
    time.advance(1_000);
    expect((refusal(guard) as SubgraphUnavailableError).reason).toBe('too many in flight');
    held.released();
    const probe = guard.admit();
    expect(guard.breaker.current()).toBe('half-open');
    probe.succeeded();
    expect(guard.breaker.current()).toBe('closed');
  });
});

test('settings come from SUBGRAPH_* with the defaults, and a bad value is refused', () => {
  const saved = { ...process.env };
  try {
    for (const name of Object.keys(process.env)) if (name.startsWith('SUBGRAPH_')) delete process.env[name];
    expect(resilienceSettingsFromEnv()).toEqual(DEFAULT_RESILIENCE);
    process.env.SUBGRAPH_BREAKER_FAILURES = '7';
    process.env.SUBGRAPH_BREAKER_COOLDOWN_MS = '250';
    process.env.SUBGRAPH_MAX_IN_FLIGHT = '0';
    process.env.SUBGRAPH_BREAKER_FAILURE_RATE = '0';
    process.env.SUBGRAPH_BREAKER_WINDOW = '4';
    expect(resilienceSettingsFromEnv()).toEqual({
      failures: 7,
      cooldownMs: 250,
      maxInFlight: 0,
      failureRatePercent: 0,
      window: 4,
    });
    process.env.SUBGRAPH_MAX_IN_FLIGHT = '-1';
    expect(() => resilienceSettingsFromEnv()).toThrow(
      'SUBGRAPH_MAX_IN_FLIGHT must be a non-negative integer',
    );
  } finally {
    process.env = saved;
  }
});

test('a failed fetch is one log line with request id, subgraph, reason and duration', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    logFailedFetch('r-1', 'customers', 'unreachable', 12.4, 'ECONNREFUSED');
    expect(warn.mock.calls).toEqual([
      ['[gateway] request r-1 subgraph customers fetch failed: unreachable (ECONNREFUSED) after 12 ms'],
    ]);
  } finally {
    warn.mockRestore();
  }
});
