import { parseProof, remaining, withinParent } from './mdf.rules';
import { positiveAmount } from '@sales-graph/shared/money';

const what = { child: 'request', parent: 'allocation' };
const badInput = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) });

describe('no MDF child exceeds its parent', () => {
  it('accepts a child up to exactly what is left', () => {
    expect(withinParent('1000.00', '0.00', '1000.00', what)).toBe('1000.00');
    expect(withinParent('1000.00', '600.00', '399.99', what)).toBe('999.99');
    expect(withinParent('1000.00', '600.00', '400.00', what)).toBe('1000.00');
  });

  it('refuses a child of one cent more, naming what is left', () => {
    expect(() => withinParent('1000.00', '600.00', '400.01', what)).toThrow(badInput);
    try {
      withinParent('1000.00', '600.00', '400.01', what);
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({
        field: 'amount',
        remaining: '400.00',
      });
    }
    expect(() => withinParent('1000.00', '1000.00', '0.01', what)).toThrow(badInput);
  });

  it('has exact remaining amounts and only positive children', () => {
    expect(remaining('1000.00', '333.33')).toBe('666.67');
    expect(positiveAmount('0.01')).toBe('0.01');
    expect(() => positiveAmount('0.00')).toThrow(badInput);
    expect(() => positiveAmount('-5.00')).toThrow(badInput);
  });

  it('needs 1 to 20 proof items of at most 500 characters', () => {
    expect(parseProof([' https://example.com/invoice.pdf ', '', 'PO-123'])).toEqual([
      'https://example.com/invoice.pdf',
      'PO-123',
    ]);
    expect(() => parseProof([])).toThrow(badInput);
    expect(() => parseProof(['  '])).toThrow(badInput);
    expect(() => parseProof(Array.from({ length: 21 }, (_, i) => `ref-${i}`))).toThrow(badInput);
    expect(() => parseProof(['x'.repeat(501)])).toThrow(badInput);
  });
});
