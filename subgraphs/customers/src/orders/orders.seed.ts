import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { DEMO_NOW } from '../activities';
import { Contact } from '../contacts';
import { Customer, LifecycleStage } from '../customers';
import { Deal, DealStage } from '../deals';
import { Order, OrderLine, OrderStatus } from './order.entity';
import { DAY_MS } from '@sales-graph/shared/time';

/** The catalogue, with exact prices. */
const CATALOGUE: readonly { product: string; sku: string; unitPrice: string }[] = [
  { product: 'Platform seat (annual)', sku: 'PLT-SEAT-12', unitPrice: '480.00' },
  { product: 'Analytics add-on', sku: 'ADD-ANL', unitPrice: '1250.00' },
  { product: 'Premium support', sku: 'SUP-PREM', unitPrice: '2999.99' },
  { product: 'Onboarding package', sku: 'SRV-ONB', unitPrice: '4500.00' },
  { product: 'Training day', sku: 'SRV-TRN', unitPrice: '1150.50' },
  { product: 'API call bundle (1M)', sku: 'API-1M', unitPrice: '89.90' },
];
const CURRENCY_BY_REGION: Record<string, string> = { EMEA: 'EUR', NA: 'USD', APAC: 'USD', LATAM: 'USD' };

interface PlannedOrder {
  order: Order;
  lines: Omit<OrderLine, 'orderId' | 'lineTotal' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'id'>[];
}

/**
 * Purchase history: every won deal becomes an order on the day it closed, and paying customers
 * also buy from the catalogue every few months. Order numbers follow the order dates.
 */
export async function seedOrders(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const customers = await manager.find(Customer, { order: { createdAt: 'ASC', id: 'ASC' } });
  const contacts = await manager.find(Contact, { order: { createdAt: 'ASC', id: 'ASC' } });
  const won = await manager.find(Deal, {
    where: { stage: DealStage.CLOSED_WON },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  const contactOf = (customerId: string) => {
    const theirs = contacts.filter((contact) => contact.customerId === customerId);
    return theirs.length > 0 && rng.chance(0.7) ? rng.pick(theirs).id : null;
  };
  const statusAt = (orderedAt: Date) =>
    rng.chance(0.05)
      ? OrderStatus.CANCELLED
      : DEMO_NOW.getTime() - orderedAt.getTime() > 14 * DAY_MS
        ? OrderStatus.FULFILLED
        : OrderStatus.PLACED;
  const planned: PlannedOrder[] = [];

  for (const deal of won) {
    const orderedAt = deal.closedAt ?? deal.createdAt;
    planned.push({
      order: manager.create(Order, {
        id: rng.uuid(),
        orderedAt,
        currency: deal.currency,
        status: rng.chance(0.05) ? OrderStatus.CANCELLED : OrderStatus.FULFILLED,
        customerId: deal.customerId,
        contactId: contactOf(deal.customerId),
        createdAt: orderedAt,
        createdBy: 'seed',
      }),
      lines: [
        {
          position: 1,
          product: deal.title,
          sku: null,
          quantity: 1,
          unitPrice: deal.amount,
          createdBy: 'seed',
        },
      ],
    });
  }

  for (const customer of customers) {
    if (customer.lifecycleStage === LifecycleStage.PROSPECT || !rng.chance(0.8)) continue;
    const count = rng.int(1, 8);
    for (let i = 0; i < count; i++) {
      const orderedAt = rng.pastDate(
        DEMO_NOW,
        Math.max(1, (DEMO_NOW.getTime() - customer.createdAt.getTime()) / DAY_MS),
      );
      const items = [...CATALOGUE].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 3));
      planned.push({
        order: manager.create(Order, {
          id: rng.uuid(),
          orderedAt,
          currency: CURRENCY_BY_REGION[byId.get(customer.id)?.region ?? 'NA'] ?? 'USD',
          status: statusAt(orderedAt),
          customerId: customer.id,
          contactId: contactOf(customer.id),
          createdAt: orderedAt,
          createdBy: 'seed',
        }),
        lines: items.map((item, index) => ({
          position: index + 1,
          product: item.product,
          sku: item.sku,
          quantity: item.sku === 'PLT-SEAT-12' ? rng.int(5, 120) : rng.int(1, 4),
          unitPrice: item.unitPrice,
          createdBy: 'seed',
        })),
      });
    }
  }

  // Order numbers come from a sequence: insert in date order so they rise with time.
  planned.sort(
    (a, b) => a.order.orderedAt.getTime() - b.order.orderedAt.getTime() || (a.order.id < b.order.id ? -1 : 1),
  );
  const orders = planned.map((p) => p.order);
  const lines = planned.flatMap((p) =>
    p.lines.map((line) => manager.create(OrderLine, { ...line, id: rng.uuid(), orderId: p.order.id })),
  );
  for (let i = 0; i < orders.length; i += 500) await manager.insert(Order, orders.slice(i, i + 500));
  for (let i = 0; i < lines.length; i += 500) await manager.insert(OrderLine, lines.slice(i, i + 500));
  await manager.query(
    `UPDATE crm.orders o SET total_amount = s.total
     FROM (SELECT order_id, sum(line_total) AS total FROM crm.order_lines WHERE order_id = ANY($1::uuid[]) GROUP BY order_id) s
     WHERE o.id = s.order_id`,
    [orders.map((order) => order.id)],
  );
}
