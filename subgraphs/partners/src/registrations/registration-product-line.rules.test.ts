import {
  MAX_PRODUCT_LINES,
  planProductLineInputs,
  productLinesFromCatalogue,
} from './registration-product-line.rules';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
  return 'no error';
};

const SEAT = '11111111-1111-4111-8111-111111111111';
const OLD = '22222222-2222-4222-8222-222222222222';
const GBP_LESS = '33333333-3333-4333-8333-333333333333';
const catalogue = [
  { id: SEAT, sku: 'SEAT', name: 'Seat', family: 'Platform', active: true, listPrice: '480.00' },
  { id: OLD, sku: 'OLD', name: 'Old', family: null, active: false, listPrice: '1.00' },
  { id: GBP_LESS, sku: 'SUP', name: 'Support', family: 'Support', active: true, listPrice: null },
];

test('lines take the list price unless the partner gives one, exact', () => {
  const planned = planProductLineInputs([
    { productId: SEAT.toUpperCase(), quantity: '10' },
    { productId: SEAT, quantity: '1.5', unitPrice: '450' },
  ]);
  expect(productLinesFromCatalogue(planned, catalogue, 'EUR')).toEqual([
    {
      productId: SEAT,
      sku: 'SEAT',
      name: 'Seat',
      family: 'Platform',
      quantity: '10.00',
      unitPrice: '480.00',
    },
    { productId: SEAT, sku: 'SEAT', name: 'Seat', family: 'Platform', quantity: '1.50', unitPrice: '450.00' },
  ]);
});

test('bad quantities, negative prices and too many lines are refused naming the line', () => {
  expect(code(() => planProductLineInputs([{ productId: SEAT, quantity: '0' }]))).toMatchObject({
    code: 'BAD_USER_INPUT',
  });
  expect(
    code(() => planProductLineInputs([{ productId: SEAT, quantity: '1', unitPrice: '-1' }])),
  ).toMatchObject({
    code: 'BAD_USER_INPUT',
  });
  const many = Array.from({ length: MAX_PRODUCT_LINES + 1 }, () => ({ productId: SEAT, quantity: '1' }));
  expect(code(() => planProductLineInputs(many))).toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('an unknown, inactive or unpriced product is refused', () => {
  for (const productId of ['44444444-4444-4444-8444-444444444444', OLD, GBP_LESS]) {
    const planned = planProductLineInputs([{ productId, quantity: '1' }]);
    expect(code(() => productLinesFromCatalogue(planned, catalogue, 'GBP'))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  }
});
