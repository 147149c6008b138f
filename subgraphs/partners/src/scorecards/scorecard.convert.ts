import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { AppliedRate } from '@sales-graph/shared/graphql/convert';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import type { PartnersContext } from '../context.type';
import { prmConverter } from '../crm';
import type { ConvertInput } from '../performance';
import { PartnerScorecard } from './scorecard.entity';
import { scorecardRevenue } from './scorecard.service';

/**
 * `Partner.scorecard(convert:)`: a layer over the per-currency revenue, however it is fetched: it
 * converts `revenue` at the CRM's rates of a date.
 */

@ObjectType({
  description:
    "A scorecard's revenue with every currency converted into one at the rates of one date (the exact sum, rounded half to even once).",
})
export class PartnerScorecardConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => DecimalScalar, { description: 'Partner-sourced deals won in the period, converted.' })
  revenue: string;

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}

/** What `Partner.scorecard` answers with `convert` asked. */
export type ScorecardAnswer = PartnerScorecard & { convert?: { currency: string; at: string } };

/** The scorecard with what `converted` converts into (a copy: the loader shares its objects). */
export const scorecardWithConvert = (
  card: PartnerScorecard,
  convert: ConvertInput | undefined,
): ScorecardAnswer => (convert ? { ...card, convert: { currency: convert.currency, at: convert.at } } : card);

/** The scorecard's per-currency revenue converted (rates batched per request). */
export async function convertScorecard(
  ctx: PartnersContext,
  card: PartnerScorecard,
  convert: { currency: string; at: string },
): Promise<PartnerScorecardConverted> {
  const revenue = await scorecardRevenue(ctx, card);
  const using = await prmConverter(
    ctx,
    convert,
    revenue.map((row) => row.currency),
  );
  return Object.assign(new PartnerScorecardConverted(), {
    currency: using.currency,
    at: using.at,
    revenue: using.sum(revenue),
    rates: using.used(),
  });
}

@Resolver(() => PartnerScorecard)
export class PartnerScorecardConvertedResolver {
  // Nullable: the CRM can be down while the PRM answers the rest (README, Partial answers).
  @FieldResolver(() => PartnerScorecardConverted, {
    nullable: true,
    description:
      'The revenue converted into one currency at the rates of a date, with the rates used; null unless `scorecard(convert:)` was asked (README "Money across currencies").',
  })
  async converted(
    @Root() card: ScorecardAnswer,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerScorecardConverted | null> {
    if (!card.convert) return null;
    return convertScorecard(ctx, card, card.convert);
  }
}
