import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../../../shared/src/graphql/scalars';

@InputType()
export class OrderLineInput {
  @Field(() => String, { description: 'Product name.' })
  product: string;

  @Field(() => String, { nullable: true })
  sku?: string | null;

  @Field(() => Int)
  quantity: number;

  @Field(() => DecimalScalar, { description: 'Exact unit price, e.g. "199.90".' })
  unitPrice: string;
}

@InputType()
export class PlaceOrderInput {
  @Field(() => ID)
  customerId: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => [OrderLineInput])
  lines: OrderLineInput[];

  @Field(() => Date, { nullable: true, description: 'When the order was placed; defaults to now.' })
  orderedAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'The contact who ordered; must belong to the customer.' })
  contactId?: string | null;
}
