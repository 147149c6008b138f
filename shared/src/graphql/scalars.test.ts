import { parseCurrency, parseLocalDate } from './scalars';
import { parseDecimal } from '../money';

test('money is normalised to exact two-decimal strings', () => {
  expect(parseDecimal('12500')).toBe('12500.00');
  expect(parseDecimal('12500.5')).toBe('12500.50');
  expect(parseDecimal(' 0.07 ')).toBe('0.07');
  expect(parseDecimal(42)).toBe('42.00');
  expect(parseDecimal('9999999999999999.99')).toBe('9999999999999999.99');
});

test.each([['1.005'], ['abc'], [''], ['1e5'], [0.1 + 0.2], [Infinity], [null], [{}], ['12,50']])(
  '%p is not money',
  (value) => {
    expect(() => parseDecimal(value)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  },
);

test('dates are real calendar dates', () => {
  expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
  for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', 20260101]) {
    expect(() => parseLocalDate(bad)).toThrow('YYYY-MM-DD');
  }
});

test('currencies are ISO 4217 codes', () => {
  expect(parseCurrency('eur')).toBe('EUR');
  expect(parseCurrency(' JPY ')).toBe('JPY');
  expect(() => parseCurrency('EURO')).toThrow('ISO 4217');
  expect(() => parseCurrency('XYZ')).toThrow('ISO 4217');
});
