import { Arg, Args, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { ConnectionArgs, paginate, type Connection } from '../../../../shared/src/graphql/pagination';
import { applyListQuery, type OrderByValue } from '../../../../shared/src/graphql/filters';
import { Customer } from '../customers/customer.entity';
import { findCustomer } from '../customers/customer.service';
import { Lead } from '../leads/lead.entity';
import { findLead } from '../leads/lead.service';
import { Deal, DealConnection, DealStage, DealStageChange } from './deal.entity';
import { CreateDealInput, PartnerDealUpdateInput, UpdateDealInput } from './deal.input';
import { DEAL_SEARCH, DealFilter, DealOrder } from './deal.filter';
import { STAGE_PROBABILITY } from './deal.rules';
import { createDeal, dealRepo, getDeal, moveDealStage, updateDeal, updatePartnerDeal } from './deal.service';

@Resolver(() => Deal)
export class DealResolver {
  @Query(() => Deal, { nullable: true })
  async deal(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Deal> {
    authorize(ctx.identity, 'read', 'Deal');
    return getDeal(ctx, id);
  }

  @Query(() => DealConnection)
  async deals(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => DealFilter, { nullable: true }) filter: DealFilter | undefined,
    @Arg('orderBy', () => DealOrder, { nullable: true }) orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Title contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Deal>> {
    authorize(ctx.identity, 'read', 'Deal');
    const repo = dealRepo(ctx);
    const qb = repo.createQueryBuilder('deal');
    const sort = applyListQuery(
      qb,
      ctx.identity,
      { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH },
      { filter, orderBy, search },
    );
    // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
    return paginate(repo, await ctx.scope.where(qb), args, sort);
  }

  @Mutation(() => Deal)
  async createDeal(
    @Arg('input', () => CreateDealInput) input: CreateDealInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'create', 'Deal');
    return createDeal(ctx, input);
  }

  @Mutation(() => Deal, {
    description: "Moves a deal to another pipeline stage and records it in the deal's stage history.",
  })
  async moveDealStage(
    @Arg('id', () => ID) id: string,
    @Arg('stage', () => DealStage) stage: DealStage,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Why; required when moving to CLOSED_LOST (it becomes the lostReason).',
    })
    reason: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'Deal');
    return moveDealStage(ctx, id, stage, reason);
  }

  @Mutation(() => Deal, { description: 'Changes title, amount, currency, expected close date or owner.' })
  async updateDeal(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateDealInput) input: UpdateDealInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'Deal');
    return updateDeal(ctx, id, input);
  }

  @Mutation(() => Deal, {
    description:
      "A partner user (PARTNER) updates a deal its partner sourced: next step, notes, expected close date, and a forward stage move up to NEGOTIATION. Another partner's deal is NOT_FOUND.",
  })
  async updatePartnerDeal(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => PartnerDealUpdateInput) input: PartnerDealUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'PartnerDealUpdate');
    return updatePartnerDeal(ctx, id, input);
  }

  @FieldResolver(() => Float, { description: 'Chance of winning at the current stage, 0 to 1.' })
  probability(@Root() deal: Deal): number {
    return STAGE_PROBABILITY[deal.stage];
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, deal.customerId);
  }

  @FieldResolver(() => Lead, { nullable: true })
  async lead(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    authorize(ctx.identity, 'read', 'Lead');
    if (!deal.leadId) return null;
    return findLead(ctx, deal.leadId);
  }

  @FieldResolver(() => [DealStageChange])
  async stageHistory(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<DealStageChange[]> {
    return ctx.loaders
      .manyBy(ctx.dataSource.getRepository(DealStageChange), 'dealId', { changedAt: 'ASC', id: 'ASC' })
      .load(deal.id);
  }
}
