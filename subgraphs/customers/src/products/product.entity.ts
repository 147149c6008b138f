import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

/** Something we sell, identified by its SKU. */
@ObjectType({
  description:
    'A product of the catalogue (ADMIN manages the catalogue; every internal role reads it; a partner user reads the active products).',
})
@Entity({ name: 'products' })
export class Product extends BusinessRecord {
  @Field(() => String, {
    description: 'Stock-keeping unit, unique across the catalogue, e.g. "PLT-SEAT-12".',
  })
  @Column({ type: 'text' })
  sku: string;

  @Field(() => String, { description: 'Name of the product.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Product family (e.g. "Platform", "Services"); commissions may be set per family.',
  })
  @Column({ type: 'text', nullable: true })
  family: string | null;

  @Field(() => String, { nullable: true, description: 'What the product is.' })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => Boolean, { description: 'Whether the product can be sold (put on a deal).' })
  @Column({ type: 'boolean', default: true })
  active: boolean;
}

/** A list of prices in one currency. */
@ObjectType({
  description:
    'A price book: the prices of products in one currency. The standard book of a currency prices new deal line items; a partner user reads only the active standard books.',
})
@Entity({ name: 'price_books' })
export class PriceBook extends BusinessRecord {
  @Field(() => String, { description: 'Name of the book, e.g. "Standard EUR".' })
  @Column({ type: 'text' })
  name: string;

  @CurrencyField({ description: 'ISO 4217 currency code of every price in the book.' })
  currency: string;

  @Field(() => Boolean, {
    description:
      'The standard book of its currency (at most one per currency): deal line items default to its prices.',
  })
  @Column({ type: 'boolean', default: false })
  isStandard: boolean;

  @Field(() => Boolean, { description: 'Whether the book is in use.' })
  @Column({ type: 'boolean', default: true })
  active: boolean;
}

/** One product's price in one book. */
@ObjectType({ description: "One product's unit price in one price book (in the book's currency)." })
@Entity({ name: 'price_book_entries' })
export class PriceBookEntry extends BusinessRecord {
  @Column({ type: 'uuid' })
  priceBookId: string;

  @Column({ type: 'uuid' })
  productId: string;

  @MoneyField({ description: "Price of one unit, in the book's currency." })
  unitPrice: string;
}

export const ProductConnection = connectionType('Product', Product);
export const PriceBookConnection = connectionType('PriceBook', PriceBook);
