import {
  PARTNER_STATUSES,
  type Identity,
  type PartnerMembership,
  type PartnerStatusName,
} from '@sales-graph/shared/auth/identity';
import {
  can,
  PARTNER_STATUS_ACCESS,
  PERMISSIONS,
  type Action,
  type Subject,
} from '@sales-graph/shared/auth/permissions';
// The PARTNER row is the modules' grants: load both subgraphs' module lists (they register them).
import '../../subgraphs/customers/src/modules';
import '../../subgraphs/partners/src/modules';

/**
 * The partner status and membership ceilings over the PARTNER row of the permission table
 * (moved here from shared/src/auth/membership.test.ts unchanged: the row is assembled from the
 * subgraphs' module manifests, which shared cannot import).
 */
const PARTNER_ID = '5b0a1c7e-8f7e-4d61-9c39-0b7a2f3e4d5c';
const partner = (membership?: PartnerMembership): Identity => ({
  sub: 'user',
  role: 'PARTNER',
  partnerId: PARTNER_ID,
  ...(membership ? { membership } : {}),
});
const grants = (identity: Identity) =>
  (Object.entries(PERMISSIONS.PARTNER) as [Subject, Action[]][]).flatMap(([subject, actions]) =>
    actions.filter((action) => can(identity, action, subject)).map((action) => `${action} ${subject}`),
  );
const asStatus = (partnerStatus: PartnerStatusName) => partner({ partnerStatus, member: 'ACTIVE' });
const ALL_PARTNER = grants(asStatus('ACTIVE'));

describe('PARTNER_STATUS_ACCESS', () => {
  test('names every partner status', () => {
    expect(Object.keys(PARTNER_STATUS_ACCESS).sort()).toEqual([...PARTNER_STATUSES].sort());
  });

  test('ACTIVE: the PARTNER row of the permission table, whole', () => {
    expect(ALL_PARTNER.length).toBeGreaterThan(20);
    expect(ALL_PARTNER).toContain('create DealRegistration');
    expect(ALL_PARTNER).toContain('create Mdf');
  });

  test('SUSPENDED: every read, no write', () => {
    const suspended = grants(asStatus('SUSPENDED'));
    expect(suspended).toEqual(ALL_PARTNER.filter((grant) => grant.startsWith('read ')));
  });

  test('ONBOARDING: reads, the checklist, training, its team and integration; no deals, leads or MDF', () => {
    const writes = grants(asStatus('ONBOARDING')).filter((grant) => !grant.startsWith('read '));
    expect(writes.sort()).toEqual(
      [
        'create ApiKey',
        'update ApiKey',
        'update Onboarding',
        'create PartnerUser',
        'update PartnerUser',
        'create Training',
      ].sort(),
    );
  });

  test('APPLIED and IN_REVIEW: the application and the invitation only', () => {
    for (const status of ['APPLIED', 'IN_REVIEW'] as const) {
      expect(grants(asStatus(status)).sort()).toEqual(
        ['read Onboarding', 'read Partner', 'read PartnerUser', 'update PartnerUser'].sort(),
      );
    }
  });

  test('TERMINATED and REJECTED: nothing', () => {
    for (const status of ['TERMINATED', 'REJECTED'] as const) {
      expect(PARTNER_STATUS_ACCESS[status]).toBeNull();
      expect(grants(asStatus(status))).toEqual([]);
    }
  });

  test('never more than the PARTNER row, and an unchecked PARTNER identity may do nothing', () => {
    for (const status of PARTNER_STATUSES) {
      expect(ALL_PARTNER).toEqual(expect.arrayContaining(grants(asStatus(status))));
    }
    expect(grants(partner())).toEqual([]);
  });

  test('an invited user of an active partner may only see its team and accept', () => {
    expect(grants(partner({ partnerStatus: 'ACTIVE', member: 'INVITED' }))).toEqual([
      'read PartnerUser',
      'update PartnerUser',
    ]);
  });
});
