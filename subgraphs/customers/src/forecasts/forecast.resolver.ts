import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { findUser, User } from '../users';
import { forecast } from './forecast.service';
import { Forecast, ForecastInput, ForecastMember } from './forecast.types';

@Resolver(() => Forecast)
export class ForecastResolver {
  @Query(() => Forecast, {
    description:
      'The forecast of a user, a team or the company for a period: per forecast category count, amount and weighted amount, closed won and lost, open pipeline, quota, attainment, gap and coverage; per currency, and converted when asked. One statement on the deals (README "Forecast"). Roles: ADMIN, ANALYST; SALES its own and its team\'s.',
  })
  async forecast(
    @Arg('input', () => ForecastInput, { description: 'Whose forecast, for when.' }) input: ForecastInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Forecast> {
    authorize(ctx.identity, 'read', 'Forecast');
    if (input.convert) authorize(ctx.identity, 'read', 'ExchangeRate');
    return forecast(ctx, input);
  }
}

@Resolver(() => ForecastMember)
export class ForecastMemberResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The member (batched).' })
  user(@Root() member: ForecastMember, @Ctx() ctx: RequestContext): Promise<User | null> {
    return findUser(ctx, member.userId);
  }
}
