import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { ConnectionArgs, paginate, type Connection } from '../../../../shared/src/graphql/pagination';
import { applyListQuery, type OrderByValue } from '../../../../shared/src/graphql/filters';
import { Customer } from '../customers/customer.entity';
import { findCustomer } from '../customers/customer.service';
import { Deal } from '../deals/deal.entity';
import { Lead, LeadConnection } from './lead.entity';
import { CreateLeadInput } from './lead.input';
import { LEAD_SEARCH, LeadFilter, LeadOrder } from './lead.filter';
import { createLead, getLead, leadRepo } from './lead.service';

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => Lead, { nullable: true })
  async lead(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Lead> {
    authorize(ctx.identity, 'read', 'Lead');
    return getLead(ctx, id);
  }

  @Query(() => LeadConnection)
  async leads(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LeadFilter, { nullable: true }) filter: LeadFilter | undefined,
    @Arg('orderBy', () => LeadOrder, { nullable: true }) orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Name, company or e-mail contains this, ignoring case.',
    })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Lead>> {
    authorize(ctx.identity, 'read', 'Lead');
    const repo = leadRepo(ctx);
    const qb = repo.createQueryBuilder('lead');
    const sort = applyListQuery(
      qb,
      ctx.identity,
      { typeName: 'Lead', filterType: LeadFilter, searchIn: LEAD_SEARCH },
      { filter, orderBy, search },
    );
    // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
    return paginate(repo, await ctx.scope.where(qb), args, sort);
  }

  @Mutation(() => Lead)
  async createLead(
    @Arg('input', () => CreateLeadInput) input: CreateLeadInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    authorize(ctx.identity, 'create', 'Lead');
    return createLead(ctx, input);
  }

  @FieldResolver(() => Customer, { nullable: true })
  async customer(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    if (!lead.customerId) return null;
    return findCustomer(ctx, lead.customerId);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal this lead became, if any.' })
  async deal(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Deal | null> {
    authorize(ctx.identity, 'read', 'Deal');
    const [deal] = await ctx.loaders.manyBy(ctx.dataSource.getRepository(Deal), 'leadId').load(lead.id);
    return deal ?? null;
  }
}
