import { UnauthenticatedError } from '../errors';
import { PARTNER_STATUSES, type Identity, type PartnerMembership, type PartnerStatusName } from './identity';
import { MembershipCheck, membershipCacheMs } from './membership';
import { can, PARTNER_STATUS_ACCESS, PERMISSIONS, type Action, type Subject } from './permissions';

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

describe('MembershipCheck', () => {
  const ACTIVE: PartnerMembership = { partnerStatus: 'ACTIVE', member: 'ACTIVE' };
  const setup = (answer: () => Promise<PartnerMembership | null>, cacheMs = 5000) => {
    let now = 0;
    const calls: string[] = [];
    const check = new MembershipCheck(
      async (sub, partnerId) => {
        calls.push(`${sub}@${partnerId}`);
        return answer();
      },
      { cacheMs, now: () => now },
    );
    return { check, calls, advance: (ms: number) => (now += ms) };
  };

  test('other roles pass unchanged, without a look-up', async () => {
    const { check, calls } = setup(async () => null);
    const admin: Identity = { sub: 'a', role: 'ADMIN' };
    await expect(check.verify(admin)).resolves.toBe(admin);
    expect(calls).toEqual([]);
  });

  test('a member leaves with its membership; a non-member or a terminated partner is UNAUTHENTICATED', async () => {
    await expect(setup(async () => ACTIVE).check.verify(partner())).resolves.toEqual(partner(ACTIVE));
    await expect(setup(async () => null).check.verify(partner())).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    await expect(
      setup(async () => ({ partnerStatus: 'TERMINATED', member: 'ACTIVE' })).check.verify(partner()),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  test('caches within the TTL, asks again after it or after invalidate(); failures are not cached', async () => {
    let fail = false;
    const { check, calls, advance } = setup(async () => {
      if (fail) throw new Error('PRM down');
      return ACTIVE;
    });
    await check.verify(partner());
    await check.verify(partner());
    expect(calls).toHaveLength(1);
    advance(5000);
    await check.verify(partner());
    expect(calls).toHaveLength(2);
    check.invalidate();
    fail = true;
    await expect(check.verify(partner())).rejects.toThrow('PRM down');
    fail = false;
    await check.verify(partner());
    expect(calls).toHaveLength(4);
  });

  test('TTL 0 asks every time; MEMBERSHIP_CACHE_MS is capped at 5 s', async () => {
    const { check, calls } = setup(async () => ACTIVE, 0);
    await check.verify(partner());
    await check.verify(partner());
    expect(calls).toHaveLength(2);
    expect(membershipCacheMs({})).toBe(5000);
    expect(membershipCacheMs({ MEMBERSHIP_CACHE_MS: '60000' })).toBe(5000);
    expect(membershipCacheMs({ MEMBERSHIP_CACHE_MS: '0' })).toBe(0);
    expect(membershipCacheMs({ MEMBERSHIP_CACHE_MS: 'soon' })).toBe(5000);
  });
});
