import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum OrderStatus {
  PLACED = 'PLACED',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order stands.',
  valuesConfig: {
    PLACED: { description: 'Placed, not yet fulfilled.' },
    FULFILLED: { description: 'Delivered.' },
    CANCELLED: { description: 'Cancelled.' },
  },
});

/** A purchase by a customer. */
@ObjectType({
  description:
    "A customer's order of products (SALES and ADMIN place orders; other internal roles read them).",
})
@Entity({ name: 'orders' })
export class Order extends BusinessRecord {
  @Field(() => String, { description: 'Unique order number, e.g. "SO-000042".' })
  @Column({ type: 'text', insert: false, update: false })
  orderNumber: string;

  @Field(() => Date, { description: 'When the order was placed.' })
  @Column({ type: 'timestamptz', precision: 3 })
  orderedAt: Date;

  @CurrencyField({ description: 'ISO 4217 currency code of every amount on the order.' })
  currency: string;

  @Field(() => OrderStatus, { description: 'Where the order stands.' })
  @Column({ type: 'text' })
  status: OrderStatus;

  @MoneyField({ description: 'Sum of the line totals.', computed: true })
  totalAmount: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;
}

/** One product on an order. */
@ObjectType({ description: 'One product on an order.' })
@Entity({ name: 'order_lines' })
export class OrderLine extends BusinessRecord {
  @Column({ type: 'uuid' })
  orderId: string;

  @Field(() => Int, { description: '1-based position on the order.' })
  @Column({ type: 'int' })
  position: number;

  @Field(() => String, { description: 'Product name.' })
  @Column({ type: 'text' })
  product: string;

  @Field(() => String, { description: "The product's stock-keeping unit.", nullable: true })
  @Column({ type: 'text', nullable: true })
  sku: string | null;

  @Field(() => Int, { description: 'How many were ordered.' })
  @Column({ type: 'int' })
  quantity: number;

  @MoneyField({ description: "Price of one unit, in the order's currency." })
  unitPrice: string;

  @MoneyField({ description: 'quantity × unitPrice, computed by the database.', computed: true })
  lineTotal: string;
}

export const OrderConnection = connectionType('Order', Order);
