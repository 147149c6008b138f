import {
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  disableReason,
  nextRetryAt,
  parseEndpointUrl,
  parseRetrySchedule,
  retryScheduleFromEnv,
  retryWindowSeconds,
} from './rules';
import { configProblems } from '../config';

describe('webhook delivery rules', () => {
  const now = new Date('2026-12-02T12:00:00.000Z');

  it('retries for more than 24 hours by default, then gives up', () => {
    expect(retryWindowSeconds(DEFAULT_RETRY_SCHEDULE_SECONDS)).toBeGreaterThanOrEqual(24 * 3600);
    expect(nextRetryAt(now, 1, DEFAULT_RETRY_SCHEDULE_SECONDS, () => 0)).toEqual(
      new Date(now.getTime() + 5_000),
    );
    expect(nextRetryAt(now, 7, DEFAULT_RETRY_SCHEDULE_SECONDS, () => 0)).toEqual(
      new Date(now.getTime() + 36_000_000),
    );
    expect(nextRetryAt(now, 8, DEFAULT_RETRY_SCHEDULE_SECONDS, () => 0)).toBeNull();
  });

  it('adds up to 20 % jitter, never less than the schedule', () => {
    expect(nextRetryAt(now, 2, [10, 100], () => 0.999_999)!.getTime() - now.getTime()).toBe(120_000);
    expect(nextRetryAt(now, 2, [10, 100], () => 0.5)!.getTime() - now.getTime()).toBe(110_000);
    expect(nextRetryAt(now, 2, [10, 100], () => -5)!.getTime() - now.getTime()).toBe(100_000);
  });

  it('reads WEBHOOK_RETRY_SCHEDULE and refuses a malformed one', () => {
    expect(parseRetrySchedule('5s, 5m,2h,1d,30')).toEqual([5, 300, 7200, 86400, 30]);
    expect(retryScheduleFromEnv({})).toBe(DEFAULT_RETRY_SCHEDULE_SECONDS);
    expect(retryScheduleFromEnv({ WEBHOOK_RETRY_SCHEDULE: '1m,1h' })).toEqual([60, 3600]);
    for (const bad of ['', '5x', '0s', '-1m', '5s,,5m']) expect(() => parseRetrySchedule(bad)).toThrow();
    // A service refuses to start with a malformed one (or a non-integer webhook setting).
    expect(
      configProblems('partners', { WEBHOOK_RETRY_SCHEDULE: '5s,soon', WEBHOOK_POLL_MS: 'often' }),
    ).toEqual([
      'WEBHOOK_POLL_MS must be a non-negative integer (is "often")',
      'WEBHOOK_RETRY_SCHEDULE: "soon" is not a duration like 30s, 5m, 2h or 1d',
    ]);
  });

  it('disables an endpoint after consecutive dead letters or days of failing', () => {
    const policy = { deadLetters: 3, failingDays: 2 };
    expect(disableReason({ consecutiveDeadLetters: 2, failingSince: null }, now, policy)).toBeNull();
    expect(disableReason({ consecutiveDeadLetters: 3, failingSince: null }, now, policy)).toBe(
      '3 consecutive deliveries dead-lettered',
    );
    const since = new Date(now.getTime() - 2 * 86_400_000);
    expect(disableReason({ consecutiveDeadLetters: 0, failingSince: since }, now, policy)).toMatch(
      /failed since/,
    );
    expect(
      disableReason({ consecutiveDeadLetters: 0, failingSince: new Date(since.getTime() + 1) }, now, policy),
    ).toBeNull();
  });

  it('takes http(s) URLs without credentials or fragment; https only when required', () => {
    expect(parseEndpointUrl('https://hooks.example.com/a?b=1', true).toString()).toBe(
      'https://hooks.example.com/a?b=1',
    );
    expect(parseEndpointUrl('http://hooks.example.com/a', false).protocol).toBe('http:');
    for (const [url, https] of [
      ['http://hooks.example.com/a', true],
      ['ftp://hooks.example.com/a', false],
      ['file:///etc/passwd', false],
      ['https://u:p@hooks.example.com/', false],
      ['https://hooks.example.com/#x', false],
      ['/relative', false],
      ['', false],
      [`https://hooks.example.com/${'a'.repeat(2000)}`, false],
    ] as const)
      expect(() => parseEndpointUrl(url, https)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
  });
});
