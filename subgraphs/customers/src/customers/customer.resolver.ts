import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { ConnectionArgs, paginate, type Connection } from '../../../../shared/src/graphql/pagination';
import { applyListQuery, type OrderByValue } from '../../../../shared/src/graphql/filters';
import { Contact, ContactConnection } from '../contacts/contact.entity';
import { Deal, DealConnection } from '../deals/deal.entity';
import { Lead, LeadConnection } from '../leads/lead.entity';
import { Customer, CustomerConnection } from './customer.entity';
import { CreateCustomerInput } from './customer.input';
import { CUSTOMER_SEARCH, CustomerFilter, CustomerOrder } from './customer.filter';
import { createCustomer, customerRepo, getCustomer } from './customer.service';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Customer> {
    authorize(ctx.identity, 'read', 'Customer');
    return getCustomer(ctx, id);
  }

  @Query(() => CustomerConnection, {
    description: 'Customers, in creation order unless `orderBy` says otherwise.',
  })
  async customers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | undefined,
    @Arg('orderBy', () => CustomerOrder, { nullable: true }) orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Name or domain contains this, ignoring case.',
    })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Customer>> {
    authorize(ctx.identity, 'read', 'Customer');
    const repo = customerRepo(ctx);
    const qb = repo.createQueryBuilder('customer');
    const sort = applyListQuery(
      qb,
      ctx.identity,
      { typeName: 'Customer', filterType: CustomerFilter, searchIn: CUSTOMER_SEARCH },
      { filter, orderBy, search },
    );
    // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
    return paginate(repo, await ctx.scope.where(qb), args, sort);
  }

  @Mutation(() => Customer)
  async createCustomer(
    @Arg('input', () => CreateCustomerInput) input: CreateCustomerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    authorize(ctx.identity, 'create', 'Customer');
    return createCustomer(ctx, input);
  }

  @FieldResolver(() => ContactConnection)
  async contacts(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Contact');
    return ctx.loaders
      .connection(ctx.dataSource.getRepository(Contact), 'customerId', args)
      .load(customer.id);
  }

  @FieldResolver(() => DealConnection)
  async deals(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Deal');
    return ctx.loaders.connection(ctx.dataSource.getRepository(Deal), 'customerId', args).load(customer.id);
  }

  @FieldResolver(() => LeadConnection)
  async leads(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Lead');
    return ctx.loaders.connection(ctx.dataSource.getRepository(Lead), 'customerId', args).load(customer.id);
  }
}
