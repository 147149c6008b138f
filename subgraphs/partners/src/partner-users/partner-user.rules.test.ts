import { PartnerStatus } from '../partners';
import { PartnerUserRole, PartnerUserStatus } from './partner-user.entity';
import { assertActivePartnerAdmin, assertCanInvite, assertPartnerUserTransition } from './partner-user.rules';

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

describe('partner administration', () => {
  const admin = { partnerId: 'p1', role: PartnerUserRole.ADMIN, status: U.ACTIVE };

  it('is for an active admin user of the same partner only', () => {
    expect(() => assertActivePartnerAdmin(admin, 'p1')).not.toThrow();
    for (const [caller, partnerId] of [
      [null, 'p1'],
      [admin, 'p2'],
      [admin, undefined],
      [{ ...admin, role: PartnerUserRole.MEMBER }, 'p1'],
      [{ ...admin, status: U.INVITED }, 'p1'],
      [{ ...admin, status: U.REMOVED }, 'p1'],
    ] as const) {
      expect(() => assertActivePartnerAdmin(caller, partnerId)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      );
    }
  });
});
