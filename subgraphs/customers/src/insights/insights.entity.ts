import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
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
}
