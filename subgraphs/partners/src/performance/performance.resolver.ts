import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners';
import { PartnerPerformance } from './performance.entity';
import { PeriodInput } from './performance.input';
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
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerPerformance> {
    authorize(ctx.identity, 'read', 'PartnerPerformance');
    return partnerPerformance(ctx, partner.id, period);
  }
}
