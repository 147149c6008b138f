import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';

@InputType({ description: 'One product on a deal (SALES and ADMIN).' })
export class DealLineItemInput {
  @Field(() => ID, { description: 'An active product of the catalogue.' })
  productId: string;

  @Field(() => DecimalScalar, { description: 'How many units, more than 0, e.g. "3" or "2.50".' })
  quantity: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "Price of one unit in the deal's currency; by default the product's price in the standard price book of that currency. A product without a price there is BAD_USER_INPUT either way.",
  })
  unitPrice?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Discount in percent, 0 to 100; 0 by default.' })
  discount?: string | null;
}
