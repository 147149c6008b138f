import {
  convertAmounts,
  convertCents,
  convertSumCents,
  normaliseExchangeRate,
  parseExchangeRate,
} from './money';

const badInput = (field: string) =>
  expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

describe('converting money between currencies (exact, through the corporate currency)', () => {
  it('converts to the corporate currency: cents × rate, exact', () => {
    // 1000.00 EUR at 1.085 USD per EUR = 1085.00 USD.
    expect(convertCents(100000n, '1.085', '1')).toBe(108500n);
  });

  it('converts from the corporate currency: cents ÷ rate, rounded half to even once', () => {
    // 100.00 USD / 1.085 = 92.1658... EUR → 92.17
    expect(convertCents(10000n, '1', '1.085')).toBe(9217n);
  });

  it('triangulates between two foreign currencies as one fraction (no intermediate rounding)', () => {
    // 100.00 EUR → GBP with EUR 1.085, GBP 1.27 (USD per unit): 100 × 1.085 / 1.27 = 85.4330... → 85.43
    expect(convertCents(10000n, '1.085', '1.27')).toBe(8543n);
    // Rounding at the end only: 0.01 EUR → USD at 1.5 is 0.015 → 0.02 (half even), never 0.01 + drift.
    expect(convertCents(1n, '1.5', '1')).toBe(2n);
    expect(convertCents(1n, '2.5', '1')).toBe(2n);
    expect(convertCents(3n, '1.5', '1')).toBe(4n); // 4.5 → 4
  });

  it('adds the amounts exactly before rounding once', () => {
    // Three times 0.01 at 1.5: per-item rounding would give 0.06, once at the end 0.045 → 0.04.
    expect(convertAmounts(['0.01', '0.01', '0.01'], '1.5', '1')).toBe('0.04');
    expect(convertAmounts(['-10.00'], '1.085', '1')).toBe('-10.85');
  });

  it('handles 12-decimal rates and huge amounts without floating point', () => {
    expect(convertCents(999999999999999999n, '0.000000000001', '1')).toBe(1000000n);
    expect(convertCents(123456789012345678n, '1.000000000001', '1')).toBe(123456789012469135n);
  });

  it('normalises rates to 12 decimals and refuses zero, negatives, floats beyond 12 decimals and junk', () => {
    expect(normaliseExchangeRate('1.085')).toBe('1.085000000000');
    expect(normaliseExchangeRate(' 42 ')).toBe('42.000000000000');
    expect(parseExchangeRate('0.5')).toEqual({ numerator: 5n, scale: 10n });
    for (const bad of ['0', '0.000', '-1.2', '1e3', 'abc', '', '1.0000000000001', '1234567890123.5']) {
      expect(() => normaliseExchangeRate(bad)).toThrow(badInput('rateToCorporate'));
    }
    expect(() => normaliseExchangeRate(1.5 as unknown as string, 'rates[0].rateToCorporate')).toThrow(
      badInput('rates[0].rateToCorporate'),
    );
  });
});

describe('adding amounts of several currencies converted into one', () => {
  it('adds the exact converted amounts and rounds once', () => {
    // 0.01 EUR at 1.5 (0.015) + 0.01 GBP at 1.25 (0.0125) = 0.0275 USD → 0.03; per-part rounding gives 0.02 + 0.01.
    expect(
      convertSumCents(
        [
          { cents: 1n, rateToCorporate: '1.5' },
          { cents: 1n, rateToCorporate: '1.25' },
        ],
        '1',
      ),
    ).toBe(3n);
    // Into EUR (1.085 USD per EUR): 100.00 USD + 100.00 EUR = 92.1658… + 100 → 192.17.
    expect(
      convertSumCents(
        [
          { cents: 10000n, rateToCorporate: '1' },
          { cents: 10000n, rateToCorporate: '1.085' },
        ],
        '1.085',
      ),
    ).toBe(19217n);
    expect(convertSumCents([], '1.085')).toBe(0n);
  });
});
