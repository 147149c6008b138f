import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { assertSameCustomer } from '../activities';
import { getContact } from '../contacts';
import { getCustomer } from '../customers';
import { Order, OrderLine, OrderStatus } from './order.entity';
import type { PlaceOrderInput } from './order.input';
import { planOrderedAt, planOrderLines } from './order.rules';

export const orderRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Order);

/** The order if it exists and the caller may see it; reads through the request's loader. */
export async function findOrder(ctx: RequestContext, id: string): Promise<Order | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(orderRepo(ctx)).load(id.toLowerCase());
}
export const orderLineRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(OrderLine);

export async function getOrder(ctx: RequestContext, id: string): Promise<Order> {
  const order = await ctx.loaders.byId(orderRepo(ctx)).load(assertId('Order', id));
  if (!order) throw new NotFoundError('Order', id);
  return order;
}

/**
 * Places an order with its lines. Everything is validated first (currency, time, every line,
 * the customer and contact); then the order, its lines and its total (summed by the database
 * from the lines) are written in one transaction, so an order is never half-written.
 */
export async function placeOrder(ctx: RequestContext, input: PlaceOrderInput): Promise<Order> {
  const currency = parseCurrency(input.currency);
  const orderedAt = planOrderedAt(input.orderedAt, new Date());
  const { lines } = planOrderLines(input.lines);
  const customer = await getCustomer(ctx, input.customerId);
  const contact = input.contactId ? await getContact(ctx, input.contactId) : null;
  if (contact) assertSameCustomer('contactId', contact.customerId, customer.id);

  return ctx.dataSource.transaction(async (manager) => {
    const inserted = await manager.insert(Order, {
      orderedAt,
      currency,
      status: OrderStatus.PLACED,
      customerId: customer.id,
      contactId: contact?.id ?? null,
      createdBy: ctx.identity.sub,
    });
    const orderId = String(inserted.identifiers[0].id);
    await manager.insert(
      OrderLine,
      lines.map((line) => ({ ...line, orderId, createdBy: ctx.identity.sub })),
    );
    await manager.query(
      `UPDATE crm.orders SET total_amount = (SELECT sum(l.line_total) FROM crm.order_lines l WHERE l.order_id = $1) ` +
        `WHERE id = $1`,
      [orderId],
    );
    return manager.findOneOrFail(Order, { where: { id: orderId } });
  });
}
