import { DealPartnerRole } from '../attribution';
import {
  dealCommission,
  familyRate,
  parseFamilyRates,
  parseRoleShares,
  statementLines,
  type DealLine,
  type PlanTerms,
} from './commission.rules';

const { SOURCED, RESELLER } = DealPartnerRole;
const plan = (overrides: Partial<PlanTerms> = {}): PlanTerms => ({
  rate: '0.1000',
  capPerDeal: null,
  capPerPeriod: null,
  currency: 'EUR',
  familyRates: { Services: '0.0500', Hardware: '0.0200' },
  ...overrides,
});
const won = (amount: string, lines: DealLine[] | null = null) => ({
  stage: 'CLOSED_WON',
  amount,
  currency: 'EUR',
  lines,
});
const line = (family: string | null, total: string): DealLine => ({ family, total });
const error = (work: () => unknown) => {
  try {
    work();
  } catch (caught) {
    return (caught as { extensions: { code: string; field?: string } }).extensions;
  }
  return null;
};

describe('commission per product family', () => {
  it('keeps a deal without line items exactly as before: its amount × the tier rate, family rates or not', () => {
    for (const amount of ['12500.00', '333.35', '0.05', '0.15', '99999.99']) {
      const without = dealCommission(won(amount), plan({ familyRates: null }));
      expect(dealCommission(won(amount), plan())).toEqual(without);
      expect(dealCommission(won(amount, []), plan())).toEqual(without);
      expect(without?.byFamily).toBeUndefined();
    }
    // By hand: 333.35 × 0.10 = 33.335 → 33.34 (half to even: 3333.5 cents → 3334); 0.05 × 0.10 = 0.005 → 0.00; 0.15 → 0.015 → 0.02.
    expect(dealCommission(won('333.35'), plan())).toEqual({ cents: 3334n, capped: false });
    expect(dealCommission(won('0.05'), plan())?.cents).toBe(0n);
    expect(dealCommission(won('0.15'), plan())?.cents).toBe(2n);
  });

  it("earns each line its family's rate, and the tier's rate for a family the plan does not name or no family", () => {
    const deal = won('4000.00', [
      line('Services', '1000.00'),
      line('Hardware', '2000.00'),
      line('Platform', '500.00'),
      line(null, '500.00'),
    ]);
    // 1000 × 0.05 + 2000 × 0.02 + 500 × 0.10 + 500 × 0.10 = 50 + 40 + 50 + 50 = 190.00 (the amount is ignored).
    expect(dealCommission(deal, plan())).toEqual({
      cents: 19000n,
      capped: false,
      byFamily: [
        { family: 'Hardware', amountCents: 200000n, rate: '0.0200', cents: 4000n },
        { family: 'Platform', amountCents: 50000n, rate: '0.1000', cents: 5000n },
        { family: 'Services', amountCents: 100000n, rate: '0.0500', cents: 5000n },
        { family: null, amountCents: 50000n, rate: '0.1000', cents: 5000n },
      ],
    });
    expect(familyRate(plan(), 'Services')).toBe('0.0500');
    expect(familyRate(plan(), 'services')).toBe('0.1000');
    expect(familyRate(plan(), null)).toBe('0.1000');
  });

  it('sums the lines of one family and rounds the commission once, half to even, not per line', () => {
    // 0.10 × 0.05 = 0.005 twice: per line 0.00 + 0.00, once 0.01.
    const twoLines = dealCommission(
      won('0.20', [line('Services', '0.10'), line('Services', '0.10')]),
      plan(),
    );
    expect(twoLines?.cents).toBe(1n);
    expect(twoLines?.byFamily).toEqual([{ family: 'Services', amountCents: 20n, rate: '0.0500', cents: 1n }]);
    // 10.10 × 0.05 = 0.505 → 0.50 (50.5 cents to even); 10.30 × 0.05 = 0.515 → 0.52.
    expect(dealCommission(won('10.10', [line('Services', '10.10')]), plan())?.cents).toBe(50n);
    expect(dealCommission(won('10.30', [line('Services', '10.30')]), plan())?.cents).toBe(52n);
  });

  it('splits the rounded commission into family parts that add up to it (largest remainder)', () => {
    // Services 100.10 × 0.05 = 5.005, Hardware 250.25 × 0.02 = 5.005: 10.01 in all. Rounded per part
    // it would be 5.00 + 5.00 = 10.00; the cent left goes to the first of the equal remainders.
    const earned = dealCommission(
      won('350.35', [line('Services', '100.10'), line('Hardware', '250.25')]),
      plan(),
    );
    expect(earned?.cents).toBe(1001n);
    expect(earned?.byFamily?.map((part) => [part.family, part.cents])).toEqual([
      ['Hardware', 501n],
      ['Services', 500n],
    ]);
  });

  it("multiplies each family's part by the role's share, rounding once per commission line", () => {
    const split = plan({
      roleShares: parseRoleShares([
        { role: SOURCED, share: '0.6' },
        { role: RESELLER, share: '0.3' },
      ]),
    });
    const deal = won('444.41', [line('Services', '333.30'), line('Hardware', '111.11')]);
    // SOURCED: 333.30 × 0.05 × 0.6 = 9.999 and 111.11 × 0.02 × 0.6 = 1.33332: 11.33232 → 11.33;
    // parts: floors 9.99 + 1.33, the cent left to Services (remainder .9 > .332).
    expect(dealCommission(deal, split, SOURCED)).toEqual({
      cents: 1133n,
      capped: false,
      byFamily: [
        { family: 'Hardware', amountCents: 11111n, rate: '0.0200', cents: 133n },
        { family: 'Services', amountCents: 33330n, rate: '0.0500', cents: 1000n },
      ],
    });
    // RESELLER: 4.9995 + 0.66666 = 5.66616 → 5.67; parts 5.00 (4.9995 → floor 4.99 + the largest remainder) and 0.67.
    const reseller = dealCommission(deal, split, RESELLER);
    expect(reseller?.cents).toBe(567n);
    expect(reseller?.byFamily?.map((part) => part.cents)).toEqual([67n, 500n]);
    // A role the plan does not pay earns nothing on any family.
    expect(dealCommission(deal, split, DealPartnerRole.DISTRIBUTOR)?.cents).toBe(0n);
  });

  it('caps the whole deal, not each family, and earns nothing unless won in the plan currency', () => {
    const deal = won('4000.00', [line('Services', '1000.00'), line('Platform', '3000.00')]);
    // 50 + 300 = 350.00 over a cap of 100.00.
    const capped = dealCommission(deal, plan({ capPerDeal: '100.00' }));
    expect(capped?.cents).toBe(10000n);
    expect(capped?.capped).toBe(true);
    expect(capped?.byFamily?.map((part) => part.cents)).toEqual([30000n, 5000n]);
    expect(dealCommission({ ...deal, stage: 'NEGOTIATION' }, plan())).toBeNull();
    expect(dealCommission({ ...deal, currency: 'USD' }, plan())).toBeNull();
  });

  it('puts the family parts on the statement lines', () => {
    const period = { from: '2026-01-01', to: '2026-03-31' };
    const deals = [
      { id: 'a', closedAt: '2026-02-01T00:00:00Z', ...won('1000.00', [line('Services', '1000.00')]) },
      { id: 'b', closedAt: '2026-02-02T00:00:00Z', ...won('1000.00') },
    ];
    const lines = statementLines(deals, plan(), period);
    expect(lines.map((l) => [l.deal.id, l.earned.cents, l.earned.byFamily?.length])).toEqual([
      ['a', 5000n, 1],
      ['b', 10000n, undefined],
    ]);
  });
});

describe('parsing family rates', () => {
  const known = ['Platform', 'Services', 'Support'];

  it('stores rates at four decimals in the catalogue spelling; none is null', () => {
    expect(parseFamilyRates(null)).toBeNull();
    expect(parseFamilyRates([])).toBeNull();
    expect(
      parseFamilyRates(
        [
          { family: ' services ', rate: '0.05' },
          { family: 'Platform', rate: '1' },
          { family: 'Support', rate: '0' },
        ],
        known,
      ),
    ).toEqual({ Services: '0.0500', Platform: '1.0000', Support: '0.0000' });
  });

  it('refuses a family twice, a bad rate, an empty or unknown family, naming familyRates', () => {
    for (const rates of [
      [
        { family: 'Services', rate: '0.05' },
        { family: 'SERVICES', rate: '0.06' },
      ],
      [{ family: 'Services', rate: '1.0001' }],
      [{ family: 'Services', rate: '-0.05' }],
      [{ family: 'Services', rate: '0.12345' }],
      [{ family: 'Services', rate: '5%' }],
      [{ family: '  ', rate: '0.05' }],
      [{ family: 'Hardware', rate: '0.02' }],
      Array.from({ length: 51 }, (_, i) => ({ family: `F${i}`, rate: '0.01' })),
    ]) {
      expect(error(() => parseFamilyRates(rates, known))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'familyRates',
      });
    }
  });
});
