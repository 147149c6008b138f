import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';

@InputType({ description: 'A new product of the catalogue (ADMIN).' })
export class CreateProductInput {
  @Field(() => String, { description: 'Stock-keeping unit, unique across the catalogue.' })
  sku: string;

  @Field(() => String, { description: 'Name of the product.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Product family, e.g. "Services".' })
  family?: string | null;

  @Field(() => String, { nullable: true, description: 'What the product is.' })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it can be sold; true by default.' })
  active?: boolean | null;
}

@InputType({ description: 'Changes to a product; omitted fields keep their value (ADMIN).' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Product family; null clears it.' })
  family?: string | null;

  @Field(() => String, { nullable: true, description: 'Description; null clears it.' })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it can be sold.' })
  active?: boolean | null;
}

@InputType({ description: 'A new price book (ADMIN).' })
export class CreatePriceBookInput {
  @Field(() => String, { description: 'Name of the book.' })
  name: string;

  @Field(() => String, { description: 'ISO 4217 currency code of its prices.' })
  currency: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The standard book of its currency (at most one per currency; CONFLICT otherwise).',
  })
  isStandard?: boolean | null;
}

@InputType({ description: "A product's price in a book (ADMIN); replaces the price it had there." })
export class SetPriceInput {
  @Field(() => ID, { description: 'The price book.' })
  priceBookId: string;

  @Field(() => ID, { description: 'The product.' })
  productId: string;

  @Field(() => DecimalScalar, { description: 'Exact unit price in the book’s currency, e.g. "480.00".' })
  unitPrice: string;
}
