import { DealRegistrationDealStatus, DealRegistrationStatus } from './registration.entity';
import {
  assertExtension,
  dealKey,
  dealProgressed,
  dealStatusOf,
  dealTitle,
  MAX_EXTENSION_DAYS,
} from './registration-deal.rules';
import { DAY_MS } from '@sales-graph/shared/time';

const R = DealRegistrationStatus;
const now = new Date('2026-11-27T10:00:00.000Z');

describe('the CRM deal of a registration', () => {
  it('is keyed by the registration: one key, one deal', () => {
    expect(dealKey('b5f1c1de-0000-4000-8000-000000000001')).toBe(
      'prm.deal-registration:b5f1c1de-0000-4000-8000-000000000001',
    );
  });

  it('is PENDING from approval until it exists, then CREATED', () => {
    expect(dealStatusOf({ approvedAt: null, dealId: null })).toBeNull();
    expect(dealStatusOf({ approvedAt: now, dealId: null })).toBe(DealRegistrationDealStatus.PENDING);
    expect(dealStatusOf({ approvedAt: now, dealId: 'd' })).toBe(DealRegistrationDealStatus.CREATED);
  });

  it('has progressed once past PROSPECTING, unless it was lost', () => {
    expect(['QUALIFICATION', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON'].every(dealProgressed)).toBe(true);
    expect(['PROSPECTING', 'CLOSED_LOST', 'SOMETHING'].some(dealProgressed)).toBe(false);
    expect(dealProgressed(null)).toBe(false);
    expect(dealProgressed(undefined)).toBe(false);
  });

  it('is titled by company and products, within 200 characters', () => {
    expect(dealTitle('Initech', ['Analytics', 'Storage'])).toBe('Initech: Analytics, Storage');
    const long = dealTitle('X'.repeat(150), ['Y'.repeat(100)]);
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('extending a protection', () => {
  const approved = { status: R.APPROVED, protectedUntil: new Date(now.getTime() + 5 * DAY_MS) };

  it('moves the end of an approved registration later', () => {
    const until = new Date(now.getTime() + 30 * DAY_MS);
    expect(assertExtension(approved, until, now)).toBe(until);
    // Also once the protection has ended but it has not expired yet.
    expect(
      assertExtension({ ...approved, protectedUntil: new Date(now.getTime() - DAY_MS) }, until, now),
    ).toBe(until);
  });

  it('refuses anything but an APPROVED registration', () => {
    for (const status of [R.SUBMITTED, R.UNDER_REVIEW, R.EXPIRED, R.REJECTED, R.WITHDRAWN, R.RETURNED]) {
      expect(() =>
        assertExtension({ ...approved, status }, new Date(now.getTime() + DAY_MS * 30), now),
      ).toThrow(/Only an APPROVED/);
    }
  });

  it('refuses an end in the past, not later than the current one, or too far ahead', () => {
    expect(() => assertExtension(approved, new Date(now.getTime() - 1), now)).toThrow(/later than now/);
    expect(() => assertExtension(approved, approved.protectedUntil, now)).toThrow(/later than now/);
    expect(() =>
      assertExtension(approved, new Date(now.getTime() + (MAX_EXTENSION_DAYS + 1) * DAY_MS), now),
    ).toThrow(/at most/);
    expect(() => assertExtension(approved, new Date('nope'), now)).toThrow(/date-time/);
  });
});
