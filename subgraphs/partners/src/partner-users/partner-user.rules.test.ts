import { PartnerStatus } from '../partners/partner.entity';
import { PartnerUserStatus } from './partner-user.entity';
import { assertCanInvite, assertPartnerUserTransition } from './partner-user.rules';

const U = PartnerUserStatus;

describe('partner user status', () => {
  it('lets an invitation be accepted or withdrawn, and anyone be removed', () => {
    expect(() => assertPartnerUserTransition(U.INVITED, U.ACTIVE)).not.toThrow();
    expect(() => assertPartnerUserTransition(U.INVITED, U.REMOVED)).not.toThrow();
    expect(() => assertPartnerUserTransition(U.ACTIVE, U.REMOVED)).not.toThrow();
  });

  it('keeps REMOVED final and names the allowed moves otherwise', () => {
    expect(() => assertPartnerUserTransition(U.REMOVED, U.ACTIVE)).toThrow(/REMOVED is final/);
    expect(() => assertPartnerUserTransition(U.ACTIVE, U.INVITED)).toThrow(/allowed: REMOVED/);
  });

  it('refuses invitations to rejected or terminated partners only', () => {
    expect(() => assertCanInvite(PartnerStatus.REJECTED)).toThrow(/REJECTED/);
    expect(() => assertCanInvite(PartnerStatus.TERMINATED)).toThrow(/TERMINATED/);
    for (const status of [PartnerStatus.APPLIED, PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE]) {
      expect(() => assertCanInvite(status)).not.toThrow();
    }
  });
});
