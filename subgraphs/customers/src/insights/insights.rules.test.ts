import { engagementContributionSql, engagementScore, figuresByCurrency } from './insights.rules';
import { DAY_MS } from '@sales-graph/shared/time';
import { ActivityType } from '../activities';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const activity = (type: ActivityType, days: number, completed = false) => ({
  type,
  occurredAt: daysAgo(days),
  completedAt: completed ? NOW : null,
});

describe('engagementScore', () => {
  it('is 0 without activity', () => {
    expect(engagementScore([], NOW)).toBe(0);
  });

  it('weighs activity by type and recency', () => {
    expect(engagementScore([activity(ActivityType.MEETING, 1)], NOW)).toBe(15);
    expect(engagementScore([activity(ActivityType.MEETING, 45)], NOW)).toBe(9);
    expect(engagementScore([activity(ActivityType.MEETING, 75)], NOW)).toBe(5); // 4.5 rounds up
    expect(engagementScore([activity(ActivityType.CALL, 2), activity(ActivityType.EMAIL, 3)], NOW)).toBe(12);
  });

  it('ignores open tasks, the future and anything older than 90 days', () => {
    expect(engagementScore([activity(ActivityType.TASK, 1)], NOW)).toBe(0);
    expect(engagementScore([activity(ActivityType.TASK, 1, true)], NOW)).toBe(4);
    expect(
      engagementScore([activity(ActivityType.MEETING, -1), activity(ActivityType.MEETING, 91)], NOW),
    ).toBe(0);
  });

  it('caps at 100', () => {
    expect(
      engagementScore(
        Array.from({ length: 10 }, () => activity(ActivityType.MEETING, 1)),
        NOW,
      ),
    ).toBe(100);
  });
});

describe('engagementContributionSql', () => {
  it('carries every weight and band into SQL', () => {
    const sql = engagementContributionSql();
    expect(sql).toContain("WHEN 'MEETING' THEN 15");
    expect(sql).toContain("WHEN 'NOTE' THEN 2");
    expect(sql).toContain("interval '60 days' THEN 0.6");
  });
});

describe('figuresByCurrency', () => {
  it('joins order figures and open pipeline per currency, zero where one side has none, by code', () => {
    const purchases = [
      { currency: 'USD', lifetimeValue: '300.00', orderCount: 2, averageOrderValue: '150.00' },
      { currency: 'EUR', lifetimeValue: '10.00', orderCount: 1, averageOrderValue: '10.00' },
    ];
    const pipeline = [
      { currency: 'GBP', openPipelineAmount: '5000.00' },
      { currency: 'EUR', openPipelineAmount: '20.50' },
    ];
    expect(figuresByCurrency(purchases, pipeline)).toEqual([
      {
        currency: 'EUR',
        lifetimeValue: '10.00',
        orderCount: 1,
        averageOrderValue: '10.00',
        openPipelineAmount: '20.50',
      },
      {
        currency: 'GBP',
        lifetimeValue: '0.00',
        orderCount: 0,
        averageOrderValue: null,
        openPipelineAmount: '5000.00',
      },
      {
        currency: 'USD',
        lifetimeValue: '300.00',
        orderCount: 2,
        averageOrderValue: '150.00',
        openPipelineAmount: '0.00',
      },
    ]);
    expect(figuresByCurrency([], [])).toEqual([]);
  });
});
