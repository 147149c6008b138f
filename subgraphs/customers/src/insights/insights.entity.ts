import { Field, Int, ObjectType } from 'type-graphql';
import { AppliedRate } from '@sales-graph/shared/graphql/convert';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { SalesChannel } from '../partner-deals';

@ObjectType({ description: "A customer's figures in one currency (amounts are never converted)." })
export class CurrencyInsights {
  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => DecimalScalar, {
    description: 'Sum of the totals of the orders in this currency not cancelled.',
  })
  lifetimeValue: string;

  @Field(() => Int, { description: 'Orders in this currency not cancelled.' })
  orderCount: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Lifetime value / order count in this currency, rounded to cents; null without orders.',
  })
  averageOrderValue: string | null;

  @Field(() => DecimalScalar, {
    description: 'Sum of the amounts of the deals in this currency not yet closed.',
  })
  openPipelineAmount: string;
}

@ObjectType({
  description:
    "A customer's deals in one sales channel and one currency (amounts are never converted): who sourced what.",
})
export class ChannelInsights {
  @Field(() => SalesChannel, { description: 'DIRECT, PARTNER_SOURCED or PARTNER_INFLUENCED.' })
  channel: SalesChannel;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => Int, { description: 'Deals of the channel in this currency, open or closed.' })
  dealCount: number;

  @Field(() => DecimalScalar, { description: 'Sum of the amounts of those deals not yet closed.' })
  openPipelineAmount: string;

  @Field(() => DecimalScalar, { description: 'Sum of the amounts of those deals CLOSED_WON.' })
  wonRevenue: string;
}

/** Figures about one customer, each computed in SQL for every customer of the request at once. */
@ObjectType({
  description:
    "Money amounts are in the customer's primary currency (`currency`) and never added across " +
    'currencies; `byCurrency` has every currency. Counts, dates and the win rate cover all currencies.',
})
export class CustomerInsights {
  customerId: string;
  /** `Customer.insights(convert:)`: what `converted` answers in (absent: null). */
  convert?: { currency: string; at: string };
}

@ObjectType({
  description: "A customer's deals of one sales channel, every currency converted into one.",
})
export class ConvertedChannelInsights {
  @Field(() => SalesChannel, { description: 'DIRECT, PARTNER_SOURCED or PARTNER_INFLUENCED.' })
  channel: SalesChannel;

  @Field(() => Int, { description: 'Deals of the channel, open or closed, all currencies.' })
  dealCount: number;

  @Field(() => DecimalScalar, { description: 'Open pipeline of the channel, converted.' })
  openPipelineAmount: string;

  @Field(() => DecimalScalar, { description: 'Won revenue of the channel, converted.' })
  wonRevenue: string;
}

@ObjectType({
  description:
    "A customer's money figures with every currency converted into one at the rates of one date: each the exact sum of the converted per-currency figures, rounded half to even once.",
})
export class CustomerInsightsConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => DecimalScalar, { description: 'Orders not cancelled, every currency, converted.' })
  lifetimeValue: string;

  @Field(() => Int, { description: 'Orders not cancelled, all currencies.' })
  orderCount: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The converted lifetime value / order count, half to even; null without orders.',
  })
  averageOrderValue: string | null;

  @Field(() => DecimalScalar, { description: 'Deals not yet closed, every currency, converted.' })
  openPipelineAmount: string;

  @Field(() => [ConvertedChannelInsights], {
    description: 'Per sales channel with deals (currencies merged), by channel.',
  })
  byChannel: ConvertedChannelInsights[];

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}
