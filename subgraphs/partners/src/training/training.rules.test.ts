import { PartnerStatus } from '../partners';
import { EnrolmentStatus } from './training.entity';
import { assertCanEnrol, certificationExpiry, expiryWindow, gradeCompletion } from './training.rules';

describe('certification expiry', () => {
  it('adds calendar months, keeping the time of day', () => {
    expect(certificationExpiry(new Date('2026-03-15T10:30:00Z'), 24).toISOString()).toBe(
      '2028-03-15T10:30:00.000Z',
    );
    expect(certificationExpiry(new Date('2026-11-20T08:00:00Z'), 3).toISOString()).toBe(
      '2027-02-20T08:00:00.000Z',
    );
  });

  it('clamps to the end of a shorter month', () => {
    expect(certificationExpiry(new Date('2026-01-31T12:00:00Z'), 1).toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
    expect(certificationExpiry(new Date('2027-01-31T12:00:00Z'), 13).toISOString()).toBe(
      '2028-02-29T12:00:00.000Z',
    );
    expect(certificationExpiry(new Date('2026-08-31T00:00:00Z'), 1).toISOString()).toBe(
      '2026-09-30T00:00:00.000Z',
    );
  });

  it('refuses a validity outside 1-120 months', () => {
    expect(() => certificationExpiry(new Date(), 0)).toThrow(/validityMonths/);
  });
});

describe('grading', () => {
  it('passes at or above the passing score', () => {
    expect(gradeCompletion(EnrolmentStatus.ENROLLED, 80, 80)).toEqual({
      status: EnrolmentStatus.PASSED,
      passed: true,
    });
    expect(gradeCompletion(EnrolmentStatus.ENROLLED, 79, 80)).toEqual({
      status: EnrolmentStatus.FAILED,
      passed: false,
    });
  });

  it('refuses scores outside 0-100 and completed enrolments', () => {
    expect(() => gradeCompletion(EnrolmentStatus.ENROLLED, 101, 80)).toThrow(/score/);
    expect(() => gradeCompletion(EnrolmentStatus.PASSED, 90, 80)).toThrow(/already completed/);
  });
});

describe('enrolment and expiry window', () => {
  it('lets only ONBOARDING and ACTIVE partners enrol', () => {
    expect(() => assertCanEnrol(PartnerStatus.ONBOARDING)).not.toThrow();
    expect(() => assertCanEnrol(PartnerStatus.ACTIVE)).not.toThrow();
    expect(() => assertCanEnrol(PartnerStatus.SUSPENDED)).toThrow(/SUSPENDED/);
  });

  it('looks from now to now + withinDays', () => {
    const now = new Date('2026-11-27T00:00:00Z');
    expect(expiryWindow(now, 30)).toEqual({ from: now, to: new Date('2026-12-27T00:00:00Z') });
    expect(() => expiryWindow(now, 0)).toThrow(/withinDays/);
  });
});
