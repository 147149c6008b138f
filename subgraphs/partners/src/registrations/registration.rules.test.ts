import { DealRegistrationStatus } from './registration.entity';
import {
  assertEditable,
  assertExpectedCloseDate,
  assertRegistrationTransition,
  findConflicts,
  hasExpired,
  isLive,
  normaliseProducts,
  protectionEnd,
  repeatsRegistrationMove,
  type RegistrationClaim,
} from './registration.rules';

const R = DealRegistrationStatus;
const now = new Date('2026-11-27T12:00:00Z');
const claim = (overrides: Partial<RegistrationClaim>): RegistrationClaim => ({
  id: 'r',
  status: R.SUBMITTED,
  prospectDomain: 'acme.com',
  prospectCompanyKey: 'acme',
  protectedUntil: null,
  ...overrides,
});

describe('deal registration state machine', () => {
  it.each([
    [R.SUBMITTED, R.UNDER_REVIEW],
    [R.UNDER_REVIEW, R.APPROVED],
    [R.UNDER_REVIEW, R.REJECTED],
    [R.UNDER_REVIEW, R.RETURNED],
    [R.RETURNED, R.SUBMITTED],
    [R.SUBMITTED, R.WITHDRAWN],
    [R.UNDER_REVIEW, R.WITHDRAWN],
    [R.RETURNED, R.WITHDRAWN],
    [R.APPROVED, R.EXPIRED],
  ])('allows %s → %s', (from, to) => {
    expect(() => assertRegistrationTransition(from, to)).not.toThrow();
  });

  it.each([
    [R.SUBMITTED, R.APPROVED],
    [R.APPROVED, R.WITHDRAWN],
    [R.REJECTED, R.SUBMITTED],
    [R.EXPIRED, R.APPROVED],
    [R.WITHDRAWN, R.SUBMITTED],
  ])('refuses %s → %s', (from, to) => {
    expect(() => assertRegistrationTransition(from, to)).toThrow(/cannot move/);
  });

  it('names the allowed moves', () => {
    expect(() => assertRegistrationTransition(R.SUBMITTED, R.APPROVED)).toThrow(
      /allowed: UNDER_REVIEW, WITHDRAWN/,
    );
  });

  it('allows edits only while SUBMITTED or RETURNED', () => {
    expect(() => assertEditable(R.RETURNED)).not.toThrow();
    expect(() => assertEditable(R.SUBMITTED)).not.toThrow();
    expect(() => assertEditable(R.UNDER_REVIEW)).toThrow(/cannot be edited/);
    expect(() => assertEditable(R.APPROVED)).toThrow(/cannot be edited/);
  });
});

describe('protection and expiry', () => {
  it('protects for 90 days from approval', () => {
    expect(protectionEnd(now).toISOString()).toBe('2027-02-25T12:00:00.000Z');
    expect(protectionEnd(now, 30).toISOString()).toBe('2026-12-27T12:00:00.000Z');
  });

  it('expires approvals whose protection has ended', () => {
    const approved = claim({ status: R.APPROVED, protectedUntil: new Date('2026-11-27T11:59:59Z') });
    expect(hasExpired(approved, now)).toBe(true);
    expect(isLive(approved, now)).toBe(false);
    expect(hasExpired({ ...approved, protectedUntil: new Date('2026-12-01T00:00:00Z') }, now)).toBe(false);
    expect(hasExpired(claim({ status: R.SUBMITTED }), now)).toBe(false);
  });
});

describe('conflict detection', () => {
  it('matches live registrations by domain or by company name, never itself', () => {
    const mine = claim({ id: 'mine' });
    const candidates = [
      mine,
      claim({ id: 'same-domain', prospectCompanyKey: 'acme europe' }),
      claim({ id: 'same-name', prospectDomain: null }),
      claim({ id: 'other', prospectDomain: 'globex.com', prospectCompanyKey: 'globex' }),
      claim({ id: 'rejected', status: R.REJECTED }),
      claim({ id: 'withdrawn', status: R.WITHDRAWN }),
      claim({ id: 'approved', status: R.APPROVED, protectedUntil: new Date('2027-01-01T00:00:00Z') }),
      claim({ id: 'lapsed', status: R.APPROVED, protectedUntil: new Date('2026-11-01T00:00:00Z') }),
    ];
    expect(findConflicts(mine, candidates, now).map((c) => c.id)).toEqual([
      'same-domain',
      'same-name',
      'approved',
    ]);
  });

  it('does not match on a missing domain', () => {
    const a = claim({ id: 'a', prospectDomain: null, prospectCompanyKey: 'initech' });
    const b = claim({ id: 'b', prospectDomain: null, prospectCompanyKey: 'globex' });
    expect(findConflicts(a, [b], now)).toEqual([]);
  });
});

describe('input rules', () => {
  it('cleans the product list', () => {
    expect(normaliseProducts([' Analytics ', 'analytics', 'Storage'])).toEqual(['Analytics', 'Storage']);
    expect(() => normaliseProducts([])).toThrow(/at least one product/);
    expect(() => normaliseProducts(['  '])).toThrow(/products/);
  });

  it('refuses an expected close date in the past', () => {
    expect(assertExpectedCloseDate('2026-11-27', now)).toBe('2026-11-27');
    expect(() => assertExpectedCloseDate('2026-11-26', now)).toThrow(/past/);
  });
});

test('a move to the status a registration is in is a repeat; a rejection only for the same reason', () => {
  const R = DealRegistrationStatus;
  expect(repeatsRegistrationMove({ status: R.APPROVED, decisionReason: null }, R.APPROVED, null)).toBe(true);
  expect(repeatsRegistrationMove({ status: R.REJECTED, decisionReason: 'Rival' }, R.APPROVED, null)).toBe(
    false,
  );
  expect(repeatsRegistrationMove({ status: R.REJECTED, decisionReason: 'Rival' }, R.REJECTED, 'Rival')).toBe(
    true,
  );
  expect(() =>
    repeatsRegistrationMove({ status: R.REJECTED, decisionReason: 'Rival' }, R.REJECTED, 'Other'),
  ).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }));
});
