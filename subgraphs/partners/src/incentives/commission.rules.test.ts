import { applyRate, divideHalfEven, fromCents, toCents } from '../performance';
import {
  dealCommission,
  fourDecimalRate,
  parseCommissionRate,
  statementTotals,
  type PlanTerms,
} from './commission.rules';

const plan = (overrides: Partial<PlanTerms> = {}): PlanTerms => ({
  rate: '0.10',
  capPerDeal: null,
  capPerPeriod: null,
  currency: 'EUR',
  ...overrides,
});
const won = (amount: string, currency = 'EUR') => ({ stage: 'CLOSED_WON', amount, currency });

describe('money in integer cents', () => {
  it.each([
    ['0', 0n, '0.00'],
    ['12500', 1250000n, '12500.00'],
    ['12500.5', 1250050n, '12500.50'],
    ['0.07', 7n, '0.07'],
    ['-3.10', -310n, '-3.10'],
    ['9999999999999999.99', 999999999999999999n, '9999999999999999.99'],
  ])('%s ↔ %s cents', (text, cents, canonical) => {
    expect(toCents(text)).toBe(cents);
    expect(fromCents(cents)).toBe(canonical);
  });

  it('refuses anything inexact', () => {
    for (const bad of ['1.005', '1e3', 'abc', '', '1,00']) expect(() => toCents(bad)).toThrow();
  });

  it.each([
    [5n, 2n, 2n], // 2.5 → 2 (to even)
    [7n, 2n, 4n], // 3.5 → 4 (to even)
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [10n, 3n, 3n],
    [20n, 3n, 7n],
  ])('%s / %s rounds half to even to %s', (n, d, q) => {
    expect(divideHalfEven(n, d)).toBe(q);
  });
});

describe('commission on a deal', () => {
  it('is amount × rate for a won deal in the plan currency', () => {
    expect(dealCommission(won('12500.00'), plan())).toEqual({ cents: 125000n, capped: false });
    expect(dealCommission(won('999.99'), plan({ rate: '0.0725' }))).toEqual({ cents: 7250n, capped: false });
  });

  it('rounds half to even to cents', () => {
    // 0.25 × 0.10 = 0.025 → 0.02 ; 0.35 × 0.10 = 0.035 → 0.04 ; 1.05 × 0.5 = 0.525 → 0.52
    expect(applyRate(toCents('0.25'), '0.10')).toBe(2n);
    expect(applyRate(toCents('0.35'), '0.10')).toBe(4n);
    expect(applyRate(toCents('1.05'), '0.5')).toBe(52n);
    expect(applyRate(toCents('1.15'), '0.5')).toBe(58n);
    expect(fromCents(dealCommission(won('333.35'), plan({ rate: '0.1' }))!.cents)).toBe('33.34');
  });

  it('is capped per deal', () => {
    expect(dealCommission(won('100000.00'), plan({ capPerDeal: '5000.00' }))).toEqual({
      cents: 500000n,
      capped: true,
    });
    expect(dealCommission(won('50000.00'), plan({ capPerDeal: '5000.00' }))).toEqual({
      cents: 500000n,
      capped: false,
    });
  });

  it('is nothing unless the deal is won (a reopened deal earns nothing) or in another currency', () => {
    for (const stage of ['PROSPECTING', 'NEGOTIATION', 'CLOSED_LOST']) {
      expect(dealCommission({ stage, amount: '1000.00', currency: 'EUR' }, plan())).toBeNull();
    }
    expect(dealCommission(won('1000.00', 'USD'), plan())).toBeNull();
  });

  it('accepts only rates from 0 to 1 with at most four decimals', () => {
    expect(parseCommissionRate(' 0.10 ')).toBe('0.10');
    expect(parseCommissionRate('1')).toBe('1');
    expect(parseCommissionRate('0.1234')).toBe('0.1234');
    // Stored and answered with four decimals, as the numeric(…, 4) column reads back.
    expect(['0.075', '0.10', '1', '0', '0.1234'].map(fourDecimalRate)).toEqual([
      '0.0750',
      '0.1000',
      '1.0000',
      '0.0000',
      '0.1234',
    ]);
    for (const bad of ['1.01', '-0.1', '0.12345', '10%', '.5', '']) {
      expect(() => parseCommissionRate(bad)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    }
  });
});

describe('statement totals', () => {
  it('sums the lines and applies the period cap', () => {
    expect(statementTotals([100000n, 50001n], plan(), null)).toEqual({
      subtotal: '1500.01',
      total: '1500.01',
      paid: '0.00',
      adjustment: '0.00',
      due: '1500.01',
    });
    expect(statementTotals([100000n, 50001n], plan({ capPerPeriod: '1200.00' }), null).total).toBe('1200.00');
  });

  it('shows a reversal of paid commission as a negative adjustment', () => {
    // Paid 1500.01; one deal (500.01) was reopened since.
    expect(statementTotals([100000n], plan(), '1500.01')).toEqual({
      subtotal: '1000.00',
      total: '1000.00',
      paid: '1500.01',
      adjustment: '-500.01',
      due: '-500.01',
    });
    expect(statementTotals([], plan(), '1500.01').adjustment).toBe('-1500.01');
    expect(statementTotals([100000n], plan(), '1000.00').adjustment).toBe('0.00');
  });
});
