import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { Customer, findCustomer } from '../customers';
import { Deal, dealsOfLead } from '../deals';
import { Lead, LeadConnection } from './lead.entity';
import { CreateLeadInput } from './lead.input';
import { LeadFilter, LeadOrder } from './lead.filter';
import { createLead, getLead, listLeads } from './lead.service';

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => Lead, {
    description:
      'One lead by id (every role; a partner user only the leads assigned to or referred by its partner). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async lead(
    @Arg('id', () => ID, { description: "The lead's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    authorize(ctx.identity, 'read', 'Lead');
    return getLead(ctx, id);
  }

  @Query(() => LeadConnection, {
    description:
      'Leads, in creation order unless `orderBy` says otherwise (every role; a partner user sees only the leads assigned to or referred by its partner).',
  })
  async leads(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LeadFilter, { description: 'Only leads meeting these conditions.', nullable: true })
    filter: LeadFilter | undefined,
    @Arg('orderBy', () => LeadOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Name, company or e-mail contains this, ignoring case.',
    })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Lead>> {
    authorize(ctx.identity, 'read', 'Lead');
    return listLeads(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Lead, { description: 'Creates a lead and scores it (SALES, MARKETING and ADMIN).' })
  async createLead(
    @Arg('input', () => CreateLeadInput, { description: 'The new lead.' }) input: CreateLeadInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    authorize(ctx.identity, 'create', 'Lead');
    return createLead(ctx, input);
  }

  @FieldResolver(() => Customer, {
    description: 'The customer the lead was matched or converted to, if any.',
    nullable: true,
  })
  async customer(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    if (!lead.customerId) return null;
    return findCustomer(ctx, lead.customerId);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal this lead became, if any.' })
  async deal(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Deal | null> {
    authorize(ctx.identity, 'read', 'Deal');
    const [deal] = await dealsOfLead(ctx, lead.id);
    return deal ?? null;
  }
}
