import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CampaignInfluenceModel } from '@sales-graph/shared/campaign-influence';
import { AppliedRate } from '@sales-graph/shared/graphql/convert';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

export { CampaignInfluenceModel };

/** One campaign's credit for one deal under one model. */
@ObjectType({ description: "A campaign's credit for a deal under an influence model (internal roles)." })
export class DealCampaignCredit {
  @Field(() => ID, { description: 'The campaign credited.' })
  campaignId: string;

  @Field(() => DecimalScalar, {
    description: "The campaign's exact share of the deal amount, in `currency` (the deal's).",
  })
  amount: string;

  @Field(() => String, { description: "ISO 4217 code of the amount (the deal's currency)." })
  currency: string;

  @Field(() => Date, { description: "The campaign's first touch of the deal's lead or contacts." })
  firstTouchAt: Date;

  @Field(() => Date, { description: "The campaign's last touch before the deal closed." })
  lastTouchAt: Date;
}

/** What the deals credited to a campaign add up to, in one currency. */
@ObjectType({
  description:
    'Influence of a campaign in one currency: the credited amounts of the deals it touched, open and won, and how many deals.',
})
export class CampaignInfluenceTotal {
  @Field(() => String, { description: 'ISO 4217 code of the amounts.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Credited amount of the open deals (pipeline).' })
  pipeline: string;

  @Field(() => DecimalScalar, { description: 'Credited amount of the CLOSED_WON deals (won revenue).' })
  wonRevenue: string;

  @Field(() => DecimalScalar, { description: 'Credited amount of the CLOSED_LOST deals.' })
  lostAmount: string;

  @Field(() => Int, { description: 'Deals credited (open, won and lost).' })
  deals: number;

  @Field(() => Int, { description: 'Open deals credited.' })
  openDeals: number;

  @Field(() => Int, { description: 'CLOSED_WON deals credited.' })
  wonDeals: number;

  @Field(() => Int, { description: 'CLOSED_LOST deals credited.' })
  lostDeals: number;
}

/** One campaign and currency of the `campaignInfluence` aggregate. */
@ObjectType({ description: 'Influence of one campaign in one currency (a row of `campaignInfluence`).' })
export class CampaignInfluenceRow extends CampaignInfluenceTotal {
  @Field(() => ID, { description: 'The campaign.' })
  campaignId: string;
}

/** The `campaignInfluence` aggregate: per campaign and currency, and per currency over all. */
@ObjectType({
  description: 'Campaign influence over the deals matching a filter, per campaign and currency.',
})
export class CampaignInfluence {
  @Field(() => CampaignInfluenceModel, { description: 'The model the credits follow.' })
  model: CampaignInfluenceModel;

  @Field(() => [CampaignInfluenceRow], {
    description: 'Per campaign and currency, by campaign id then currency.',
  })
  rows: CampaignInfluenceRow[];

  @Field(() => [CampaignInfluenceTotal], {
    description:
      'Per currency over all campaigns: the credits of each deal add up to its amount, so these are the amounts of the deals any campaign touched.',
  })
  totals: CampaignInfluenceTotal[];

  /** Set when `convert` is asked (see `converted`). */
  converted?: CampaignInfluenceConverted;
}

@ObjectType({
  description:
    'Campaign influence with every currency converted into one at the rates of one date: each amount the exact sum of the converted per-currency amounts, rounded half to even once.',
})
export class CampaignInfluenceConverted {
  @Field(() => String, { description: 'The currency converted into (the `currency` of every row).' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => [CampaignInfluenceRow], {
    description: 'Per campaign (currencies merged), by campaign id.',
  })
  rows: CampaignInfluenceRow[];

  @Field(() => [CampaignInfluenceTotal], {
    description: 'One row over every campaign (empty when no deal was credited).',
  })
  totals: CampaignInfluenceTotal[];

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}

@ObjectType({
  description: "A deal's campaign credits converted into one currency at the rates of one date.",
})
export class DealCampaignCreditsConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => [DealCampaignCredit], {
    description: 'The credits in first-touch order, each converted and rounded half to even once.',
  })
  credits: DealCampaignCredit[];

  @Field(() => [AppliedRate], { description: 'The rates used (the deal currency’s).' })
  rates: AppliedRate[];
}

/** A campaign's influence as the PRM asks for it (the return of an MDF request). */
@ObjectType({
  description: "A campaign's influence totals, per currency (SERVICE only: the PRM's MDF return).",
})
export class CampaignReturnTotals {
  @Field(() => ID, { description: 'The campaign.' })
  campaignId: string;

  @Field(() => [CampaignInfluenceTotal], { description: 'Per currency.' })
  totals: CampaignInfluenceTotal[];
}
