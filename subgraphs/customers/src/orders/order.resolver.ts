import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { ConnectionArgs, type SortKey } from '../../../../shared/src/graphql/pagination';
import { getContact } from '../activities/activity.service';
import { Contact } from '../contacts/contact.entity';
import { Customer } from '../customers/customer.entity';
import { findCustomer } from '../customers/customer.service';
import { Order, OrderConnection, OrderLine } from './order.entity';
import { PlaceOrderInput } from './order.input';
import { getOrder, orderLineRepo, orderRepo, placeOrder } from './order.service';

/** Purchase history reads newest first. */
export const ORDER_HISTORY_ORDER: SortKey = { property: 'orderedAt', direction: 'DESC' };

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Order> {
    authorize(ctx.identity, 'read', 'Order');
    return getOrder(ctx, id);
  }

  @Mutation(() => Order, { description: 'Places an order with its lines, in one transaction.' })
  async placeOrder(
    @Arg('input', () => PlaceOrderInput) input: PlaceOrderInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Order> {
    authorize(ctx.identity, 'create', 'Order');
    return placeOrder(ctx, input);
  }

  @FieldResolver(() => [OrderLine])
  async lines(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<OrderLine[]> {
    authorize(ctx.identity, 'read', 'Order');
    return ctx.loaders.manyBy(orderLineRepo(ctx), 'orderId', { position: 'ASC' }).load(order.id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, order.customerId);
  }

  @FieldResolver(() => Contact, { nullable: true })
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
