import { DAY_MS } from '@sales-graph/shared/time';
import { ActivityType } from '../activities';

/** How much one activity in the last 90 days adds to engagement, by type (tasks only once completed). */
export const ENGAGEMENT_WEIGHTS: Record<ActivityType, number> = {
  [ActivityType.MEETING]: 15,
  [ActivityType.CALL]: 8,
  [ActivityType.EMAIL]: 4,
  [ActivityType.TASK]: 4,
  [ActivityType.NOTE]: 2,
};

/** Recent activity counts more: full weight within 30 days, 60% within 60, 30% within 90. */
export const ENGAGEMENT_RECENCY: readonly { withinDays: number; factor: number }[] = [
  { withinDays: 30, factor: 1 },
  { withinDays: 60, factor: 0.6 },
  { withinDays: 90, factor: 0.3 },
];

export const ENGAGEMENT_WINDOW_DAYS = 90;

/** The engagement score of a set of activities, the reference for the SQL below (0 to 100). */
export function engagementScore(
  activities: readonly { type: ActivityType; occurredAt: Date; completedAt: Date | null }[],
  now: Date,
): number {
  let score = 0;
  for (const activity of activities) {
    if (activity.type === ActivityType.TASK && !activity.completedAt) continue;
    const ageDays = (now.getTime() - activity.occurredAt.getTime()) / DAY_MS;
    if (ageDays < 0 || ageDays >= ENGAGEMENT_WINDOW_DAYS) continue;
    const factor = ENGAGEMENT_RECENCY.find((band) => ageDays < band.withinDays)!.factor;
    score += ENGAGEMENT_WEIGHTS[activity.type] * factor;
  }
  return Math.min(100, Math.round(score));
}

/** SQL expression of one activity's contribution (alias `a`), from the same weights and bands. */
export function engagementContributionSql(): string {
  const weight = Object.entries(ENGAGEMENT_WEIGHTS)
    .map(([type, value]) => `WHEN '${type}' THEN ${value}`)
    .join(' ');
  const recency = ENGAGEMENT_RECENCY.map(
    (band) => `WHEN a.occurred_at > now() - interval '${band.withinDays} days' THEN ${band.factor}`,
  ).join(' ');
  return `(CASE a.type ${weight} ELSE 0 END) * (CASE ${recency} ELSE 0 END)`;
}

/** One currency's figures as `CustomerInsights.byCurrency` shows them. */
export interface CurrencyFigures {
  currency: string;
  lifetimeValue: string;
  orderCount: number;
  averageOrderValue: string | null;
  openPipelineAmount: string;
}

/**
 * The order figures and the open pipeline of one customer joined per currency, by currency code:
 * a currency with orders but no open deal has a zero pipeline, one with open deals but no order
 * zero order figures.
 */
export function figuresByCurrency(
  purchases: readonly Omit<CurrencyFigures, 'openPipelineAmount'>[],
  pipeline: readonly Pick<CurrencyFigures, 'currency' | 'openPipelineAmount'>[],
): CurrencyFigures[] {
  const figures = new Map<string, CurrencyFigures>();
  const of = (currency: string): CurrencyFigures => {
    let row = figures.get(currency);
    if (!row) {
      row = {
        currency,
        lifetimeValue: '0.00',
        orderCount: 0,
        averageOrderValue: null,
        openPipelineAmount: '0.00',
      };
      figures.set(currency, row);
    }
    return row;
  };
  for (const row of purchases) Object.assign(of(row.currency), row);
  for (const row of pipeline) of(row.currency).openPipelineAmount = row.openPipelineAmount;
  return [...figures.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
}
