import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

/**
 * The corporate currency: what every exchange rate is quoted against. A constant of the
 * deployment, not a runtime setting: changing it would invalidate every stored rate (README
 * "Money across currencies").
 */
export const CORPORATE_CURRENCY = 'USD';

/** One dated rate: one unit of `currency` is worth `rateToCorporate` units of the corporate currency. */
@ObjectType({ description: 'A dated exchange rate of one currency to the corporate currency.' })
@Entity({ name: 'exchange_rates' })
export class ExchangeRate extends BusinessRecord {
  @CurrencyField({ description: 'The ISO 4217 currency the rate is for (never the corporate currency).' })
  currency: string;

  @Field(() => String, {
    description: 'Units of the corporate currency one unit of `currency` is worth, exact to 12 decimals.',
  })
  @Column({ type: 'numeric', precision: 24, scale: 12 })
  rateToCorporate: string;

  @Field(() => LocalDateScalar, { description: 'The first day the rate applies (until a later one).' })
  @Column({ type: 'date' })
  effectiveDate: string;

  @Field(() => String, { nullable: true, description: 'Where the rate came from, e.g. "ECB" or "manual".' })
  @Column({ type: 'text', nullable: true })
  source: string | null;
}

export const ExchangeRateConnection = connectionType('ExchangeRate', ExchangeRate);

/** One rate a converted answer used: `amount in from` × `rate` = `amount in to`. */
@ObjectType({ description: 'An exchange rate a converted figure used.' })
export class AppliedRate {
  @Field(() => String, { description: 'The currency converted from.' })
  from: string;

  @Field(() => String, { description: 'The currency converted to.' })
  to: string;

  @Field(() => String, {
    description:
      'Units of `to` per unit of `from`, as the exact ratio of the two stored rates (12 decimals shown).',
  })
  rate: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'The effective date of the stored rate of `from` used (null when `from` is the corporate currency).',
  })
  effectiveDate: string | null;
}
