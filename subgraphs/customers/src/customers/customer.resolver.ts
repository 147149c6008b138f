import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ContactConnection, contactsOfCustomer } from '../contacts';
import { DealConnection, dealsOfCustomer } from '../deals';
import { LeadConnection, leadsOfCustomer } from '../leads';
import { Customer, CustomerConnection } from './customer.entity';
import { CreateCustomerInput } from './customer.input';
import { CustomerFilter, CustomerOrder } from './customer.filter';
import { createCustomer, getCustomer, listCustomers } from './customer.service';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, {
    description:
      'One customer by id (every role; a partner user only the customers of its own deals and leads). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async customer(
    @Arg('id', () => ID, { description: "The customer's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    authorize(ctx.identity, 'read', 'Customer');
    return getCustomer(ctx, id);
  }

  @Query(() => CustomerConnection, {
    description:
      'Customers, in creation order unless `orderBy` says otherwise. Roles: SALES, MARKETING, SUPPORT, CHANNEL_MANAGER, ANALYST, PARTNER and ADMIN.',
  })
  async customers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CustomerFilter, {
      description: 'Only customers meeting these conditions.',
      nullable: true,
    })
    filter: CustomerFilter | undefined,
    @Arg('orderBy', () => CustomerOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Name or domain contains this, ignoring case.',
    })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Customer>> {
    authorize(ctx.identity, 'read', 'Customer');
    return listCustomers(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Customer, { description: 'Creates a customer account (SALES and ADMIN).' })
  async createCustomer(
    @Arg('input', () => CreateCustomerInput, { description: 'The new customer.' }) input: CreateCustomerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    authorize(ctx.identity, 'create', 'Customer');
    return createCustomer(ctx, input);
  }

  @FieldResolver(() => ContactConnection, { description: "The customer's contacts (internal roles only)." })
  async contacts(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Contact');
    return contactsOfCustomer(ctx, customer.id, args);
  }

  @FieldResolver(() => DealConnection, {
    description: "The customer's deals (a partner user sees only the ones its partner sourced).",
  })
  async deals(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Deal');
    return dealsOfCustomer(ctx, customer.id, args);
  }

  @FieldResolver(() => LeadConnection, {
    description: 'Leads matched to the customer (a partner user sees only its own).',
  })
  async leads(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Lead');
    return leadsOfCustomer(ctx, customer.id, args);
  }
}
