import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { findTeam, findUser, Team, User } from '../users';
import { Quota, QuotaConnection } from './quota.entity';
import { QuotaFilter, QuotaOrder } from './quota.filter';
import { SetQuotaInput } from './quota.input';
import { listQuotas, removeQuota, setQuota } from './quota.service';

@Resolver(() => Quota)
export class QuotaResolver {
  @Query(() => QuotaConnection, {
    description:
      "Quotas, in the order they were set unless `orderBy` says otherwise. Roles: ADMIN, ANALYST; SALES its own, its team's and its team members'.",
  })
  async quotas(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => QuotaFilter, {
      nullable: true,
      description: 'Only quotas meeting these conditions.',
    })
    filter: QuotaFilter | undefined,
    @Arg('orderBy', () => QuotaOrder, { nullable: true, description: 'The order; set order when omitted.' })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Quota>> {
    authorize(ctx.identity, 'read', 'Quota');
    return listQuotas(ctx, args, { filter, orderBy });
  }

  @Mutation(() => Quota, {
    description:
      "Sets a user's or a team's quota for a period (replacing the quota of exactly that period; one overlapping otherwise is CONFLICT), audited. Roles: ADMIN; SALES as a team's manager, for the other members of the teams it manages.",
  })
  async setQuota(
    @Arg('input', () => SetQuotaInput, { description: 'The quota.' }) input: SetQuotaInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Quota> {
    authorize(ctx.identity, 'create', 'Quota');
    return setQuota(ctx, input);
  }

  @Mutation(() => Quota, {
    description: 'Removes a quota (audited); answers it as it was. Roles: whoever may set it.',
  })
  async removeQuota(
    @Arg('id', () => ID, { description: 'The quota.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Quota> {
    authorize(ctx.identity, 'delete', 'Quota');
    return removeQuota(ctx, id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user the quota is for (batched).' })
  user(@Root() quota: Quota, @Ctx() ctx: RequestContext): Promise<User | null> {
    return findUser(ctx, quota.userId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team the quota is for (batched).' })
  team(@Root() quota: Quota, @Ctx() ctx: RequestContext): Promise<Team | null> {
    return findTeam(ctx, quota.teamId);
  }
}
