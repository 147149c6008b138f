import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '@sales-graph/shared/db/record';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';

/** One product on a deal; when a deal has lines, its amount is their sum. */
@ObjectType({
  description:
    "One product on a deal: quantity × unit price less the discount. A deal with line items has its amount derived from them (the sum of the totals, in the deal's currency).",
})
@Entity({ name: 'deal_line_items' })
export class DealLineItem extends BusinessRecord {
  @Column({ type: 'uuid' })
  dealId: string;

  @Column({ type: 'uuid' })
  productId: string;

  @Field(() => Int, { description: '1-based position on the deal.' })
  @Column({ type: 'int' })
  position: number;

  @Field(() => DecimalScalar, { description: 'How many units, exact (more than 0), e.g. "2.50".' })
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  quantity: string;

  @MoneyField({
    description: "Price of one unit, in the deal's currency (by default the standard price book's).",
  })
  unitPrice: string;

  @Field(() => DecimalScalar, { description: 'Discount in percent, 0 to 100, e.g. "12.50".' })
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  discount: string;

  @MoneyField({ description: 'quantity × unitPrice × (1 − discount / 100), rounded half to even to cents.' })
  total: string;
}
