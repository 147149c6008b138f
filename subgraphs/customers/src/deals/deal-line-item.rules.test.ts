import {
  assertDerivedAmountKept,
  dealAmountOf,
  lineDiscount,
  lineQuantity,
  lineTotal,
  planLineItems,
  MAX_LINE_ITEMS,
} from './deal-line-item.rules';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

test('a line total is quantity × price less the discount, rounded half to even to cents', () => {
  expect(lineTotal('3', '480.00', '0')).toBe('1440.00');
  // 2.5 × 1150.50 × 0.9 = 2588.625: half a cent, to the even cent
  expect(lineTotal('2.50', '1150.50', '10')).toBe('2588.62');
});

test('half to even at exactly half a cent', () => {
  // 1 × 0.05 × (1 − 0.5) = 0.025 → 0.02 (even); 1 × 0.15 × 0.5 = 0.075 → 0.08 (even)
  expect(lineTotal('1', '0.05', '50')).toBe('0.02');
  expect(lineTotal('1', '0.15', '50')).toBe('0.08');
  expect(lineTotal('1', '2999.99', '100')).toBe('0.00');
});

test('quantity must be more than zero and exact; discount 0 to 100', () => {
  expect(lineQuantity('0.01')).toBe('0.01');
  expect(code(() => lineQuantity('0'))).toBe('BAD_USER_INPUT');
  expect(code(() => lineQuantity('-1'))).toBe('BAD_USER_INPUT');
  expect(code(() => lineQuantity('1.001'))).toBe('BAD_USER_INPUT');
  expect(lineDiscount(undefined)).toBe('0.00');
  expect(lineDiscount('100')).toBe('100.00');
  expect(code(() => lineDiscount('100.01'))).toBe('BAD_USER_INPUT');
  expect(code(() => lineDiscount('-0.01'))).toBe('BAD_USER_INPUT');
});

test('the deal amount is the exact sum of the totals', () => {
  expect(dealAmountOf(['0.10', '0.20', '1440.00'])).toBe('1440.30');
  expect(dealAmountOf([])).toBe('0.00');
});

test('too many lines is refused before anything else', () => {
  const lines = Array.from({ length: MAX_LINE_ITEMS + 1 }, () => ({ quantity: '1' }));
  expect(code(() => planLineItems(lines))).toBe('BAD_USER_INPUT');
  expect(planLineItems([{ quantity: '2', discount: '5' }])).toEqual([{ quantity: '2.00', discount: '5.00' }]);
});

test('a deal with lines keeps its derived amount and currency; one without lines does not care', () => {
  const deal = { amount: '100.00', currency: 'EUR' };
  expect(code(() => assertDerivedAmountKept(deal, { amount: '100.01' }, true))).toBe('BAD_USER_INPUT');
  expect(code(() => assertDerivedAmountKept(deal, { currency: 'USD' }, true))).toBe('BAD_USER_INPUT');
  expect(code(() => assertDerivedAmountKept(deal, { amount: '100.00', currency: 'EUR' }, true))).toBe(
    'no error',
  );
  expect(code(() => assertDerivedAmountKept(deal, { amount: '5.00', currency: 'USD' }, false))).toBe(
    'no error',
  );
});
