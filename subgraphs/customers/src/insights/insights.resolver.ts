import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { authorize, can } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { Customer } from '../customers';
import { ConvertInput } from '../exchange-rates';
import { partnerStub, PartnerStub } from '../partner-deals';
import {
  ChannelInsights,
  CurrencyInsights,
  CustomerInsights,
  CustomerInsightsConverted,
} from './insights.entity';
import {
  channelFigures,
  convertedInsights,
  currencyInsights,
  engagementScore,
  openTicketCount,
  pipelineFigures,
  purchaseFigures,
} from './insights.service';

@Resolver(() => CustomerInsights)
export class CustomerInsightsResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The customer's primary currency, that of the money figures: the currency of most of its orders " +
      'not cancelled, then of most of its deals, then the first code alphabetically; null without either.',
  })
  async currency(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<string | null> {
    // The currency of the order figures and of the pipeline: whoever reads either may read it.
    if (!can(ctx.identity, 'read', 'Deal')) authorize(ctx.identity, 'read', 'Order');
    return (await purchaseFigures(ctx).load(insights.customerId)).currency;
  }

  @FieldResolver(() => [CurrencyInsights], {
    description: 'The money figures per currency with orders or open deals, by currency code.',
  })
  async byCurrency(
    @Root() insights: CustomerInsights,
    @Ctx() ctx: RequestContext,
  ): Promise<CurrencyInsights[]> {
    authorize(ctx.identity, 'read', 'Order');
    authorize(ctx.identity, 'read', 'Deal');
    return currencyInsights(ctx, insights.customerId);
  }

  @FieldResolver(() => CustomerInsightsConverted, {
    nullable: true,
    description:
      'The money figures of every currency converted into one at the rates of a date, with the rates used; null unless `insights(convert:)` was asked (README "Money across currencies").',
  })
  async converted(
    @Root() insights: CustomerInsights,
    @Ctx() ctx: RequestContext,
  ): Promise<CustomerInsightsConverted | null> {
    authorize(ctx.identity, 'read', 'Order');
    authorize(ctx.identity, 'read', 'Deal');
    if (!insights.convert) return null;
    authorize(ctx.identity, 'read', 'ExchangeRate');
    return convertedInsights(ctx, insights.customerId, insights.convert);
  }

  @FieldResolver(() => DecimalScalar, {
    description: 'Sum of the totals of the orders not cancelled, in the primary currency.',
  })
  async lifetimeValue(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<string> {
    authorize(ctx.identity, 'read', 'Order');
    return (await purchaseFigures(ctx).load(insights.customerId)).lifetimeValue;
  }

  @FieldResolver(() => Int, { description: 'Orders not cancelled, all currencies.' })
  async orderCount(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<number> {
    authorize(ctx.identity, 'read', 'Order');
    return (await purchaseFigures(ctx).load(insights.customerId)).orderCount;
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description: 'Lifetime value / order count in the primary currency, rounded to cents.',
  })
  async averageOrderValue(
    @Root() insights: CustomerInsights,
    @Ctx() ctx: RequestContext,
  ): Promise<string | null> {
    authorize(ctx.identity, 'read', 'Order');
    return (await purchaseFigures(ctx).load(insights.customerId)).averageOrderValue;
  }

  @FieldResolver(() => Date, {
    description: 'When the customer last placed an order; null if never.',
    nullable: true,
  })
  async lastPurchaseAt(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<Date | null> {
    authorize(ctx.identity, 'read', 'Order');
    return (await purchaseFigures(ctx).load(insights.customerId)).lastPurchaseAt;
  }

  @FieldResolver(() => DecimalScalar, {
    description: 'Sum of the amounts of deals not yet closed, in the primary currency.',
  })
  async openPipelineAmount(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<string> {
    authorize(ctx.identity, 'read', 'Deal');
    return (await pipelineFigures(ctx).load(insights.customerId)).openPipelineAmount;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Won / (won + lost) deals; null before any deal closed.',
  })
  async winRate(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<number | null> {
    authorize(ctx.identity, 'read', 'Deal');
    return (await pipelineFigures(ctx).load(insights.customerId)).winRate;
  }

  @FieldResolver(() => [ChannelInsights], {
    description:
      "The customer's pipeline and won revenue split by sales channel (direct, partner-sourced, partner-influenced), one entry per channel and currency with deals, by channel then currency.",
  })
  async byChannel(
    @Root() insights: CustomerInsights,
    @Ctx() ctx: RequestContext,
  ): Promise<ChannelInsights[]> {
    authorize(ctx.identity, 'read', 'Deal');
    return (await channelFigures(ctx).load(insights.customerId)).byChannel;
  }

  // Nullable: the partners subgraph answers the rest of each partner (README, Partial answers).
  @FieldResolver(() => [PartnerStub], {
    nullable: 'itemsAndList',
    description:
      "The partners of record of the customer's deals (the sourcing partner, or for an influenced deal the referring, else assigned, partner), by id; the partners subgraph answers their names.",
  })
  async partnersOfRecord(
    @Root() insights: CustomerInsights,
    @Ctx() ctx: RequestContext,
  ): Promise<PartnerStub[]> {
    authorize(ctx.identity, 'read', 'Deal');
    return (await channelFigures(ctx).load(insights.customerId)).partnerIds.map(partnerStub);
  }

  @FieldResolver(() => Int, { description: 'Tickets OPEN or PENDING.' })
  async openTickets(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<number> {
    authorize(ctx.identity, 'read', 'Ticket');
    return openTicketCount(ctx).load(insights.customerId);
  }

  @FieldResolver(() => Int, {
    description:
      'Engagement over the last 90 days, 0 to 100: meetings 15, calls 8, emails 4, completed tasks 4, notes 2 ' +
      'points each, at full weight within 30 days, 60% within 60 and 30% within 90.',
  })
  async engagementScore(@Root() insights: CustomerInsights, @Ctx() ctx: RequestContext): Promise<number> {
    authorize(ctx.identity, 'read', 'Activity');
    return engagementScore(ctx).load(insights.customerId);
  }
}

@Resolver(() => Customer)
export class CustomerInsightsFieldResolver {
  @FieldResolver(() => CustomerInsights, {
    description: 'Figures about the customer: revenue, open pipeline, last purchase (internal roles only).',
  })
  insights(
    @Root() customer: Customer,
    @Arg('convert', () => ConvertInput, {
      nullable: true,
      description:
        'Also answer `converted`: the money figures in one currency at the rates of a date (README "Money across currencies"). A missing rate is BAD_USER_INPUT naming the currency and date.',
    })
    convert: ConvertInput | undefined,
    @Ctx() ctx: RequestContext,
  ): CustomerInsights {
    authorize(ctx.identity, 'read', 'Customer');
    return Object.assign(new CustomerInsights(), {
      customerId: customer.id,
      convert: convert ? { currency: convert.currency, at: convert.at } : undefined,
    });
  }
}
