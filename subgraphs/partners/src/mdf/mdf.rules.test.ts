import { parseProof, planCampaignLink, remaining, returnOnSpend, withinParent } from './mdf.rules';
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

describe('the return on an MDF spend', () => {
  it('is won revenue / spend, exact, 4 places, rounded half to even', () => {
    expect(returnOnSpend('200.00', '400.00')).toBe('0.5000');
    expect(returnOnSpend('200.00', '300.00')).toBe('0.6667'); // 0.66666…
    expect(returnOnSpend('100.00', '300.00')).toBe('0.3333'); // 0.33333…
    expect(returnOnSpend('12345.67', '1000.00')).toBe('12.3457'); // 12.34567
    // Exactly half way: to the even digit.
    expect(returnOnSpend('0.01', '800.00')).toBe('0.0000'); // 0.0000125 → 0.0000
    expect(returnOnSpend('0.03', '800.00')).toBe('0.0000'); // 0.0000375 → 0.0000
    expect(returnOnSpend('0.01', '0.16')).toBe('0.0625');
    expect(returnOnSpend('0.01', '0.32')).toBe('0.0312'); // 0.03125 → 0.0312 (2 is even)
    expect(returnOnSpend('0.03', '0.32')).toBe('0.0938'); // 0.09375 → 0.0938 (8 is even)
    // Beyond 2^53 cents, still exact.
    expect(returnOnSpend('9999999999999999.99', '0.03')).toBe('333333333333333333.0000');
  });

  it('has no ratio without spend', () => {
    expect(returnOnSpend('500.00', null)).toBeNull();
    expect(returnOnSpend('500.00', '0.00')).toBeNull();
    expect(returnOnSpend('0.00', '10.00')).toBe('0.0000');
  });
});

describe('who may point an MDF request at a campaign', () => {
  const conflict = expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) });

  it('a channel manager at any time, confirmed', () => {
    expect(planCampaignLink({ status: 'APPROVED', claimed: '300.00' }, false)).toEqual({ confirmed: true });
    expect(planCampaignLink({ status: 'REJECTED', claimed: '0.00' }, false)).toEqual({ confirmed: true });
  });

  it('a partner while nothing is claimed and it is not rejected, unconfirmed', () => {
    expect(planCampaignLink({ status: 'SUBMITTED', claimed: '0.00' }, true)).toEqual({ confirmed: false });
    expect(planCampaignLink({ status: 'APPROVED', claimed: '0.00' }, true)).toEqual({ confirmed: false });
    expect(() => planCampaignLink({ status: 'APPROVED', claimed: '0.01' }, true)).toThrow(conflict);
    expect(() => planCampaignLink({ status: 'REJECTED', claimed: '0.00' }, true)).toThrow(conflict);
  });
});
