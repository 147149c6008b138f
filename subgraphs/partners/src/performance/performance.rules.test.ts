import type { CrmDeal } from '../crm';
import { computePerformance, periodBounds, validatePeriod, winRate, within } from './performance.rules';

let n = 0;
const deal = (stage: string, amount: string, extra: Partial<CrmDeal> = {}): CrmDeal => ({
  id: `d${(n += 1)}`,
  stage,
  amount,
  currency: 'EUR',
  createdAt: '2026-02-10T09:00:00.000Z',
  closedAt: stage.startsWith('CLOSED') ? '2026-03-05T10:00:00.000Z' : null,
  ...extra,
});
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

describe('partner performance', () => {
  it('counts whole days, both ends included (UTC)', () => {
    expect(periodBounds(Q1)).toEqual({
      start: Date.parse('2026-01-01T00:00:00Z'),
      end: Date.parse('2026-04-01T00:00:00Z'),
    });
    expect(within(Q1, '2026-03-31T23:59:59.999Z')).toBe(true);
    expect(within(Q1, '2026-04-01T00:00:00.000Z')).toBe(false);
    expect(within(Q1, '2025-12-31T23:59:59.999Z')).toBe(false);
    expect(within(Q1, null)).toBe(false);
    expect(() => validatePeriod({ from: '2026-02-01', to: '2026-01-31' })).toThrow();
  });

  it('computes exact figures per currency', () => {
    const sourced = [
      deal('CLOSED_WON', '1000.10'),
      deal('CLOSED_WON', '2000.20'),
      deal('CLOSED_WON', '0.01'),
      deal('CLOSED_LOST', '500.00'),
      deal('NEGOTIATION', '0.10'),
      deal('PROPOSAL', '0.20'),
      deal('PROSPECTING', '99.00', { createdAt: '2025-12-01T00:00:00Z' }), // created before the period
      deal('CLOSED_WON', '7777.00', { closedAt: '2026-04-01T00:00:00Z' }), // won after the period
      deal('CLOSED_WON', '300.00', { currency: 'USD' }),
    ];
    const influenced = [deal('QUALIFICATION', '40.00'), deal('CLOSED_WON', '60.00')];
    expect(computePerformance(sourced, influenced, Q1)).toEqual({
      dealsWon: 4,
      dealsLost: 1,
      winRate: 0.8,
      byCurrency: [
        {
          currency: 'EUR',
          sourcedPipeline: '0.30',
          influencedPipeline: '40.00',
          wonRevenue: '3000.31',
          influencedWonRevenue: '60.00',
          averageDealSize: '1000.10', // 3000.31 / 3 = 1000.1033…
          dealsWon: 3,
          dealsLost: 1,
          winRate: 0.75,
        },
        {
          currency: 'USD',
          sourcedPipeline: '0.00',
          influencedPipeline: '0.00',
          wonRevenue: '300.00',
          influencedWonRevenue: '0.00',
          averageDealSize: '300.00',
          dealsWon: 1,
          dealsLost: 0,
          winRate: 1,
        },
      ],
    });
  });

  it('has no win rate or average when nothing closed', () => {
    expect(computePerformance([deal('PROPOSAL', '10.00')], [], Q1).byCurrency[0]).toMatchObject({
      averageDealSize: null,
      winRate: null,
    });
    expect(computePerformance([], [], Q1)).toEqual({
      dealsWon: 0,
      dealsLost: 0,
      winRate: null,
      byCurrency: [],
    });
    expect(winRate(2, 1)).toBe(0.6667);
    expect(winRate(1, 2)).toBe(0.3333);
  });
});
