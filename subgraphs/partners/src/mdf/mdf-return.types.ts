import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CampaignInfluenceModel } from '@sales-graph/shared/campaign-influence';
import { AppliedRate } from '@sales-graph/shared/graphql/convert';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

/** The influence of an MDF request's campaign in one currency: totals only, never the deals. */
@ObjectType({
  description:
    "Pipeline and won revenue credited to an MDF request's campaign in one currency (totals only; the deals behind them are not shown).",
})
export class MdfCampaignReturnTotal {
  @Field(() => String, { description: 'ISO 4217 code of the amounts.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Credited amount of the open deals the campaign touched.' })
  pipeline: string;

  @Field(() => DecimalScalar, { description: 'Credited amount of the won deals the campaign touched.' })
  wonRevenue: string;

  @Field(() => Int, { description: 'Deals credited.' })
  deals: number;

  @Field(() => Int, { description: 'Open deals credited.' })
  openDeals: number;

  @Field(() => Int, { description: 'Won deals credited.' })
  wonDeals: number;
}

/** The return on an MDF request's spend, in the request's currency. */
@ObjectType({
  description:
    "Won revenue of the funded campaign per unit of the request's spend, in the request's currency (exact, 4 places, half to even).",
})
export class MdfReturnOnSpend {
  @Field(() => String, { description: "ISO 4217 code (the request's currency)." })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Won revenue credited to the campaign in this currency.' })
  wonRevenue: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'The approved amount; null until approved.' })
  approved: string | null;

  @Field(() => DecimalScalar, { description: 'Sum of the submitted and paid claims.' })
  claimed: string;

  @Field(() => String, {
    nullable: true,
    description:
      'wonRevenue / approved as an exact decimal with 4 places (half to even); null until approved.',
  })
  onApproved: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'wonRevenue / claimed as an exact decimal with 4 places (half to even); null while nothing is claimed.',
  })
  onClaimed: string | null;
}

/** What the campaign an MDF request funded brought in, under one influence model. */
@ObjectType({ description: 'What the campaign an MDF request funded brought in (from the CRM).' })
export class MdfCampaignReturn {
  @Field(() => ID, { description: 'The CRM campaign.' })
  campaignId: string;

  @Field(() => CampaignInfluenceModel, { description: 'The influence model of the figures.' })
  model: CampaignInfluenceModel;

  @Field(() => [MdfCampaignReturnTotal], { description: 'Per currency.' })
  totals: MdfCampaignReturnTotal[];

  @Field(() => MdfReturnOnSpend, { description: "The return on the request's spend, in its currency." })
  returnOnSpend: MdfReturnOnSpend;

  /** `campaignReturn(convert:)`: what `converted` converts into. */
  convert?: { currency: string; at: string };
}

@ObjectType({
  description:
    "An MDF request's campaign return with every currency converted into one at the rates of one date (exact sums, rounded half to even once).",
})
export class MdfCampaignReturnConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => [MdfCampaignReturnTotal], {
    description: 'One row: the totals of every currency merged (empty when no deal was credited).',
  })
  totals: MdfCampaignReturnTotal[];

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}
