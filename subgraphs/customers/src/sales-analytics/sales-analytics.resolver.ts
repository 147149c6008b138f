import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { DealFilter } from '../deals';
import { ConvertInput } from '../exchange-rates';
import { SalesAnalyticsConverted } from './sales-analytics.convert';
import { convertedSalesAnalytics, salesAnalytics } from './sales-analytics.service';
import { SalesAnalytics, SalesDimension, SalesTimeBucketInput } from './sales-analytics.types';

@Resolver(() => SalesAnalytics)
export class SalesAnalyticsResolver {
  // Nullable: PARTNER_TIER calls the partners subgraph (README, Partial answers).
  @Query(() => SalesAnalytics, {
    nullable: true,
    description:
      'Deal measures (count, amount, weighted amount, won amount, win rate, average cycle days, average deal size) grouped by up to 4 dimensions and always by currency, over the deals matching `filter` (the deals list filter) that the caller may read: every role that reads deals; a partner user only the deals its partner sourced, and not by OWNER, REGION or INDUSTRY. Answered by the database in one statement (README "Sales analytics").',
  })
  async salesAnalytics(
    @Arg('groupBy', () => [SalesDimension], {
      description:
        'The dimensions to group by (up to 4 besides CURRENCY); [] or [CURRENCY]: totals per currency.',
    })
    groupBy: SalesDimension[],
    @Arg('filter', () => DealFilter, { nullable: true, description: 'Only deals meeting these conditions.' })
    filter: DealFilter | undefined,
    @Arg('timeBucket', () => SalesTimeBucketInput, {
      nullable: true,
      description: 'The date and period of the TIME_BUCKET dimension (required with it, refused without).',
    })
    timeBucket: SalesTimeBucketInput | undefined,
    @Arg('convert', () => ConvertInput, {
      nullable: true,
      description:
        'Also answer `converted`: the groups in one currency at the rates of a date (README "Money across currencies"). A missing rate is BAD_USER_INPUT naming the currency and date.',
    })
    convert: ConvertInput | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<SalesAnalytics> {
    authorize(ctx.identity, 'read', 'Deal');
    const answer = await salesAnalytics(ctx, { groupBy, filter, timeBucket });
    if (convert) {
      authorize(ctx.identity, 'read', 'ExchangeRate');
      answer.converted = await convertedSalesAnalytics(ctx, answer, convert);
    }
    return answer;
  }

  @FieldResolver(() => SalesAnalyticsConverted, {
    nullable: true,
    description:
      'The groups converted into one currency with the rates used; null unless `convert` was asked.',
  })
  converted(@Root() answer: SalesAnalytics): SalesAnalyticsConverted | null {
    return (answer.converted as SalesAnalyticsConverted | undefined) ?? null;
  }
}
