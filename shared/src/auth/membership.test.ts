import { UnauthenticatedError } from '../errors';
import type { Identity, PartnerMembership } from './identity';
import { MembershipCheck, membershipCacheMs } from './membership';

const PARTNER_ID = '5b0a1c7e-8f7e-4d61-9c39-0b7a2f3e4d5c';
const partner = (membership?: PartnerMembership): Identity => ({
  sub: 'user',
  role: 'PARTNER',
  partnerId: PARTNER_ID,
  ...(membership ? { membership } : {}),
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
