import { DealPartnerRole } from '../attribution';
import { dealCommission, parseRoleShares, roleShare, type PlanTerms } from './commission.rules';

const { SOURCED, RESELLER, DISTRIBUTOR, SERVICES } = DealPartnerRole;
const plan = (overrides: Partial<PlanTerms> = {}): PlanTerms => ({
  rate: '0.10',
  capPerDeal: null,
  capPerPeriod: null,
  currency: 'EUR',
  ...overrides,
});
const won = (amount: string) => ({ stage: 'CLOSED_WON', amount, currency: 'EUR' });
const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
  return 'none';
};

describe('a plan split by role', () => {
  it('pays the primary sourcing partner it all without a split (every plan before it)', () => {
    expect(roleShare(plan(), SOURCED)).toBe('1.0000');
    expect(roleShare(plan(), RESELLER)).toBe('0.0000');
    expect(dealCommission(won('12500.00'), plan())).toEqual({ cents: 125000n, capped: false });
    expect(dealCommission(won('12500.00'), plan(), RESELLER)).toEqual({ cents: 0n, capped: false });
  });

  it('pays each role its share of amount × rate, rounded half to even once', () => {
    const split = plan({
      roleShares: parseRoleShares([
        { role: SOURCED, share: '0.5' },
        { role: DISTRIBUTOR, share: '0.25' },
        { role: SERVICES, share: '0.15' },
      ]),
    });
    // 333.30 × 0.10 × 0.5 = 16.665 → 16.66 (even); × 0.25 = 8.3325 → 8.33; × 0.15 = 4.9995 → 5.00.
    expect(dealCommission(won('333.30'), split, SOURCED)?.cents).toBe(1666n);
    expect(dealCommission(won('333.50'), split, SOURCED)?.cents).toBe(1668n);
    expect(dealCommission(won('333.30'), split, DISTRIBUTOR)?.cents).toBe(833n);
    expect(dealCommission(won('333.30'), split, SERVICES)?.cents).toBe(500n);
    expect(dealCommission(won('333.30'), split, RESELLER)?.cents).toBe(0n);
    // The per-deal cap applies to each party's share.
    expect(dealCommission(won('100000.00'), { ...split, capPerDeal: '1000.00' }, SOURCED)).toEqual({
      cents: 100000n,
      capped: true,
    });
  });

  it('stores shares at four decimals and refuses more than 1 in all, a role twice or a bad fraction', () => {
    expect(parseRoleShares(null)).toEqual({ SOURCED: '1.0000' });
    expect(
      parseRoleShares([
        { role: SOURCED, share: '0.3333' },
        { role: RESELLER, share: '0.6667' },
      ]),
    ).toEqual({ SOURCED: '0.3333', RESELLER: '0.6667' });
    expect(parseRoleShares([])).toEqual({});
    for (const shares of [
      [
        { role: SOURCED, share: '0.3334' },
        { role: RESELLER, share: '0.6667' },
      ],
      [
        { role: SOURCED, share: '0.1' },
        { role: SOURCED, share: '0.1' },
      ],
      [{ role: SOURCED, share: '1.0001' }],
      [{ role: SOURCED, share: '0.12345' }],
      [{ role: SOURCED, share: 'half' }],
      [{ role: 'PARTNER' as DealPartnerRole, share: '0.1' }],
    ]) {
      expect(code(() => parseRoleShares(shares))).toBe('BAD_USER_INPUT');
    }
  });
});
