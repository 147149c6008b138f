import { ActivityType } from '../activities';
import { engagementContributionSql, engagementScore } from './insights.rules';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
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
