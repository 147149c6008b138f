import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type SortKey } from '@sales-graph/shared/graphql/pagination';
import { getContact, Contact } from '../contacts';
import { Customer, findCustomer } from '../customers';
import { Order, OrderConnection, OrderLine } from './order.entity';
import { PlaceOrderInput } from './order.input';
import { getOrder, orderLineRepo, orderRepo, placeOrder } from './order.service';

/** Purchase history reads newest first. */
export const ORDER_HISTORY_ORDER: SortKey = { property: 'orderedAt', direction: 'DESC' };

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, {
    description:
      'One order by id (internal roles). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async order(
    @Arg('id', () => ID, { description: "The order's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Order> {
    authorize(ctx.identity, 'read', 'Order');
    return getOrder(ctx, id);
  }

  @Mutation(() => Order, {
    description: 'Places an order with its lines, in one transaction. Roles: SALES and ADMIN.',
  })
  async placeOrder(
    @Arg('input', () => PlaceOrderInput, { description: 'The customer and the order lines.' })
    input: PlaceOrderInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Order> {
    authorize(ctx.identity, 'create', 'Order');
    return placeOrder(ctx, input);
  }

  @FieldResolver(() => [OrderLine], { description: 'The products ordered.' })
  async lines(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<OrderLine[]> {
    authorize(ctx.identity, 'read', 'Order');
    return ctx.loaders.manyBy(orderLineRepo(ctx), 'orderId', { position: 'ASC' }).load(order.id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, order.customerId);
  }

  @FieldResolver(() => Contact, { description: 'The contact who ordered, if known.', nullable: true })
  async contact(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<Contact | null> {
    authorize(ctx.identity, 'read', 'Contact');
    if (!order.contactId) return null;
    return getContact(ctx, order.contactId);
  }
}

@Resolver(() => Customer)
export class CustomerOrderResolver {
  @FieldResolver(() => OrderConnection, { description: "The customer's orders, newest first." })
  async purchaseHistory(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Order');
    return ctx.loaders.connection(orderRepo(ctx), 'customerId', args, ORDER_HISTORY_ORDER).load(customer.id);
  }
}
