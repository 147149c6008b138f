import {
  backoffMs,
  DEFAULT_BACKOFF,
  errorText,
  isDue,
  isExhausted,
  jitteredBackoffMs,
  leaseUntil,
  nextAttemptAt,
  targetOf,
} from './outbox.rules';

describe('outbox backoff', () => {
  const options = { baseMs: 1000, capMs: 60_000 };

  it('doubles after every failed attempt, from the base', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => backoffMs(attempts, options))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000,
    ]);
  });

  it('is capped, also for very many attempts', () => {
    expect(backoffMs(7, options)).toBe(60_000);
    expect(backoffMs(1000, options)).toBe(60_000);
    expect(backoffMs(10_000, DEFAULT_BACKOFF)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('treats a nonsensical attempt count as the first', () => {
    expect(backoffMs(0, options)).toBe(1000);
    expect(backoffMs(-3, options)).toBe(1000);
    expect(backoffMs(1.5, options)).toBe(1000);
  });

  it('schedules the next attempt from the failure time', () => {
    const now = new Date('2026-11-27T10:00:00.000Z');
    expect(nextAttemptAt(now, 3, options).toISOString()).toBe('2026-11-27T10:00:04.000Z');
  });
});

describe('outbox backoff with jitter (injected random source)', () => {
  const full = { baseMs: 1000, capMs: 60_000, jitter: 1 };

  it('full jitter spreads each wait uniformly between the base and its exponential ceiling', () => {
    expect(jitteredBackoffMs(4, full, () => 0)).toBe(8000);
    expect(jitteredBackoffMs(4, full, () => 0.5)).toBe(4500);
    expect(jitteredBackoffMs(4, full, () => 0.999)).toBe(1007);
    expect(jitteredBackoffMs(1, full, () => 0.25)).toBe(1000);
    expect(jitteredBackoffMs(2, full, () => 0.25)).toBe(1750);
  });

  it('stays within [base, cap] whatever the attempt count or the random source answers', () => {
    for (const attempts of [1, 2, 7, 30, 10_000]) {
      for (const r of [0, 0.1, 0.5, 0.999_999, -5, 7, Number.NaN]) {
        const wait = jitteredBackoffMs(attempts, full, () => r);
        expect(wait).toBeGreaterThanOrEqual(full.baseMs);
        expect(wait).toBeLessThanOrEqual(full.capMs);
      }
    }
    expect(jitteredBackoffMs(10_000, full, () => 0)).toBe(60_000);
  });

  it('is the plain exponential wait without jitter, and partial jitter keeps a floor', () => {
    expect(jitteredBackoffMs(3, { baseMs: 1000, capMs: 60_000 }, () => 0.9)).toBe(4000);
    expect(jitteredBackoffMs(3, { baseMs: 1000, capMs: 60_000, jitter: 0.5 }, () => 0.999_999)).toBe(2500);
  });

  it('the defaults are full jitter under a one-minute cap', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 1000, capMs: 60_000, jitter: 1 });
    const now = new Date('2026-11-27T10:00:00.000Z');
    expect(nextAttemptAt(now, 100, DEFAULT_BACKOFF, () => 0.5).toISOString()).toBe(
      '2026-11-27T10:00:30.500Z',
    );
  });
});

describe('outbox dead letters and targets', () => {
  it('gives a message up once its attempts reach the maximum (at least one attempt)', () => {
    expect(isExhausted(2, 3)).toBe(false);
    expect(isExhausted(3, 3)).toBe(true);
    expect(isExhausted(4, 3)).toBe(true);
    expect(isExhausted(1, 0)).toBe(true);
  });

  it('names the target by the first part of the topic', () => {
    expect(targetOf('crm.createPartnerSourcedDeal')).toBe('crm');
    expect(targetOf('crm')).toBe('crm');
    expect(targetOf('billing.invoice.create')).toBe('billing');
  });

  it('never claims a dead letter', () => {
    const now = new Date('2026-11-27T10:00:00.000Z');
    expect(isDue({ deliveredAt: null, nextAttemptAt: new Date(0), deadAt: now }, now)).toBe(false);
  });
});

describe('outbox claim', () => {
  const now = new Date('2026-11-27T10:00:00.000Z');

  it('takes undelivered rows that are due, and only those', () => {
    expect(isDue({ deliveredAt: null, nextAttemptAt: new Date('2026-11-27T09:59:59.999Z') }, now)).toBe(true);
    expect(isDue({ deliveredAt: null, nextAttemptAt: now }, now)).toBe(true);
    expect(isDue({ deliveredAt: null, nextAttemptAt: new Date('2026-11-27T10:00:00.001Z') }, now)).toBe(
      false,
    );
    expect(isDue({ deliveredAt: now, nextAttemptAt: new Date(0) }, now)).toBe(false);
  });

  it('leases a claimed row so that no other claim takes it until the lease runs out', () => {
    const until = leaseUntil(now, 60_000);
    expect(until.toISOString()).toBe('2026-11-27T10:01:00.000Z');
    expect(isDue({ deliveredAt: null, nextAttemptAt: until }, new Date(now.getTime() + 59_999))).toBe(false);
    expect(isDue({ deliveredAt: null, nextAttemptAt: until }, until)).toBe(true);
  });

  it('keeps a bounded, one-line account of the error', () => {
    expect(errorText(new TypeError('boom'))).toBe('TypeError: boom');
    expect(errorText('plain')).toBe('plain');
    const long = errorText(new Error('x'.repeat(5000)), 100);
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });
});
