import {
  ProspectAvailability as A,
  prospectAvailability,
  retryAfterSeconds,
} from './prospect-availability.rules';

test("another partner's claim first, then the caller's own, then the direct pipeline", () => {
  const mine = { partnerId: 'p1' };
  const theirs = { partnerId: 'p2' };
  expect(prospectAvailability([], 'p1', 0)).toBe(A.FREE);
  expect(prospectAvailability([], 'p1', 2)).toBe(A.IN_DIRECT_PIPELINE);
  expect(prospectAvailability([mine], 'p1', 2)).toBe(A.REGISTERED_BY_YOU);
  expect(prospectAvailability([mine, theirs], 'p1', 0)).toBe(A.ALREADY_REGISTERED);
  expect(prospectAvailability([theirs], 'p1', 0)).toBe(A.ALREADY_REGISTERED);
});

test('a partner over its limit waits until its oldest check of the hour leaves the window', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  expect(retryAfterSeconds(new Date('2026-12-01T09:30:00Z'), now)).toBe(1800);
  expect(retryAfterSeconds(new Date('2026-12-01T09:00:00.500Z'), now)).toBe(1);
});
