import { CustomerOwnership as O } from './customer.entity';
import { requestedOwnership, sameOwnership, visibleOwnerPartnerId } from './ownership.rules';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

test('CHANNEL needs its partner; DIRECT and SHARED take none', () => {
  expect(requestedOwnership(O.CHANNEL, P1)).toEqual({ ownership: O.CHANNEL, ownerPartnerId: P1 });
  expect(requestedOwnership(O.DIRECT, null)).toEqual({ ownership: O.DIRECT, ownerPartnerId: null });
  for (const bad of [() => requestedOwnership(O.CHANNEL, null), () => requestedOwnership(O.SHARED, P1)]) {
    expect(bad).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'partnerId' } }),
    );
  }
});

test('the same ownership again is a repeat; another owning partner is a change', () => {
  const channel = { ownership: O.CHANNEL, ownerPartnerId: P1 };
  expect(sameOwnership(channel, { ...channel })).toBe(true);
  expect(sameOwnership(channel, { ownership: O.CHANNEL, ownerPartnerId: P2 })).toBe(false);
  expect(sameOwnership(channel, { ownership: O.SHARED, ownerPartnerId: null })).toBe(false);
});

test("a partner user sees only its own partner as owner, never another's", () => {
  const owner = { ownership: O.CHANNEL, ownerPartnerId: P1 };
  expect(visibleOwnerPartnerId(owner, { role: 'SALES' })).toBe(P1);
  expect(visibleOwnerPartnerId(owner, { role: 'PARTNER', partnerId: P1 })).toBe(P1);
  expect(visibleOwnerPartnerId(owner, { role: 'PARTNER', partnerId: P2 })).toBeNull();
});
