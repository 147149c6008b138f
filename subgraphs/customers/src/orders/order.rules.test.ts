import { MAX_ORDER_LINES, planOrderedAt, planOrderLines } from './order.rules';

const line = (quantity: number, unitPrice: string, product = 'Widget') => ({ product, quantity, unitPrice });

describe('planOrderLines', () => {
  it('numbers lines and sums them exactly, in cents', () => {
    const planned = planOrderLines([
      line(3, '0.10'),
      line(1, '0.20', ' Gadget '),
      { ...line(7, '19.99'), sku: 'SKU-1' },
    ]);
    expect(planned.total).toBe('140.43');
    expect(planned.lines).toEqual([
      { position: 1, product: 'Widget', sku: null, quantity: 3, unitPrice: '0.10' },
      { position: 2, product: 'Gadget', sku: null, quantity: 1, unitPrice: '0.20' },
      { position: 3, product: 'Widget', sku: 'SKU-1', quantity: 7, unitPrice: '19.99' },
    ]);
  });

  it('keeps amounts exact where floats would not be', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004
    expect(planOrderLines([line(1, '0.10'), line(1, '0.20')]).total).toBe('0.30');
    expect(planOrderLines([line(1_000_000, '9999999999.99')]).total).toBe('9999999999990000.00');
  });

  it('refuses an empty order and too many lines', () => {
    expect(() => planOrderLines([])).toThrow('An order needs at least one line');
    expect(() => planOrderLines(Array.from({ length: MAX_ORDER_LINES + 1 }, () => line(1, '1.00')))).toThrow(
      `at most ${MAX_ORDER_LINES} lines`,
    );
  });

  it('names the bad line and field', () => {
    const fail = (lines: Parameters<typeof planOrderLines>[0]) => {
      try {
        planOrderLines(lines);
      } catch (error) {
        return (error as { extensions: { code: string; field: string } }).extensions;
      }
      throw new Error('expected a failure');
    };
    expect(fail([line(1, '1.00'), line(0, '1.00')])).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'lines[1].quantity',
    });
    expect(fail([line(1.5, '1.00')])).toEqual({ code: 'BAD_USER_INPUT', field: 'lines[0].quantity' });
    expect(fail([line(1, '-1.00')])).toEqual({ code: 'BAD_USER_INPUT', field: 'lines[0].unitPrice' });
    expect(fail([line(1, '1.00', '  ')])).toEqual({ code: 'BAD_USER_INPUT', field: 'lines[0].product' });
  });

  it('refuses a total that does not fit numeric(18,2)', () => {
    expect(() => planOrderLines([line(1_000_000, '9999999999999999.99')])).toThrow(
      'The order total is too large',
    );
  });
});

describe('planOrderedAt', () => {
  const now = new Date('2026-03-02T09:00:00.000Z');
  it('defaults to now, accepts the past, refuses the future', () => {
    expect(planOrderedAt(undefined, now)).toEqual(now);
    expect(planOrderedAt(new Date('2026-01-01T00:00:00.000Z'), now).toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(() => planOrderedAt(new Date('2026-03-03T09:00:00.000Z'), now)).toThrow(
      'must not be in the future',
    );
  });
});
