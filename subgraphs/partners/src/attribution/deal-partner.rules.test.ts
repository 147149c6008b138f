import { DealPartnerRole } from './deal-partner.entity';
import { type DealParties, planAdd, planRemove, planSetPrimary } from './deal-partner.rules';

const { SOURCED, RESELLER, DISTRIBUTOR } = DealPartnerRole;
const direct: DealParties = { primary: null, others: [] };
const shared: DealParties = {
  primary: 'a',
  others: [
    { partnerId: 'b', role: RESELLER },
    { partnerId: 'c', role: SOURCED },
  ],
};
const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
  return 'none';
};

describe('adding a partner in a role', () => {
  it("makes a direct deal's first SOURCED partner its primary, and refuses any other role first", () => {
    expect(planAdd(direct, 'a', SOURCED)).toEqual({ kind: 'primary' });
    expect(code(() => planAdd(direct, 'b', RESELLER))).toBe('CONFLICT');
  });

  it('adds other parts once the deal has its primary, each (partner, role) once', () => {
    expect(planAdd(shared, 'd', DISTRIBUTOR)).toEqual({ kind: 'other' });
    expect(planAdd(shared, 'b', DISTRIBUTOR)).toEqual({ kind: 'other' });
    expect(planAdd(shared, 'a', RESELLER)).toEqual({ kind: 'other' });
    expect(code(() => planAdd(shared, 'b', RESELLER))).toBe('CONFLICT');
    expect(code(() => planAdd(shared, 'a', SOURCED))).toBe('CONFLICT');
    expect(code(() => planAdd(shared, 'c', SOURCED))).toBe('CONFLICT');
  });
});

describe('removing a part', () => {
  it('removes the primary last, and only a part the deal has', () => {
    expect(planRemove(shared, 'b', RESELLER)).toEqual({ kind: 'other' });
    expect(planRemove(shared, 'c', SOURCED)).toEqual({ kind: 'other' });
    expect(code(() => planRemove(shared, 'a', SOURCED))).toBe('CONFLICT');
    expect(code(() => planRemove(shared, 'b', SOURCED))).toBe('BAD_USER_INPUT');
    expect(planRemove({ primary: 'a', others: [] }, 'a', SOURCED)).toEqual({ kind: 'primary' });
  });
});

describe('setting the primary', () => {
  it('takes a SOURCED partner of the deal; the current primary answers as is', () => {
    expect(planSetPrimary(shared, 'c')).toBe('swap');
    expect(planSetPrimary(shared, 'a')).toBe('same');
    expect(code(() => planSetPrimary(shared, 'b'))).toBe('BAD_USER_INPUT');
    expect(code(() => planSetPrimary(direct, 'a'))).toBe('BAD_USER_INPUT');
  });
});
