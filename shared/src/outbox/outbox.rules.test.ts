import { backoffMs, DEFAULT_BACKOFF, errorText, isDue, leaseUntil, nextAttemptAt } from './outbox.rules';

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
