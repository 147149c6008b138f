import { Field, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { groupBy } from '@sales-graph/shared/group-by';
import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';
import { AppliedRate, type Converter } from '../exchange-rates';
import { SalesAnalyticsRow } from './sales-analytics.types';

@ObjectType({
  description:
    'The same groups with every currency converted into one at the rates of one date: money measures are the exact sums of the converted amounts, rounded half to even once.',
})
export class SalesAnalyticsConverted {
  @Field(() => String, { description: 'The currency converted into (the `currency` of every row).' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => [SalesAnalyticsRow], {
    description: 'One row per group (currencies merged), in the order of `rows`.',
  })
  rows: SalesAnalyticsRow[];

  @Field(() => [SalesAnalyticsRow], { description: 'One row: the grand total over every deal matched.' })
  totals: SalesAnalyticsRow[];

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}

const groupKey = (row: SalesAnalyticsRow): string =>
  JSON.stringify([
    row.stage,
    row.channel,
    row.partner?.id ?? null,
    row.partnerTier,
    row.ownerId,
    row.region,
    row.industry,
    row.periodStart,
  ]);

/** Merges per-currency rows with the same keys into one row in the converter's currency. */
export function convertRows(rows: readonly SalesAnalyticsRow[], convert: Converter): SalesAnalyticsRow[] {
  const groups = groupBy(rows, groupKey);
  return [...groups.values()].map((group) => {
    const money = (pick: (row: SalesAnalyticsRow) => string) =>
      convert.sum(group.map((row) => ({ amount: pick(row), currency: row.currency })));
    const dealCount = group.reduce((n, row) => n + row.dealCount, 0);
    const wonCount = group.reduce((n, row) => n + row.wonCount, 0);
    const lostCount = group.reduce((n, row) => n + row.lostCount, 0);
    const cycleWeight = group.reduce((sum, row) => sum + (row.averageCycleDays ?? 0) * row.wonCount, 0);
    const amount = money((row) => row.amount);
    return Object.assign(new SalesAnalyticsRow(), group[0], {
      currency: convert.currency,
      dealCount,
      amount,
      weightedAmount: money((row) => row.weightedAmount),
      wonAmount: money((row) => row.wonAmount),
      wonCount,
      lostCount,
      winRate: wonCount + lostCount > 0 ? wonCount / (wonCount + lostCount) : null,
      averageCycleDays: wonCount > 0 ? cycleWeight / wonCount : null,
      averageDealSize: dealCount > 0 ? fromCents(divideHalfEven(toCents(amount), BigInt(dealCount))) : '0.00',
    });
  });
}
