import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners';
import { PartnerPerformance } from './performance.entity';
import { PeriodInput } from './performance.input';
import { convertArg, ConvertInput, withConvert, type PerformanceAnswer } from './performance.convert';
import { partnerPerformance } from './performance-figures.service';

@Resolver(() => Partner)
export class PartnerPerformanceResolver {
  // Nullable: it reads the CRM, which can be down while the PRM answers (README, Partial answers).
  @FieldResolver(() => PartnerPerformance, {
    nullable: true,
    description: 'Sourced and influenced pipeline, won revenue, win rate and average deal size in a period.',
  })
  async performance(
    @Root() partner: Partner,
    @Arg('period', () => PeriodInput, { description: 'The period.' }) period: PeriodInput,
    @convertArg() convert: ConvertInput | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<PerformanceAnswer> {
    authorize(ctx.identity, 'read', 'PartnerPerformance');
    return withConvert(await partnerPerformance(ctx, partner.id, period), convert);
  }
}
