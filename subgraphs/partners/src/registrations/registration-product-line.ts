import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';

/** One product line of a registration, checked against the CRM catalogue when it was submitted. */
@ObjectType({
  description:
    "One product the partner registered: the CRM catalogue's product (as it was when submitted), the quantity and the unit price in the registration's currency. On approval the CRM deal gets the lines as its line items.",
})
export class RegistrationProductLine {
  @Field(() => ID, { description: 'The CRM product.' })
  productId: string;

  @Field(() => String, { description: "The product's SKU." })
  sku: string;

  @Field(() => String, { description: "The product's name." })
  name: string;

  @Field(() => String, { nullable: true, description: "The product's family." })
  family: string | null;

  @Field(() => DecimalScalar, { description: 'How many units, more than 0.' })
  quantity: string;

  @Field(() => DecimalScalar, { description: "Price of one unit in the registration's currency." })
  unitPrice: string;
}

@InputType({ description: 'One product of a registration: an active product of the CRM catalogue.' })
export class RegistrationProductLineInput {
  @Field(() => ID, { description: 'An active CRM product (see `products`).' })
  productId: string;

  @Field(() => DecimalScalar, { description: 'How many units, more than 0, e.g. "10".' })
  quantity: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "Unit price in the registration's currency; the product's list price (standard price book) by default. A product without a list price in that currency is BAD_USER_INPUT.",
  })
  unitPrice?: string | null;
}
