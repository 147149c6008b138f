import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';

@InputType({ description: 'One product to order.' })
export class OrderLineInput {
  @Field(() => String, { description: 'Product name.' })
  product: string;

  @Field(() => String, { description: "The product's stock-keeping unit.", nullable: true })
  sku?: string | null;

  @Field(() => Int, { description: 'How many, at least 1.' })
  quantity: number;

  @Field(() => DecimalScalar, { description: 'Exact unit price, e.g. "199.90".' })
  unitPrice: string;
}

@InputType({ description: 'A new order (SALES and ADMIN).' })
export class PlaceOrderInput {
  @Field(() => ID, { description: 'The ordering customer.' })
  customerId: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => [OrderLineInput], { description: 'The products ordered, at least one.' })
  lines: OrderLineInput[];

  @Field(() => Date, { nullable: true, description: 'When the order was placed; defaults to now.' })
  orderedAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'The contact who ordered; must belong to the customer.' })
  contactId?: string | null;
}
