import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

@ObjectType({ description: "A partner's figures in one currency (amounts are never converted)." })
export class CurrencyPerformance {
  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Open partner-sourced deals created in the period.' })
  sourcedPipeline: string;

  @Field(() => DecimalScalar, {
    description: 'Open deals created in the period from leads the partner was assigned or referred.',
  })
  influencedPipeline: string;

  @Field(() => DecimalScalar, { description: 'Partner-sourced deals won in the period.' })
  wonRevenue: string;

  @Field(() => DecimalScalar, { description: 'Partner-influenced deals won in the period.' })
  influencedWonRevenue: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Won revenue / deals won, rounded half-even to cents; null when none won.',
  })
  averageDealSize: string | null;

  @Field(() => Int, { description: 'Sourced deals closed won in the period.' })
  dealsWon: number;

  @Field(() => Int, { description: 'Sourced deals closed lost in the period.' })
  dealsLost: number;

  @Field(() => Float, {
    nullable: true,
    description: 'won / (won + lost), 4 decimals; null when none closed.',
  })
  winRate: number | null;
}

@ObjectType({ description: "A partner's sales in a period, taken from the CRM deals themselves." })
export class PartnerPerformance {
  @Field(() => LocalDateScalar, { description: 'First day of the period.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the period.' })
  to: string;

  @Field(() => Int, { description: 'Partner-sourced deals won in the period, all currencies.' })
  dealsWon: number;

  @Field(() => Int, { description: 'Partner-sourced deals lost in the period, all currencies.' })
  dealsLost: number;

  @Field(() => Float, {
    nullable: true,
    description: 'won / (won + lost) over all currencies; null when none closed.',
  })
  winRate: number | null;

  @Field(() => [CurrencyPerformance], { description: 'The money figures per currency, by currency code.' })
  byCurrency: CurrencyPerformance[];
}
