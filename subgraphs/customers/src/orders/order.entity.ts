import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum OrderStatus {
  PLACED = 'PLACED',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OrderStatus, { name: 'OrderStatus' });

/** A purchase by a customer. */
@ObjectType()
@Entity({ name: 'orders' })
export class Order extends BusinessRecord {
  @Field(() => String, { description: 'Unique order number, e.g. "SO-000042".' })
  @Column({ type: 'text', insert: false, update: false })
  orderNumber: string;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  orderedAt: Date;

  @Field(() => String, { description: 'ISO 4217 currency code of every amount on the order.' })
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => OrderStatus)
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
@ObjectType()
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

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  sku: string | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  quantity: number;

  @MoneyField()
  unitPrice: string;

  @MoneyField({ description: 'quantity × unitPrice, computed by the database.', computed: true })
  lineTotal: string;
}

export const OrderConnection = connectionType('Order', Order);
