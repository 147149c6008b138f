import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { DealFilter } from '../deals';
import { salesAnalytics } from './sales-analytics.service';
import { SalesAnalytics, SalesDimension, SalesTimeBucketInput } from './sales-analytics.types';

@Resolver()
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
    @Ctx() ctx: RequestContext,
  ): Promise<SalesAnalytics> {
    authorize(ctx.identity, 'read', 'Deal');
    return salesAnalytics(ctx, { groupBy, filter, timeBucket });
  }
}
