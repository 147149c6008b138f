import { Arg, Args, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import {
  CORPORATE_CURRENCY,
  ExchangeRate,
  ExchangeRateConnection,
  ExchangeRateOn,
} from './exchange-rate.entity';
import { ExchangeRateFilter, ExchangeRateOrder } from './exchange-rate.filter';
import { ExchangeRateInput, ExchangeRatePairInput } from './exchange-rate.input';
import {
  exchangeRatesOn,
  importExchangeRates,
  listExchangeRates,
  MAX_RATE_PAIRS,
  setExchangeRate,
} from './exchange-rate.service';

@Resolver(() => ExchangeRate)
export class ExchangeRateResolver {
  @Query(() => String, {
    description:
      'The corporate currency every exchange rate is quoted against. Roles: ADMIN, ANALYST, SALES, MARKETING, CHANNEL_MANAGER, PARTNER.',
  })
  corporateCurrency(@Ctx() ctx: RequestContext): string {
    authorize(ctx.identity, 'read', 'ExchangeRate');
    return CORPORATE_CURRENCY;
  }

  @Query(() => ExchangeRateConnection, {
    description:
      'Exchange rates to the corporate currency, in entry order unless `orderBy` says otherwise. Roles: ADMIN, ANALYST, SALES, MARKETING, CHANNEL_MANAGER, PARTNER.',
  })
  async exchangeRates(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ExchangeRateFilter, {
      nullable: true,
      description: 'Only rates meeting these conditions.',
    })
    filter: ExchangeRateFilter | undefined,
    @Arg('orderBy', () => ExchangeRateOrder, {
      nullable: true,
      description: 'The order; entry order when omitted.',
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Source contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<ExchangeRate>> {
    authorize(ctx.identity, 'read', 'ExchangeRate');
    return listExchangeRates(ctx, args, { filter, orderBy, search });
  }

  @Directive('@inaccessible')
  @Query(() => [ExchangeRateOn], {
    description:
      "The rate of each (currency, date) pair, the latest effective on or before the date, in the order asked, in one statement: the PRM's conversions. Roles: SERVICE only (one subgraph calling another).",
  })
  async exchangeRatesOn(
    @Arg('pairs', () => [ExchangeRatePairInput], { description: `The pairs (at most ${MAX_RATE_PAIRS}).` })
    pairs: ExchangeRatePairInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ExchangeRateOn[]> {
    authorize(ctx.identity, 'read', 'ExchangeRateLookup');
    return exchangeRatesOn(ctx, pairs);
  }

  @Mutation(() => ExchangeRate, {
    description:
      'Enters one dated rate (replacing the rate of that currency and date, audited). Roles: ADMIN.',
  })
  async setExchangeRate(
    @Arg('input', () => ExchangeRateInput, { description: 'The rate.' }) input: ExchangeRateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ExchangeRate> {
    authorize(ctx.identity, 'create', 'ExchangeRate');
    return setExchangeRate(ctx, input);
  }

  @Mutation(() => [ExchangeRate], {
    description: 'Imports many dated rates, all or nothing: every rate is checked first. Roles: ADMIN.',
  })
  async importExchangeRates(
    @Arg('rates', () => [ExchangeRateInput], { description: 'The rates (at most 5,000).' })
    rates: ExchangeRateInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ExchangeRate[]> {
    authorize(ctx.identity, 'create', 'ExchangeRate');
    return importExchangeRates(ctx, rates);
  }
}
