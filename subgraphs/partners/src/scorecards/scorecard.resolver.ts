import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Ctx, FieldResolver, Float, Info, Int, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners';
import { convertArg, PeriodInput, type ConvertInput } from '../performance';
import { scorecardWithConvert, type ScorecardAnswer } from './scorecard.convert';
import { CurrencyAmount, PartnerScorecard } from './scorecard.entity';
import { partnerScorecard, scorecardRevenue, scorecardSales } from './scorecard.service';

@Resolver(() => Partner)
export class PartnerScorecardResolver {
  @FieldResolver(() => PartnerScorecard, {
    description:
      'Revenue, win rate, lead acceptance, response time, certifications and engagement in a period (default: the trailing 12 months); a partner user: its own only.',
  })
  async scorecard(
    @Root() partner: Partner,
    @Arg('period', () => PeriodInput, {
      description: 'The period; the current quarter when omitted.',
      nullable: true,
    })
    period: PeriodInput | null,
    @convertArg() convert: ConvertInput | undefined,
    @Ctx() ctx: PartnersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ScorecardAnswer> {
    authorize(ctx.identity, 'read', 'PartnerPerformance');
    return scorecardWithConvert(await partnerScorecard(ctx, partner.id, period, asksForSales(info)), convert);
  }
}

const SALES_FIELDS = new Set(['revenue', 'dealsWon', 'dealsLost', 'winRate', 'converted']);

/** Whether the scorecard's selection (fragments included) names a sales field. */
function asksForSales(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === 'Field') return SALES_FIELDS.has(selection.name.value);
      if (selection.kind === 'InlineFragment') return walk(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      return walk(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet));
}

/**
 * The sales side of a scorecard, from the sums the CRM computes (one CRM call per request):
 * nullable, since the CRM can be down while the PRM answers the rest (README, Partial answers).
 */
@Resolver(() => PartnerScorecard)
export class PartnerScorecardSalesResolver {
  @FieldResolver(() => [CurrencyAmount], {
    nullable: true,
    description: 'Partner-sourced deals won in the period, per currency (by currency code).',
  })
  async revenue(@Root() card: PartnerScorecard, @Ctx() ctx: PartnersContext): Promise<CurrencyAmount[]> {
    return scorecardRevenue(ctx, card);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Partner-sourced deals won in the period.' })
  async dealsWon(@Root() card: PartnerScorecard, @Ctx() ctx: PartnersContext): Promise<number> {
    return (await scorecardSales(ctx, card)).dealsWon;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Partner-sourced deals lost in the period.' })
  async dealsLost(@Root() card: PartnerScorecard, @Ctx() ctx: PartnersContext): Promise<number> {
    return (await scorecardSales(ctx, card)).dealsLost;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'won / (won + lost) over sourced deals closed in the period, 4 decimals; null when none closed.',
  })
  async winRate(@Root() card: PartnerScorecard, @Ctx() ctx: PartnersContext): Promise<number | null> {
    return (await scorecardSales(ctx, card)).winRate;
  }
}
