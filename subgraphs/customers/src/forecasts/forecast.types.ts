import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { AppliedRate, ConvertInput } from '../exchange-rates';
import { ForecastCategory } from '../pipelines';
import { ForecastPeriodInput } from './quota.input';

@InputType({
  description:
    'Whose forecast and for when: a user (userId), a team (teamId) or, with neither, the whole company; optionally converted into one currency at a date.',
})
export class ForecastInput {
  @Field(() => ID, { nullable: true, description: 'A user (`User.id`): the deals they own.' })
  userId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A team: the deals its members own now, with a row per member (`members`).',
  })
  teamId?: string | null;

  @Field(() => ForecastPeriodInput, {
    description: 'The period: open deals by expected close date, won and lost deals by closed date (UTC).',
  })
  period: ForecastPeriodInput;

  @Field(() => ConvertInput, {
    nullable: true,
    description:
      'Also answer `converted`: every figure in one currency at the rates of a date (README "Money across currencies").',
  })
  convert?: ConvertInput | null;
}

@ObjectType({ description: 'The deals of one forecast category in one currency.' })
export class ForecastCategoryFigures {
  @Field(() => ForecastCategory, { description: "The forecast category of the deals' stages now." })
  category: ForecastCategory;

  @Field(() => Int, { description: 'Deals in the category.' })
  dealCount: number;

  @Field(() => DecimalScalar, { description: 'Sum of their amounts.' })
  amount: string;

  @Field(() => DecimalScalar, {
    description:
      "Sum of amount × the stage's win probability, exact, rounded half to even to cents once (for the category and currency).",
  })
  weightedAmount: string;
}

@ObjectType({
  description:
    'Forecast figures in one currency: per forecast category, what is won and lost, the open pipeline, and the quota with attainment, gap and coverage.',
})
export class ForecastFigures {
  @Field(() => String, { description: 'ISO 4217 currency of every money figure here.' })
  currency: string;

  @Field(() => [ForecastCategoryFigures], {
    description:
      'One entry per forecast category (PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED), zeros included.',
  })
  categories: ForecastCategoryFigures[];

  @Field(() => Int, { description: 'Deals counted in the period (open, won and lost).' })
  dealCount: number;

  @Field(() => Int, { description: 'Open deals that count as pipeline (every open deal not OMITTED).' })
  openDealCount: number;

  @Field(() => DecimalScalar, { description: 'Their amounts: the open pipeline.' })
  openAmount: string;

  @Field(() => DecimalScalar, {
    description: 'The open pipeline weighted by stage probability (rounded once).',
  })
  openWeightedAmount: string;

  @Field(() => Int, { description: 'Deals closed won in the period.' })
  wonCount: number;

  @Field(() => DecimalScalar, { description: 'Their amounts: closed won.' })
  wonAmount: string;

  @Field(() => Int, { description: 'Deals closed lost in the period.' })
  lostCount: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "The sum of the subject's quotas that lie within the period; null without one.",
  })
  quota: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'wonAmount / quota (4 decimals); null without a quota or for 0.',
  })
  attainment: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'quota − wonAmount (negative: over quota).' })
  gap: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'openAmount / gap (4 decimals): pipeline coverage of what is left to win; null once the quota is met.',
  })
  coverage: number | null;
}

@ObjectType({ description: "One member of a team's forecast: the deals they own." })
export class ForecastMember {
  @Field(() => ID, { description: 'The member (`User.id`).' })
  userId: string;

  /** The member's sub (what deals' ownerId holds). */
  sub: string;

  @Field(() => [ForecastFigures], { description: 'Per currency (deals and quotas).' })
  figures: ForecastFigures[];

  @Field(() => ForecastFigures, {
    nullable: true,
    description: 'In the converted currency; null unless `convert` was asked.',
  })
  converted: ForecastFigures | null;
}

@ObjectType({ description: 'The forecast in one currency at the rates of one date.' })
export class ForecastConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => ForecastFigures, {
    description: 'Every currency converted and added exactly, each money figure rounded half to even once.',
  })
  figures: ForecastFigures;

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}

@ObjectType({
  description:
    "A forecast for a user, a team or the company over a period: per currency always, converted when asked. Roles: ADMIN, ANALYST; SALES its own and its team's.",
})
export class Forecast {
  @Field(() => LocalDateScalar, { description: 'First day of the period.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the period (inclusive).' })
  to: string;

  @Field(() => ID, { nullable: true, description: 'The user forecast, if one.' })
  userId: string | null;

  @Field(() => ID, { nullable: true, description: 'The team forecast, if one.' })
  teamId: string | null;

  @Field(() => [ForecastFigures], { description: 'Per currency, in currency order.' })
  figures: ForecastFigures[];

  @Field(() => [ForecastMember], {
    description: "A team's forecast: one row per current member (by name order of their id); else empty.",
  })
  members: ForecastMember[];

  @Field(() => ForecastConverted, { nullable: true, description: 'Null unless `convert` was asked.' })
  converted: ForecastConverted | null;
}
