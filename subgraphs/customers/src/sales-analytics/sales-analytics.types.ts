import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ForecastCategory } from '../pipelines';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DealStage } from '../deals';
import { PartnerStub, SalesChannel } from '../partner-deals';

export enum SalesDimension {
  STAGE = 'STAGE',
  CHANNEL = 'CHANNEL',
  PARTNER = 'PARTNER',
  PARTNER_TIER = 'PARTNER_TIER',
  OWNER = 'OWNER',
  REGION = 'REGION',
  INDUSTRY = 'INDUSTRY',
  CURRENCY = 'CURRENCY',
  TIME_BUCKET = 'TIME_BUCKET',
  TEAM = 'TEAM',
  PIPELINE = 'PIPELINE',
  PIPELINE_STAGE = 'PIPELINE_STAGE',
  FORECAST_CATEGORY = 'FORECAST_CATEGORY',
}
registerEnumType(SalesDimension, {
  name: 'SalesDimension',
  description: 'What `salesAnalytics` can group deals by. Every row is also per currency.',
  valuesConfig: {
    STAGE: { description: "The deal's pipeline stage (`stage`)." },
    CHANNEL: { description: 'DIRECT, PARTNER_SOURCED or PARTNER_INFLUENCED (`channel`).' },
    PARTNER: {
      description:
        'The partner of record (`partner`): the sourcing partner, for an influenced deal the referring (else assigned) partner; null for direct deals.',
    },
    PARTNER_TIER: { description: "The partner of record's tier now (`partnerTier`), from the PRM." },
    OWNER: { description: 'The deal owner (`ownerId`; internal roles only).' },
    REGION: { description: "The customer's sales region (`region`; internal roles only)." },
    INDUSTRY: { description: "The customer's industry (`industry`; internal roles only)." },
    CURRENCY: { description: 'The currency (`currency`): every row has it whether asked or not.' },
    TIME_BUCKET: { description: 'The period of `timeBucket` (`periodStart`); needs `timeBucket`.' },
    TEAM: { description: "The deal owner's team now (`teamId`, `team`; internal roles only)." },
    PIPELINE: { description: "The deal's configured pipeline (`pipelineId`)." },
    PIPELINE_STAGE: { description: "The deal's configured stage (`pipelineStageId`)." },
    FORECAST_CATEGORY: {
      description: "The forecast category of the deal's stage now (`forecastCategory`; internal roles only).",
    },
  },
});

export enum SalesDateField {
  CREATED = 'CREATED',
  EXPECTED_CLOSE = 'EXPECTED_CLOSE',
  CLOSED = 'CLOSED',
}
registerEnumType(SalesDateField, {
  name: 'SalesDateField',
  description: 'The date of a deal a time bucket is taken from (UTC).',
  valuesConfig: {
    CREATED: { description: 'When the deal was created.' },
    EXPECTED_CLOSE: { description: 'Its expected close date (null bucket without one).' },
    CLOSED: { description: 'When it was closed won or lost (null bucket while open).' },
  },
});

export enum SalesTimeUnit {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(SalesTimeUnit, {
  name: 'SalesTimeUnit',
  description: 'The length of a time bucket (calendar, UTC).',
  valuesConfig: {
    WEEK: { description: 'ISO weeks, starting on Monday.' },
    MONTH: { description: 'Calendar months.' },
    QUARTER: { description: 'Calendar quarters.' },
  },
});

@InputType({ description: 'Which date of a deal the TIME_BUCKET dimension buckets, and by how long.' })
export class SalesTimeBucketInput {
  @Field(() => SalesDateField, { description: 'The date bucketed.' })
  field: SalesDateField;

  @Field(() => SalesTimeUnit, { description: 'The bucket length.' })
  unit: SalesTimeUnit;
}

@ObjectType({
  description:
    "One group of deals: its keys (null for a dimension not grouped by, or a deal without the value: see the answer's `groupedBy`) and its measures, in one currency. Money is exact and never added across currencies.",
})
export class SalesAnalyticsRow {
  @Field(() => String, { description: 'ISO 4217 currency of every money measure of the row.' })
  currency: string;

  @Field(() => DealStage, { nullable: true, description: 'Key STAGE.' })
  stage: DealStage | null;

  @Field(() => SalesChannel, { nullable: true, description: 'Key CHANNEL.' })
  channel: SalesChannel | null;

  @Field(() => PartnerStub, {
    nullable: true,
    description:
      'Key PARTNER: the partner of record (resolved by the partners subgraph); null for direct deals.',
  })
  partner: PartnerStub | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Key PARTNER_TIER: REGISTERED, SILVER, GOLD or PLATINUM (the partner's tier now); null for direct deals and a deleted partner's.",
  })
  partnerTier: string | null;

  @Field(() => String, { nullable: true, description: 'Key OWNER: user id of the deal owner.' })
  ownerId: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Key TEAM: id of the deal owner's team (null for an owner in no team).",
  })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: "Key REGION: the customer's sales region." })
  region: string | null;

  @Field(() => String, { nullable: true, description: "Key INDUSTRY: the customer's industry." })
  industry: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Key TIME_BUCKET: the first day of the period (a Monday for weeks).',
  })
  periodStart: string | null;

  @Field(() => ID, { nullable: true, description: "Key PIPELINE: the pipeline's id." })
  pipelineId: string | null;

  @Field(() => ID, { nullable: true, description: "Key PIPELINE_STAGE: the configured stage's id." })
  pipelineStageId: string | null;

  @Field(() => ForecastCategory, { nullable: true, description: 'Key FORECAST_CATEGORY.' })
  forecastCategory: ForecastCategory | null;

  @Field(() => Int, { description: 'Deals in the group.' })
  dealCount: number;

  @Field(() => DecimalScalar, { description: 'Sum of their amounts.' })
  amount: string;

  @Field(() => DecimalScalar, {
    description:
      "Sum of amount × the configured stage's win probability (Deal.probability), exact, rounded half to even to cents once per row.",
  })
  weightedAmount: string;

  @Field(() => DecimalScalar, { description: 'Sum of the amounts of the CLOSED_WON deals.' })
  wonAmount: string;

  @Field(() => Int, { description: 'CLOSED_WON deals.' })
  wonCount: number;

  @Field(() => Int, { description: 'CLOSED_LOST deals.' })
  lostCount: number;

  @Field(() => Float, {
    nullable: true,
    description: 'wonCount / (wonCount + lostCount); null before any closed.',
  })
  winRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average days from creation to close of the CLOSED_WON deals; null without one.',
  })
  averageCycleDays: number | null;

  @Field(() => DecimalScalar, {
    description: 'amount / dealCount, rounded half to even to cents.',
  })
  averageDealSize: string;
}

@ObjectType({ description: 'Deal measures grouped by the dimensions asked, per currency.' })
export class SalesAnalytics {
  @Field(() => [SalesDimension], {
    description: 'The dimensions of the rows (CURRENCY always among them), in the order asked.',
  })
  groupedBy: SalesDimension[];

  @Field(() => [SalesAnalyticsRow], {
    description: 'One row per group and currency with at least one deal, ordered by the keys.',
  })
  rows: SalesAnalyticsRow[];

  @Field(() => [SalesAnalyticsRow], {
    description: 'One row per currency over every deal matched (no key but `currency`): the grand totals.',
  })
  totals: SalesAnalyticsRow[];

  /** Set by the service when `convert` is asked (its type lives in sales-analytics.convert.ts). */
  converted?: unknown;
}
