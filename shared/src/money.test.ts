import {
  applyRate,
  divideHalfEven,
  fromCents,
  MAX_CENTS,
  nonNegativeAmount,
  optionalNonNegativeAmount,
  parseDecimal,
  positiveAmount,
  sumCents,
  toCents,
} from './money';

const badInput = (field: string) =>
  expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

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

describe('cents to decimal', () => {
  it('formats cents with two decimals', () => {
    expect(fromCents(0n)).toBe('0.00');
    expect(fromCents(5n)).toBe('0.05');
    expect(fromCents(123456n)).toBe('1234.56');
    expect(fromCents(-150n)).toBe('-1.50');
    expect(fromCents(MAX_CENTS)).toBe('9999999999999999.99');
  });

  it('sums and applies rates exactly', () => {
    expect(fromCents(sumCents(['0.10', '0.20', '0.30'].map(toCents)))).toBe('0.60');
    expect(applyRate(toCents('0.25'), '0.10')).toBe(2n);
    expect(parseDecimal('12500.5')).toBe('12500.50');
  });
});

describe('the amount rule', () => {
  it('answers the canonical amount when it is not negative', () => {
    expect(nonNegativeAmount('0')).toBe('0.00');
    expect(nonNegativeAmount('12500.5')).toBe('12500.50');
    expect(optionalNonNegativeAmount(null, 'budget')).toBeNull();
    expect(optionalNonNegativeAmount(undefined, 'budget')).toBeNull();
    expect(optionalNonNegativeAmount('1', 'budget')).toBe('1.00');
  });

  it('refuses a negative amount with BAD_USER_INPUT naming the field', () => {
    expect(() => nonNegativeAmount('-1.00')).toThrow('amount must not be negative');
    expect(() => nonNegativeAmount('-1.00')).toThrow(badInput('amount'));
    expect(() => nonNegativeAmount('-0.01', 'lines[0].unitPrice')).toThrow(badInput('lines[0].unitPrice'));
    expect(() => optionalNonNegativeAmount('-5', 'capPerDeal')).toThrow(badInput('capPerDeal'));
    expect(() => nonNegativeAmount('1.005')).toThrow(/at most 2 decimal places/);
  });

  it('has a positive variant for amounts that must be more than zero', () => {
    expect(positiveAmount('0.01')).toBe('0.01');
    expect(() => positiveAmount('0.00', 'estimatedAmount')).toThrow(badInput('estimatedAmount'));
    expect(() => positiveAmount('-5.00')).toThrow('amount must be greater than 0');
  });
});
